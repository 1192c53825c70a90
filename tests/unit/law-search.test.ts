import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BankManifest, CompiledLaw } from '../../src/lib/core/bank-types';
import { articleLabel } from '../../src/lib/core/chinese-numerals';
import {
	buildLawSearchIndex,
	hitSnippet,
	normalizeForSearch,
	parseArticleQuery,
	searchLaws,
	type SearchableLaw,
	type SearchOutcome
} from '../../src/lib/core/law-search';
import { stripWhitespace } from '../../src/lib/core/text';

const law = (id: string, short: string, texts: string[][]): SearchableLaw => ({
	id,
	short,
	articles: texts.map((paragraphs, i) => ({ number: i + 1, label: articleLabel(i + 1), paragraphs }))
});

const licensing = law('admin-licensing', '行政许可法', [
	['为了规范行政许可的设定和实施，制定本法。'],
	['行政机关应当举行听证。', '申请人要求听证的，行政机关应当组织听证。'],
	['听证由行政机关指定的人员主持；程序另行规定。'],
	['行政机关作出决定前，应当告知申请人享有要求听证的权利。听证程序适用本法第二条。'],
	['第 十 二 条　规定的事项，可以设定行政许可。'],
	...Array.from({ length: 7 }, (_, i) => [`第${i + 6}条的正文。`]),
	['可以设定行政许可的事项。']
]);
const penalty = law('admin-penalty', '行政处罚法', [['行政处罚遵循公正、公开的原则。'], ['当事人要求听证的，行政机关应当组织听证。']]);
const index = buildLawSearchIndex([licensing, penalty]);

function results(outcome: SearchOutcome) {
	if (outcome.kind !== 'results') throw new Error(`expected results, got ${outcome.kind}`);
	return outcome;
}
const numbersIn = (outcome: SearchOutcome, lawId: string) => results(outcome).groups.find((g) => g.lawId === lawId)?.hits.map((h) => h.number) ?? [];
const marked = (segments: { text: string; marked: boolean }[]) => segments.filter((s) => s.marked).map((s) => s.text);

