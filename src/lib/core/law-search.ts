/**
 * Full-text search over statute articles, offline and fast enough for every keystroke on an old
 * phone. A character-bigram inverted index narrows the articles down; a substring match on the
 * article's text confirms each candidate. White space is ignored on both sides, as the bank
 * compiler ignores it when it grounds quotes (see text.ts).
 */
import { parseChineseNumber, toChineseNumber } from './chinese-numerals';
import type { Segment } from './highlight';

export interface SearchableArticle {
	number: number;
	label: string;
	paragraphs: readonly string[];
}

export interface SearchableLaw {
	id: string;
	/** Short name shown on each group of results: 行政许可法. */
	short: string;
	articles: readonly SearchableArticle[];
}

interface IndexedArticle {
	law: number;
	article: SearchableArticle;
	/** The article's paragraphs with all white space removed: the text every match runs on. */
	normal: string;
}

export interface LawSearchIndex {
	laws: { id: string; short: string; first: number; end: number }[];
	docs: IndexedArticle[];
	/** Bigram (two UTF-16 code units packed into one number) → ascending article positions. */
	postings: Map<number, number[]>;
}

/** 'article': the article the query names by number; 'phrase': holds the whole query; 'terms': holds every word of it. */
export type HitKind = 'article' | 'phrase' | 'terms';

export interface ArticleHit {
	lawId: string;
	number: number;
	label: string;
	kind: HitKind;
	/** Occurrences of the phrase (or of all words) in the article. */
	count: number;
	/** Matched ranges in the article's white-space-free text, ascending, not overlapping. */
	ranges: [number, number][];
	/** Position in `LawSearchIndex.docs`. */
	doc: number;
}

export interface LawHits {
	lawId: string;
	short: string;
	hits: ArticleHit[];
}

export type SearchOutcome =
	| { kind: 'empty' }
	| { kind: 'too-short' }
	| { kind: 'results'; phrase: string; articleNumber: number | null; groups: LawHits[]; total: number };

// The same characters as text.ts's isWhitespace, as one regular expression: replacing runs is
// several times faster than testing character by character, which matters when building the index.
const WHITESPACE_RUNS = /[\s\u3000\u00a0\ufeff]+/gu;

export function normalizeForSearch(text: string): string {
	return text.replace(WHITESPACE_RUNS, '');
}

const bigramAt = (text: string, i: number) => text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);

export function buildLawSearchIndex(laws: readonly SearchableLaw[]): LawSearchIndex {
	const index: LawSearchIndex = { laws: [], docs: [], postings: new Map() };
	for (const [l, law] of laws.entries()) {
		const first = index.docs.length;
		for (const article of law.articles) {
			const doc = index.docs.length;
			const normal = normalizeForSearch(article.paragraphs.join('\n'));
			index.docs.push({ law: l, article, normal });
			for (let i = 0; i + 1 < normal.length; i++) {
				const key = bigramAt(normal, i);
				const list = index.postings.get(key);
				if (!list) index.postings.set(key, [doc]);
				// Articles are added in order, so a repeat of this article is always the list's last entry.
				else if (list[list.length - 1] !== doc) list.push(doc);
			}
		}
		index.laws.push({ id: law.id, short: law.short, first, end: index.docs.length });
	}
	return index;
}

/** Articles that may hold every string in `needles` (each of two or more characters), within [from, to). */
function candidates(index: LawSearchIndex, needles: string[], from: number, to: number): number[] {
	const lists: number[][] = [];
	for (const needle of needles) {
		for (let i = 0; i + 1 < needle.length; i++) {
			const list = index.postings.get(bigramAt(needle, i));
			if (!list) return [];
			lists.push(list);
		}
	}
	lists.sort((a, b) => a.length - b.length);
	let result = lists[0]!.filter((d) => d >= from && d < to);
	for (const list of lists.slice(1)) {
		if (result.length === 0) break;
		// Both ascending: a merge walk, no hashing.
		const next: number[] = [];
		let j = 0;
		for (const d of result) {
			while (j < list.length && list[j]! < d) j++;
			if (j === list.length) break;
			if (list[j] === d) next.push(d);
		}
		result = next;
	}
	return result;
}

function occurrences(text: string, needle: string, into: [number, number][]): number {
	let count = 0;
	for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
		into.push([at, at + needle.length]);
		count++;
	}
	return count;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
	ranges.sort((a, b) => a[0] - b[0]);
	const out: [number, number][] = [];
	for (const r of ranges) {
		const last = out[out.length - 1];
		if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
		else out.push([r[0], r[1]]);
	}
	return out;
}

const ARTICLE_QUERY = /^(第)?(\d{1,4}|[零〇一二两三四五六七八九十百千]{1,8})(条)?$/u;

/**
 * The article number a query names: 第十二条, 第12条, 第12, 12条, 12. A bare Chinese numeral (十二)
 * is left to the text search, since it is also ordinary text (十二个月).
 */
export function parseArticleQuery(query: string): number | null {
	const m = ARTICLE_QUERY.exec(normalizeForSearch(query));
	if (!m) return null;
	const digits = /^\d+$/.test(m[2]!);
	if (!digits && !m[1] && !m[3]) return null;
	const n = digits ? Number(m[2]) : parseChineseNumber(m[2]!);
	return n !== null && n >= 1 && n <= 9999 ? n : null;
}

const KIND_RANK: Record<HitKind, number> = { article: 0, phrase: 1, terms: 2 };

function compareHits(a: ArticleHit, b: ArticleHit): number {
	return KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.count - a.count || a.number - b.number;
}

