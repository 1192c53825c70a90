/**
 * Lighthouse 12 (its Node API, default mobile configuration: Moto G Power emulation, simulated
 * slow 4G and 4x CPU) with Debian's Chromium launched by chrome-launcher with the CI flags, on `/`,
 * `/practice/admin-licensing` and `/exam` of the built app. Scores are medians of RUNS; every failed
 * audit of any run is listed in the note. Baseline: a bare static HTML page of the same language,
 * title and viewport, served by the same server and audited in the same run.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from '../tests/e2e/support/browser';
import { privateBuild, startAppServer } from './lib/app-server';
import { figure, median, type Figure } from './lib/report';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const PAGES = ['/', '/practice/admin-licensing', '/exam'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const TARGETS: Record<(typeof CATEGORIES)[number], number> = { performance: 95, accessibility: 100, 'best-practices': 100 };
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless=new'];

const BARE_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>学法考练</title><meta name="description" content="基准页"></head><body><main><h1>学法考练</h1><p>这是一个没有脚本的静态页面，用作同一次运行中的基准。</p></main></body></html>`;

interface Audit {
	id: string;
	title: string;
	score: number | null;
	scoreDisplayMode: string;
	displayValue?: string;
	details?: { items?: { node?: { snippet?: string; selector?: string; explanation?: string }; issueType?: string; url?: string; subItems?: { items?: { url?: string }[] } }[] };
}

interface RunResult {
	scores: Record<string, number>;
	lcp: number;
	tbt: number;
	failed: string[];
}

async function audit(url: string, port: number): Promise<RunResult> {
	const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
	if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
	const lhr = result.lhr;
	// BENCH_LIGHTHOUSE_DUMP=<folder> keeps each full report (JSON) for a closer look.
	const dump = process.env.BENCH_LIGHTHOUSE_DUMP;
	if (dump) mkdirSync(dump, { recursive: true });
	if (dump) writeFileSync(join(dump, `${new URL(url).pathname.replace(/\W+/g, '_') || 'root'}-${Date.now()}.json`), JSON.stringify(lhr));
	if (lhr.runtimeError) throw new Error(`Lighthouse ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(100 * (lhr.categories[c]?.score ?? 0))]));
	const failed: string[] = [];
	for (const category of CATEGORIES) {
		for (const ref of lhr.categories[category]?.auditRefs ?? []) {
			const a = lhr.audits[ref.id] as Audit | undefined;
			if (!a || a.score === null || a.score >= 0.9 || ['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode)) continue;
			// Performance metrics are in the score already; list the other audits that failed.
			if (ref.group === 'metrics') continue;
			// What failed and where: the element (selector and markup), the issue type or the resource.
			const nodes = (a.details?.items ?? [])
				.map((i) => (i.node ? `${i.node.selector} ${i.node.snippet ?? ''}`.trim() : (i.issueType ?? i.url)))
				.filter(Boolean)
				.slice(0, 3);
			failed.push(`${category}/${a.id} (${a.title}${a.displayValue ? `, ${a.displayValue}` : ''}${nodes.length ? `; ${nodes.join(' | ')}` : ''})`);
		}
	}
	return { scores, lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN, tbt: lhr.audits['total-blocking-time']?.numericValue ?? NaN, failed };
}

export async function lighthouseBench(): Promise<Figure[]> {
	const build = privateBuild('lighthouse');
	writeFileSync(join(build.dir, 'client/bench-bare.html'), BARE_PAGE);
	const dataDir = mkdtempSync(join(tmpdir(), 'xk-bench-lh-'));
	const server = await startAppServer(build.dir, dataDir);
	const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: FLAGS });
	try {
		const runAll = async (path: string) => {
			const runs: RunResult[] = [];
			for (let i = 0; i < RUNS; i++) runs.push(await audit(server.url + path, chrome.port));
			return runs;
		};
		const bare = await runAll('/bench-bare.html');
		const bareScore = (c: string) => median(bare.map((r) => r.scores[c]!));
		const bareLcp = median(bare.map((r) => r.lcp));
		const figures: Figure[] = [];
		for (const path of PAGES) {
			const runs = await runAll(path);
			// Each failed audit once (with the details of the first run it failed in).
			const failed = [...new Map(runs.flatMap((r) => r.failed).map((f) => [f.split(' (')[0], f])).values()];
			for (const c of CATEGORIES) {
				const score = median(runs.map((r) => r.scores[c]!));
				// Scores have an "at least" target; the report's targets are "at most", so met is set here.
				figures.push({
					...figure({ bench: 'lighthouse', name: `${c} score \`${path}\` (target ≥ ${TARGETS[c]}; runs ${runs.map((r) => r.scores[c]).join(', ')})`, value: score, unit: 'pts' as string as Figure['unit'], baseline: { name: 'bare static page', value: bareScore(c) } }),
					met: score >= TARGETS[c],
					...(c === 'performance' && failed.length ? { note: `failed audits: ${failed.join('; ')}` } : {})
				});
			}
			figures.push(
				figure({ bench: 'lighthouse', name: `Lighthouse LCP \`${path}\` (simulated slow 4G, 4x CPU; TBT ${median(runs.map((r) => r.tbt)).toFixed(0)} ms)`, value: median(runs.map((r) => r.lcp)), unit: 'ms', baseline: { name: 'bare static page', value: bareLcp } })
			);
		}
		return figures;
	} finally {
		chrome.kill();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
		build.remove();
	}
}
