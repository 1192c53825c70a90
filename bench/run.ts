/**
 * `npm run bench` runs every benchmark in order; `npm run bench -- NAME` runs one
 * (size, storage, compiler, load, interaction, prediction, law-search, server-sync, server-reports,
 * lighthouse). `--no-build` measures the existing build/ instead of running `npm run build` first.
 * server-reports needs a 5M-row database cached under /tmp (generated on first use, a few minutes;
 * BENCH_REPORTS=skip leaves it out). Prints the table and writes
 * bench/results/latest.json (a single benchmark replaces only its own figures there). Benchmarks
 * never fail: a missed target is reported, not thrown.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { formatTable, type Figure } from './lib/report';
import { sizeBench } from './size.bench';

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const only = args.find((a) => !a.startsWith('--'));

const BENCHES: Record<string, () => Promise<Figure[]>> = {
	size: () => sizeBench({ build }),
	storage: async () => (await import('./storage.bench')).storageBench(),
	compiler: async () => (await import('./compiler.bench')).compilerBench(),
	load: async () => (await import('./load.bench')).loadBench(),
	interaction: async () => (await import('./interaction.bench')).interactionBench(),
	prediction: async () => (await import('./prediction.bench')).predictionBench(),
	'law-search': async () => (await import('./law-search.runner')).lawSearchBench(),
	'server-sync': async () => (await import('./server-sync.bench')).serverSyncBench(),
	'server-reports': async () => (await import('./server-reports.bench')).serverReportsBench(),
	lighthouse: async () => (await import('./lighthouse.bench')).lighthouseBench()
};

if (only && !BENCHES[only]) {
	console.error(`Unknown benchmark ${only}. One of: ${Object.keys(BENCHES).join(', ')}`);
	process.exit(2);
}

function chromiumVersion(): string {
	try {
		return execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return 'unknown';
	}
}

const started = Date.now();
const figures: Figure[] = [];
const failures: Record<string, string> = {};
for (const [name, run] of Object.entries(BENCHES)) {
	if (only && name !== only) continue;
	const t = Date.now();
	try {
		figures.push(...(await run()));
		console.log(`${name}: done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
	} catch (e) {
		// A broken benchmark is reported and the others still run.
		failures[name] = e instanceof Error ? (e.stack ?? e.message) : String(e);
		console.error(`${name}: failed: ${failures[name]}`);
	}
}

const machine = {
	cpus: cpus().length,
	cpu: cpus()[0]?.model ?? 'unknown',
	memoryGB: Math.round(totalmem() / 2 ** 30),
	arch: arch(),
	node: process.version,
	chromium: chromiumVersion()
};
console.log('');
console.log(formatTable(figures));
const missed = figures.filter((f) => f.met === false);
console.log('');
console.log(missed.length ? `Missed targets: ${missed.map((f) => `${f.bench} ${f.name}`).join('; ')}` : 'Every target met.');
for (const f of figures.filter((f) => f.note)) console.log(`note (${f.bench} ${f.name}): ${f.note}`);
mkdirSync(new URL('results/', import.meta.url), { recursive: true });
const latest = new URL('results/latest.json', import.meta.url);
// One benchmark run alone replaces only its own figures; the others keep theirs, with their date.
const now = new Date().toISOString();
const ran = Object.keys(BENCHES).filter((name) => (!only || name === only) && !failures[name]);
let previous: { figures?: Figure[]; dates?: Record<string, string> } = {};
try {
	previous = JSON.parse(readFileSync(latest, 'utf8'));
} catch {
	// no earlier results
}
const kept = (previous.figures ?? []).filter((f) => !ran.includes(f.bench));
const dates = { ...(previous.dates ?? {}), ...Object.fromEntries(ran.map((b) => [b, now])) };
writeFileSync(
	latest,
	JSON.stringify({ date: now, seconds: Math.round((Date.now() - started) / 1000), machine, only: only ?? null, dates, figures: [...kept, ...figures], failures }, null, '\t') + '\n'
);
console.log(`Wrote bench/results/latest.json (${((Date.now() - started) / 1000).toFixed(0)} s).`);
