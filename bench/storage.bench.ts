/**
 * Storage in Chromium, on real IndexedDB through the app's own modules (src/lib/client, bundled
 * with esbuild): one answer written by ProgressRepository.recordAnswer (attempt, outbox row,
 * question state and day aggregate in one transaction) beside a raw single IndexedDB put; the home
 * and /stats data queries with 100,000 stored attempts over 1,800 questions beside a one-row read.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, transform } from 'esbuild';
import { compileModule } from 'svelte/compiler';
import { launchBrowser } from '../tests/e2e/support/browser';
import { figure, type Figure } from './lib/report';
import type { run } from './browser/storage-entry';

type StorageRun = typeof run;

const root = new URL('../', import.meta.url).pathname;

/** Bundles a browser entry file, resolving SvelteKit's $lib alias. */
export async function bundle(entry: string, globalName: string): Promise<string> {
	const out = await build({
		entryPoints: [new URL(entry, import.meta.url).pathname],
		bundle: true,
		format: 'iife',
		globalName,
		write: false,
		target: 'es2022',
		plugins: [
			{
				name: 'sveltekit-lib',
				setup(b) {
					b.onResolve({ filter: /^\$lib\// }, async (args) => b.resolve('./' + args.path.slice(5), { kind: args.kind, resolveDir: root + 'src/lib' }));
					// Rune modules (*.svelte.ts) go through the Svelte compiler, as in the app.
					b.onLoad({ filter: /\.svelte\.ts$/ }, async (args) => {
						const ts = await transform(readFileSync(args.path, 'utf8'), { loader: 'ts', target: 'es2022' });
						return { contents: compileModule(ts.code, { filename: args.path, generate: 'client' }).js.code, loader: 'js', resolveDir: dirname(args.path) };
					});
				}
			}
		]
	});
	return out.outputFiles[0]!.text;
}

export async function storageBench(): Promise<Figure[]> {
	const manifest = JSON.parse(readFileSync(root + 'static/bank/manifest.json', 'utf8'));
	const index = JSON.parse(readFileSync(root + 'static/bank/' + manifest.index, 'utf8'));
	const code = await bundle('./browser/storage-entry.ts', 'StorageBench');
	const browser = await launchBrowser();
	try {
		const page = await browser.newPage();
		// localhost is a secure context with its own IndexedDB; every request is answered here.
		await page.route('http://localhost:9/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>storage bench</title>' }));
		await page.goto('http://localhost:9/');
		await page.addScriptTag({ content: code });
		const r = await page.evaluate(
			(index) => (window as unknown as { StorageBench: { run: StorageRun } }).StorageBench.run(index, { attempts: 100_000, questions: 1800, rounds: 15, writes: 60 }),
			index
		);
		const counts = r.counts;
		const note = `floor: the four records put blind in one raw transaction take ${r.fourPuts.toFixed(2)} ms (${(r.fourPuts / r.rawPut).toFixed(2)}x a put; the answer write is ${(r.write / r.fourPuts).toFixed(2)}x that floor); seeded ${counts.attempts} attempts, ${counts.states} question states, ${counts.days} days in ${(r.seedMs / 1000).toFixed(1)} s`;
		const oneRow = { name: 'one-row read', value: r.oneRow };
		return [
			figure({ bench: 'storage', name: 'record one answer (attempt + aggregates)', value: r.write, unit: 'ms', baseline: { name: 'raw IndexedDB put', value: r.rawPut }, ratioTarget: 2, note }),
			figure({
				bench: 'storage',
				name: 'home data queries, 100k attempts',
				value: r.home,
				unit: 'ms',
				baseline: oneRow,
				target: 50,
				note: 'alone: ' + Object.entries(r.homeParts).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')
			}),
			figure({ bench: 'storage', name: '/stats data queries + tallies, 100k attempts', value: r.stats, unit: 'ms', baseline: oneRow, target: 50 })
		];
	} finally {
		await browser.close();
	}
}
