/**
 * The 条文 column: 第十二条, 第12条, 12, 《行政许可法》第十二条第一款, 第十二条、第十三条, 第12、13条,
 * 第十二条至第十四条, to article numbers of the law being imported.
 */
import { parseChineseNumber } from '../../src/lib/core/chinese-numerals';

export type ArticleRefResult = { articles: number[] } | { reason: string };

const NUMBER = '[零〇一二两三四五六七八九十百千0-9]+';
const NUMBER_LIST = new RegExp(`第(${NUMBER}(?:[、,，和及]${NUMBER})*)条`, 'g');
const RANGE = new RegExp(`第(${NUMBER})条?[至到~～\\-—]第?(${NUMBER})条`, 'g');
const MAX_RANGE = 20;

function toNumber(text: string): number | null {
	if (/^[0-9]+$/.test(text)) return Number(text);
	return parseChineseNumber(text);
}

/** Law names in 《》 must name this law (its short name or its title, with or without 中华人民共和国). */
function otherLawNamed(text: string, lawNames: readonly string[]): string | null {
	const plain = (s: string) => s.replace(/\s|中华人民共和国/g, '');
	const accepted = new Set(lawNames.map(plain));
	for (const m of text.matchAll(/《([^》]+)》/g)) {
		if (!accepted.has(plain(m[1]!))) return m[1]!;
	}
	return null;
}

/**
 * Article numbers in the order cited, without repeats. `articleCount` is how many articles the
 * law has, so that 第五百条 of an 83-article law is reported rather than imported.
 */
export function parseArticleRefs(raw: string, lawNames: readonly string[], articleCount: number): ArticleRefResult {
	const text = raw.normalize('NFKC').replace(/\s/g, '');
	if (text === '') return { reason: 'no article: the 条文 cell is empty' };
	const other = otherLawNamed(text, lawNames);
	if (other) return { reason: `no article: the 条文 cell cites 《${other}》, not 《${lawNames[0]}》` };

	const found: number[] = [];
	const add = (n: number | null) => {
		if (n !== null && !found.includes(n)) found.push(n);
	};
	let rest = text;
	for (const m of text.matchAll(RANGE)) {
		const from = toNumber(m[1]!);
		const to = toNumber(m[2]!);
		if (from !== null && to !== null && to >= from && to - from <= MAX_RANGE) for (let n = from; n <= to; n++) add(n);
		rest = rest.replace(m[0], '');
	}
	for (const m of rest.matchAll(NUMBER_LIST)) for (const part of m[1]!.split(/[、,，和及]/)) add(toNumber(part));

	// Bare numbers: "12", "12,13", "十二、十三" (nothing else in the cell).
	if (found.length === 0) {
		const bare = text.replace(/《[^》]+》/g, '');
		const parts = bare.split(/[、,，;；和及]+/).filter((p) => p !== '');
		if (parts.length > 0 && parts.every((p) => new RegExp(`^第?${NUMBER}条?$`).test(p))) {
			for (const p of parts) add(toNumber(p.replace(/^第|条$/g, '')));
		}
	}
	if (found.length === 0) return { reason: `no article: cannot read an article number in "${raw.trim()}"` };
	const missing = found.filter((n) => n < 1 || n > articleCount);
	if (missing.length > 0) {
		return { reason: `no article: article ${missing.join('、')} does not exist in 《${lawNames[0]}》 (it has ${articleCount} articles)` };
	}
	return { articles: found };
}
