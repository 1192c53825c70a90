/**
 * Law search benchmark: the time of one query over all nine statute texts, with the bigram index
 * (results ranked, snippets cut for the hits the page shows) beside a baseline that scans every
 * article with String.prototype.includes. Measured in Node and in Debian's Chromium with the CPU
 * slowed 4x (CDP Emulation.setCPUThrottlingRate), standing in for a mid-range phone. Target:
 * under 50 ms per query on the phone.
 *
 *   npx tsx bench/law-search.bench.ts
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import type { BankManifest, CompiledLaw } from '../src/lib/core/bank-types';
import * as core from '../src/lib/core/law-search';
import { launchBrowser } from '../tests/e2e/support/browser';

const root = new URL('../', import.meta.url);
const bankDir = new URL('static/bank/', root);

const QUERIES = [
	'听证', '行政机关', '合同', '撤销', '国家赔偿', '不予受理', '法定代表人', '诉讼时效', '行政许可的撤销',
	'听证 程序', '第十二条', '12', '人民法院应当', '没有这句话的法条'
];
/** Hits shown per law before "显示其余": the page cuts snippets only for these. */
const SHOWN_PER_LAW = 5;

interface Figures {
	buildMs: number;
	parseMs?: number;
	articles: number;
	characters: number;
	indexMs: number;
	indexSearchOnlyMs: number;
	scanMs: number;
	worstIndexMs: number;
	worstQuery: string;
	hits: Record<string, number>;
}

/**
 * The measurement, as JavaScript source run by `new Function('core', 'input', …)` in Node and in
 * the page alike, so both sides measure the same thing. Browsers coarsen performance.now(), so
 * each figure is a batch of calls (at least 2 ms long) divided by its size; the median of 15
 * batches is kept.
 */
const MEASURE = String.raw`
const now = () => performance.now();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
let parseMs;
let laws = input.laws;
if (input.files) {
	const t = now();
	const parsed = input.files.map((f) => JSON.parse(f));
	parseMs = now() - t;
	laws = parsed.map((c, i) => ({ id: input.ids[i], short: c.law.short, articles: c.structure.articles }));
}
const builds = [];
let index;
for (let i = 0; i < 7; i++) { const t = now(); index = core.buildLawSearchIndex(laws); builds.push(now() - t); }
const texts = index.docs.map((d) => d.normal);
const characters = texts.reduce((n, t) => n + t.length, 0);

function perCall(fn, rounds = 15) {
	// Batches long enough (>= 2 ms) that the timer's coarseness does not matter.
	let batch = 1;
	for (;;) { const t = now(); for (let i = 0; i < batch; i++) fn(); if (now() - t >= 2 || batch >= 8192) break; batch *= 2; }
	const times = [];
	for (let r = 0; r < rounds; r++) { const t = now(); for (let i = 0; i < batch; i++) fn(); times.push((now() - t) / batch); }
	return median(times);
}
function searchAndSnippets(q) {
	const outcome = core.searchLaws(index, q);
	let n = 0;
	if (outcome.kind === 'results') for (const g of outcome.groups) for (const h of g.hits.slice(0, input.shown)) n += core.hitSnippet(index, h).length;
	return n;
}
function scan(q) {
	const needle = q.replace(/[\s\u3000\u00a0\ufeff]+/gu, '');
	const found = [];
	for (let i = 0; i < texts.length; i++) if (texts[i].includes(needle)) found.push(i);
	return found.length;
}
// One pass first, so the first query measured does not pay for the JIT's warm-up.
for (const q of input.queries) { searchAndSnippets(q); scan(q); }
const indexTimes = [], searchOnly = [], scans = [], hits = {};
let worst = 0, worstQuery = '';
for (const q of input.queries) {
	const t = perCall(() => searchAndSnippets(q));
	indexTimes.push(t);
	if (t > worst) { worst = t; worstQuery = q; }
	searchOnly.push(perCall(() => core.searchLaws(index, q)));
	scans.push(perCall(() => scan(q)));
	const outcome = core.searchLaws(index, q);
	hits[q] = outcome.kind === 'results' ? outcome.total : 0;
}
return { buildMs: median(builds), parseMs, articles: texts.length, characters,
	indexMs: median(indexTimes), indexSearchOnlyMs: median(searchOnly), scanMs: median(scans),
	worstIndexMs: worst, worstQuery, hits };
`;

type Run = (core: unknown, input: unknown) => Figures;
const measure = new Function('core', 'input', MEASURE) as Run;

const manifest = JSON.parse(readFileSync(new URL('manifest.json', bankDir), 'utf8')) as BankManifest;
const files = manifest.laws.map((l) => readFileSync(new URL(l.file, bankDir), 'utf8'));
const laws = files.map((f, i) => {
	const compiled = JSON.parse(f) as CompiledLaw;
	return { id: manifest.laws[i]!.id, short: compiled.law.short, articles: compiled.structure.articles };
});

const nodeFigures = measure(core, { laws, queries: QUERIES, shown: SHOWN_PER_LAW });

// The same core, bundled for the page.
const bundle = await build({
	entryPoints: [new URL('src/lib/core/law-search.ts', root).pathname],
	bundle: true,
	format: 'iife',
	globalName: 'LawSearchCore',
	write: false,
	target: 'es2022'
});
const browser = await launchBrowser();
let browserFigures: Figures;
try {
	const page = await browser.newPage();
	await page.setContent('<!doctype html><meta charset="utf-8"><title>bench</title>');
	await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	browserFigures = (await page.evaluate(
		({ src, input }) => new Function('core', 'input', src)((self as unknown as { LawSearchCore: unknown }).LawSearchCore, input),
		{ src: MEASURE, input: { files, ids: manifest.laws.map((l) => l.id), queries: QUERIES, shown: SHOWN_PER_LAW } }
	)) as Figures;
} finally {
	await browser.close();
}

const ms = (x: number | undefined) => (x === undefined ? '-' : x < 1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);
const ratio = (scan: number, index: number) => `${(scan / index).toFixed(1)}x`;
console.log(`Law search over ${nodeFigures.articles} articles, ${nodeFigures.characters} characters (${manifest.laws.length} laws), ${QUERIES.length} queries`);
console.log(`Hits per query: ${QUERIES.map((q) => `${q} ${nodeFigures.hits[q]}`).join(' · ')}`);
console.log('');
console.log(`${'median per query'.padEnd(30)}| ${'Node'.padEnd(18)}| Chromium, CPU 4x slower`);
const row = (label: string, pick: (f: Figures) => string) => console.log(`${label.padEnd(30)}| ${pick(nodeFigures).padEnd(18)}| ${pick(browserFigures)}`);
row('index: results + snippets', (f) => ms(f.indexMs));
row('index: results only', (f) => ms(f.indexSearchOnlyMs));
row('baseline: includes() scan', (f) => ms(f.scanMs));
row('ratio baseline / results only', (f) => ratio(f.scanMs, f.indexSearchOnlyMs));
row('ratio baseline / with snippets', (f) => ratio(f.scanMs, f.indexMs));
row('slowest query (index)', (f) => `${ms(f.worstIndexMs)} ${f.worstQuery}`);
row('build the index (once)', (f) => ms(f.buildMs));
row('parse the 9 law files (once)', (f) => ms(f.parseMs));
console.log('(The baseline finds the matching articles only: no ranking, no snippets.)');
console.log('');
const verdict = browserFigures.worstIndexMs < 50 ? 'meets' : 'MISSES';
console.log(`Target: under 50 ms per query on a mid-range phone: ${verdict} it (slowest query ${ms(browserFigures.worstIndexMs)} at 4x throttling).`);