describe('law search', () => {
	it('finds a two-character query in every law, grouped by law in the bank\'s order', () => {
		const outcome = results(searchLaws(index, '听证'));
		expect(outcome.groups.map((g) => g.short)).toEqual(['行政许可法', '行政处罚法']);
		expect(numbersIn(outcome, 'admin-licensing').sort()).toEqual([2, 3, 4]);
		expect(numbersIn(outcome, 'admin-penalty')).toEqual([2]);
		expect(outcome.total).toBe(4);
	});

	it('ranks the articles with more occurrences first within a law', () => {
		// Article 2 holds 听证 three times, article 4 twice, article 3 once.
		expect(numbersIn(searchLaws(index, '听证'), 'admin-licensing')).toEqual([2, 4, 3]);
		const hit = results(searchLaws(index, '听证')).groups[0]!.hits[0]!;
		expect(hit.count).toBe(3);
	});

	it('puts articles holding the exact phrase before those holding its words apart', () => {
		const outcome = results(searchLaws(index, '听证 程序'));
		const hits = outcome.groups[0]!.hits;
		// A law whose hits all hold the words apart comes after one with the exact phrase.
		const apart = buildLawSearchIndex([law('a', '甲法', [['程序与听证。']]), law('b', '乙法', [['听证程序。']])]);
		expect(results(searchLaws(apart, '听证 程序')).groups.map((g) => g.short)).toEqual(['乙法', '甲法']);
		expect(hits.map((h) => [h.number, h.kind])).toEqual([
			[4, 'phrase'],
			[3, 'terms']
		]);
		expect(marked(hitSnippet(index, hits[1]!))).toEqual(['听证', '程序']);
	});

	it('ignores white space in the query and in the statute, as the compiler does', () => {
		expect(numbersIn(searchLaws(index, ' 听　证 '), 'admin-licensing')).toEqual([2, 4, 3]);
		// Article 5's text is 第 十 二 条　规定…: found without its spaces, and shown with them.
		const outcome = results(searchLaws(index, '十二条规定'));
		const hit = outcome.groups[0]!.hits[0]!;
		expect(hit.number).toBe(5);
		expect(marked(hitSnippet(index, hit))).toEqual(['十 二 条　规定']);
		const sample = ' a\tb\nc\u3000d\u00a0e\ufeff f\r\n';
		expect(normalizeForSearch(sample)).toBe(stripWhitespace(sample));
	});

	it('reads article numbers as 第十二条, 第12条, 12条 and 12, and leaves a bare 十二 to the text', () => {
		expect(parseArticleQuery('第十二条')).toBe(12);
		expect(parseArticleQuery('第12条')).toBe(12);
		expect(parseArticleQuery('12条')).toBe(12);
		expect(parseArticleQuery(' 1 2 ')).toBe(12);
		expect(parseArticleQuery('第一千二百六十条')).toBe(1260);
		expect(parseArticleQuery('十二')).toBeNull();
		expect(parseArticleQuery('第十二章')).toBeNull();
		expect(parseArticleQuery('0')).toBeNull();
	});

	it('finds the numbered article in each law first, then the articles citing it', () => {
		for (const q of ['第二条', '第2条', '2']) {
			const outcome = results(searchLaws(index, q));
			expect(outcome.articleNumber).toBe(2);
			const group = outcome.groups.find((g) => g.lawId === 'admin-licensing')!;
			expect(group.hits.map((h) => [h.number, h.kind])).toEqual([
				[2, 'article'],
				[4, 'phrase']
			]);
			expect(numbersIn(outcome, 'admin-penalty')).toEqual([2]);
		}
		// With a law filter, only that law (article 5 cites 第 十 二 条); a number beyond the law's end finds nothing there.
		expect(results(searchLaws(index, '12', { law: 'admin-licensing' })).groups.map((g) => g.hits.map((h) => h.number))).toEqual([[12, 5]]);
		expect(results(searchLaws(index, '第12条', { law: 'admin-penalty' })).total).toBe(0);
	});

	it('reports an empty query, a one-character query and a query with no hit', () => {
		expect(searchLaws(index, '  ').kind).toBe('empty');
		expect(searchLaws(index, '听').kind).toBe('too-short');
		const none = results(searchLaws(index, '拍卖'));
		expect(none.total).toBe(0);
		expect(none.groups).toEqual([]);
		// Every bigram present, but never together: the substring check rejects it.
		expect(results(searchLaws(index, '听证机关')).total).toBe(0);
	});

	it('limits the search to one law', () => {
		const outcome = results(searchLaws(index, '听证', { law: 'admin-penalty' }));
		expect(outcome.groups.map((g) => g.lawId)).toEqual(['admin-penalty']);
	});

	it('cuts a snippet around the first hit and marks each hit in it', () => {
		const long = law('x', '长法', [[`${'甲'.repeat(100)}听证${'乙'.repeat(100)}`, `丙听证丁`]]);
		const longIndex = buildLawSearchIndex([long]);
		const hit = results(searchLaws(longIndex, '听证')).groups[0]!.hits[0]!;
		const snippet = hitSnippet(longIndex, hit);
		expect(snippet[0]).toEqual({ text: '…', marked: false });
		expect(snippet.at(-1)).toEqual({ text: '…', marked: false });
		expect(marked(snippet)).toEqual(['听证']);
		expect(snippet.map((s) => s.text).join('')).toBe(`…${'甲'.repeat(16)}听证${'乙'.repeat(42)}…`);
		// Paragraphs run on inside a snippet.
		const short = law('y', '短法', [['甲听证', '乙听证丙']]);
		const shortIndex = buildLawSearchIndex([short]);
		const shortHit = results(searchLaws(shortIndex, '听证')).groups[0]!.hits[0]!;
		expect(hitSnippet(shortIndex, shortHit).map((s) => (s.marked ? `[${s.text}]` : s.text)).join('')).toBe('甲[听证]乙[听证]丙');
	});

	it('agrees with a plain substring scan over the real statutes', () => {
		const root = new URL('../../static/bank/', import.meta.url);
		const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')) as BankManifest;
		const laws = manifest.laws.map((entry) => {
			const compiled = JSON.parse(readFileSync(new URL(entry.file, root), 'utf8')) as CompiledLaw;
			return { id: entry.id, short: entry.short, articles: compiled.structure.articles };
		});
		const real = buildLawSearchIndex(laws);
		for (const q of ['听证', '行政机关', '合同', '撤销', '国家赔偿', '不予受理']) {
			const found = new Set(results(searchLaws(real, q)).groups.flatMap((g) => g.hits.map((h) => `${g.lawId}/${h.number}`)));
			const scanned = new Set(
				laws.flatMap((l) => l.articles.filter((a) => stripWhitespace(a.paragraphs.join('')).includes(q)).map((a) => `${l.id}/${a.number}`))
			);
			expect(found).toEqual(scanned);
		}
	});
});
