import { parseChineseNumber, toChineseNumber } from './chinese-numerals';
import type { Article, Division, DivisionKind, LawStructure } from './law-types';
import { stripWhitespace } from './text';

export class LawParseError extends Error {
	constructor(
		message: string,
		readonly line: number
	) {
		super(`line ${line}: ${message}`);
	}
}

const NUMERAL = '[零〇一二两三四五六七八九十百千]+';
const ARTICLE_LINE = new RegExp(`^第(${NUMERAL})条[ \\u3000]+(.*)$`);
const KEYWORD_HEADING = new RegExp(`^(第${NUMERAL}(分编|编|章|节))\\s*(.*)$`);
const RANK: Record<Exclude<DivisionKind, 'part'>, number> = { bian: 1, fenbian: 2, zhang: 3, jie: 4 };
const KIND_OF: Record<string, Exclude<DivisionKind, 'part'>> = {
	编: 'bian',
	分编: 'fenbian',
	章: 'zhang',
	节: 'jie'
};

interface OpenDivision {
	division: Division;
	rank: number;
}

/**
 * Parses a statute file (see question-bank/laws): a header ending with `<!-- INFO END -->`,
 * then headings and articles. A heading's rank comes from its keyword (编 / 分编 / 章 / 节), not
 * from its number of `#`; a heading without a keyword (附则, 一、受案范围) takes the rank last seen
 * at its `#` depth. Article numbers must run 1, 2, 3 … without gaps.
 */
export function parseLaw(source: string): LawStructure {
	const lines = source.replace(/\r\n?/g, '\n').split('\n');
	const infoEnd = lines.findIndex((l) => l.trim() === '<!-- INFO END -->');
	if (infoEnd < 0) throw new LawParseError('missing the `<!-- INFO END -->` line after the header', 1);

	const titleLine = lines.slice(0, infoEnd).find((l) => l.startsWith('# '));
	if (!titleLine) throw new LawParseError('missing the `# title` line in the header', 1);
	const title = titleLine.slice(2).trim();
	const history = lines
		.slice(0, infoEnd)
		.filter((l) => l.trim() !== '' && !l.startsWith('#'))
		.map((l) => l.trim());

	const divisions: Division[] = [];
	const articles: Article[] = [];
	const rankAtHashDepth = new Map<number, number>();
	const open: OpenDivision[] = [];
	let current: Article | null = null;
	const preamble: string[] = [];

	const closeArticle = () => {
		current = null;
	};

	for (let i = infoEnd + 1; i < lines.length; i++) {
		const raw = lines[i]!;
		const lineNo = i + 1;
		const line = raw.trim();
		if (line === '') continue;

		const heading = /^(#{1,6})\s+(.*)$/.exec(line);
		if (heading) {
			closeArticle();
			const hashes = heading[1]!.length;
			const text = heading[2]!.trim();
			const keyword = KEYWORD_HEADING.exec(text);
			let kind: DivisionKind;
			let rank: number;
			let displayTitle: string;
			if (keyword) {
				kind = KIND_OF[keyword[2]!]!;
				rank = RANK[kind];
				const rest = stripWhitespace(keyword[3] ?? '');
				displayTitle = rest ? `${keyword[1]} ${rest}` : keyword[1]!;
				rankAtHashDepth.set(hashes, rank);
			} else {
				kind = 'part';
				rank = rankAtHashDepth.get(hashes) ?? hashes - 1;
				displayTitle = stripWhitespace(text);
			}
			while (open.length > 0 && open[open.length - 1]!.rank >= rank) open.pop();
			const parent = open.length > 0 ? open[open.length - 1]!.division : null;
			const division: Division = {
				index: divisions.length,
				kind,
				title: displayTitle,
				depth: open.length + 1,
				parent: parent ? parent.index : null,
				from: 0,
				to: 0
			};
			divisions.push(division);
			open.push({ division, rank });
			continue;
		}

		const article = ARTICLE_LINE.exec(line);
		if (article) {
			const number = parseChineseNumber(article[1]!);
			const expected = articles.length + 1;
			if (number !== expected) {
				throw new LawParseError(
					`article 第${article[1]}条 (${number}) where 第${toChineseNumber(expected)}条 (${expected}) was expected`,
					lineNo
				);
			}
			const division = open.length > 0 ? open[open.length - 1]!.division : null;
			current = {
				number,
				label: `第${article[1]}条`,
				paragraphs: [article[2]!.trim()].filter((p) => p !== ''),
				division: division ? division.index : null
			};
			articles.push(current);
			for (const o of open) {
				if (o.division.from === 0) o.division.from = number;
				o.division.to = number;
			}
			continue;
		}

		if (!current) {
			// A preamble (序言, the interpretation's opening sentence) comes before article 1.
			if (articles.length === 0) {
				preamble.push(line);
				continue;
			}
			throw new LawParseError(`text outside any article: ${line.slice(0, 40)}`, lineNo);
		}
		(current as Article).paragraphs.push(line);
	}

	if (articles.length === 0) throw new LawParseError('no articles found', lines.length);
	return { title, history, preamble, divisions, articles };
}

/** The top-level divisions (编 of the Civil Code, 章 of other laws) in order. */
export function topLevelDivisions(law: LawStructure): Division[] {
	return law.divisions.filter((d) => d.parent === null);
}

/** The full text of an article, paragraphs joined by newlines. */
export function articleText(article: Article): string {
	return article.paragraphs.join('\n');
}
