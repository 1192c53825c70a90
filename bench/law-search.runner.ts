/**
 * Runs bench/law-search.bench.ts (written separately, a script that prints its own table) as a
 * child process and turns its verdict line into a figure for the common table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { figure, type Figure } from './lib/report';

const script = new URL('./law-search.bench.ts', import.meta.url).pathname;

export async function lawSearchBench(): Promise<Figure[]> {
	if (!existsSync(script)) throw new Error('bench/law-search.bench.ts does not exist yet');
	const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', cwd: new URL('../', import.meta.url).pathname });
	console.log(out.trimEnd());
	const ms = (s: string | undefined) => (s === undefined ? NaN : s.endsWith('µs') ? parseFloat(s) / 1000 : parseFloat(s));
	const slowest = /slowest query ([\d.]+ (?:ms|µs)) at 4x/.exec(out)?.[1];
	const scan = /baseline: includes\(\) scan\s*\|[^|]*\|\s*([\d.]+ (?:ms|µs))/.exec(out)?.[1];
	const typical = /index: results \+ snippets\s*\|[^|]*\|\s*([\d.]+ (?:ms|µs))/.exec(out)?.[1];
	return [
		figure({ bench: 'law-search', name: 'query over 9 statutes, median (Chromium 4x)', value: ms(typical), unit: 'ms', baseline: { name: 'includes() scan', value: ms(scan) } }),
		figure({ bench: 'law-search', name: 'slowest query (Chromium 4x)', value: ms(slowest), unit: 'ms', baseline: { name: 'includes() scan', value: ms(scan) }, target: 50 })
	];
}