/**
 * Searches the index. The query's words (split at white space) must all occur in an article;
 * articles holding them as one phrase (white space removed) rank first, then those holding more
 * occurrences. An article-number query finds that article in each law, then the articles that
 * refer to it (本法第十二条). `law` limits the search to one law.
 */
export function searchLaws(index: LawSearchIndex, query: string, options: { law?: string } = {}): SearchOutcome {
	const words = query.split(WHITESPACE_RUNS).filter((w) => w !== '');
	const phrase = words.join('');
	if (phrase === '') return { kind: 'empty' };
	const laws = options.law === undefined ? index.laws : index.laws.filter((l) => l.id === options.law);
	const from = laws.length === 1 ? laws[0]!.first : 0;
	const to = laws.length === 1 ? laws[0]!.end : laws.length === 0 ? 0 : index.docs.length;

	const hits: ArticleHit[] = [];
	const hitDocs = new Set<number>();
	const articleNumber = parseArticleQuery(phrase);
	let needle = phrase;
	if (articleNumber !== null) {
		for (const law of laws) {
			// Articles are numbered 1, 2, 3… in order (the law parser checks it), so the number is the position.
			const doc: number = law.first + articleNumber - 1;
			const found: IndexedArticle | undefined = index.docs[doc];
			if (doc < law.end && found && found.article.number === articleNumber) {
				hits.push(makeHit(index, doc, 'article', 0, []));
				hitDocs.add(doc);
			}
		}
		needle = `第${toChineseNumber(articleNumber)}条`;
	} else if (phrase.length < 2) {
		return { kind: 'too-short' };
	}

	// Several words of two or more characters: match them apart too. Otherwise the query is one phrase.
	const terms = articleNumber === null && words.length > 1 && words.every((w) => w.length >= 2) ? words : [needle];
	for (const doc of candidates(index, terms, from, to)) {
		if (hitDocs.has(doc)) continue;
		const text = index.docs[doc]!.normal;
		const ranges: [number, number][] = [];
		const phraseCount = occurrences(text, needle, ranges);
		if (phraseCount > 0) {
			hits.push(makeHit(index, doc, 'phrase', phraseCount, ranges));
			continue;
		}
		if (terms.length === 1) continue;
		let count = 0;
		for (const term of terms) {
			const n = occurrences(text, term, ranges);
			if (n === 0) {
				count = 0;
				break;
			}
			count += n;
		}
		if (count > 0) hits.push(makeHit(index, doc, 'terms', count, mergeRanges(ranges)));
	}

	const groups = groupByLaw(index, hits);
	return { kind: 'results', phrase: needle, articleNumber, groups, total: hits.length };
}

function makeHit(index: LawSearchIndex, doc: number, kind: HitKind, count: number, ranges: [number, number][]): ArticleHit {
	const { law, article } = index.docs[doc]!;
	return { lawId: index.laws[law]!.id, number: article.number, label: article.label, kind, count, ranges, doc };
}

function groupByLaw(index: LawSearchIndex, hits: ArticleHit[]): LawHits[] {
	const byLaw = new Map<string, LawHits>();
	for (const law of index.laws) byLaw.set(law.id, { lawId: law.id, short: law.short, hits: [] });
	for (const hit of hits) byLaw.get(hit.lawId)!.hits.push(hit);
	const groups = [...byLaw.values()].filter((g) => g.hits.length > 0);
	for (const g of groups) g.hits.sort(compareHits);
	// Laws with the best kind of hit first (the exact phrase before words found apart); otherwise
	// the bank's order of laws, which puts the exam's core laws first. Array.sort is stable.
	return groups.sort((a, b) => KIND_RANK[a.hits[0]!.kind] - KIND_RANK[b.hits[0]!.kind]);
}

/**
 * A short excerpt of the hit's article around its first match, in the article's own text (white
 * space kept; paragraphs run on, as their full-width punctuation already separates them), with
 * every match inside it marked.
 */
export function hitSnippet(index: LawSearchIndex, hit: ArticleHit, before = 16, length = 60): Segment[] {
	const { article, normal } = index.docs[hit.doc]!;
	const original = article.paragraphs.join('\n');
	// Position in `original` of each character of `normal`.
	const kept = new Uint32Array(normal.length + 1);
	let k = 0;
	for (let i = 0; i < original.length && k < normal.length; i++) if (original[i] === normal[k]) kept[k++] = i;
	kept[normal.length] = original.length;

	const firstMatch = hit.ranges[0];
	let start = firstMatch ? Math.max(0, firstMatch[0] - before) : 0;
	const end = Math.min(normal.length, Math.max(start + length, firstMatch ? firstMatch[1] : 0));
	start = Math.max(0, Math.min(start, end - length));

	// Walk the window in the original text; white space between two segments goes to the unmarked side.
	const segments: Segment[] = [];
	let cursor = kept[start]!;
	const push = (to: number, marked: boolean) => {
		const upTo = marked || to === end ? kept[to - 1]! + 1 : kept[to]!;
		if (upTo > cursor) segments.push({ text: original.slice(cursor, upTo).replace(/\n/g, ''), marked });
		cursor = Math.max(cursor, upTo);
	};
	let at = start;
	for (const [a, b] of hit.ranges) {
		if (b <= at || a >= end) continue;
		if (a > at) push(a, false);
		at = Math.min(b, end);
		push(at, true);
	}
	if (end > at) push(end, false);
	if (start > 0) segments.unshift({ text: '…', marked: false });
	if (end < normal.length) segments.push({ text: '…', marked: false });
	return segments;
}
