/** The structure of one statute, as the law parser reads it and the app shows it. */

/** Rank of a division, read from its heading keyword: 编 > 分编 > 章 > 节. */
export type DivisionKind = 'bian' | 'fenbian' | 'zhang' | 'jie' | 'part';

export interface Division {
	/** Index in `LawStructure.divisions`, in reading order. */
	index: number;
	kind: DivisionKind;
	/** Display title with the statute's padding removed: 第一章 总则. */
	title: string;
	/** 1 for the law's top-level divisions (the 编 of the Civil Code, the 章 of other laws). */
	depth: number;
	parent: number | null;
	/** First and last article number inside this division (0 when it holds none). */
	from: number;
	to: number;
}

export interface Article {
	number: number;
	/** 第十二条 */
	label: string;
	/** Paragraphs (款) and items (项), one string each, as in the statute. */
	paragraphs: string[];
	/** Index of the innermost division holding this article, or null before any heading. */
	division: number | null;
}

export interface LawStructure {
	title: string;
	/** Adoption and amendment history lines from the file's header. */
	history: string[];
	/** Text before the first article (序言 of the Constitution, an interpretation's opening). */
	preamble: string[];
	divisions: Division[];
	articles: Article[];
}
