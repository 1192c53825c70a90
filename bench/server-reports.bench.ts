/**
 * Reports at scale: the built server on a county-sized database (bench/lib/report-world.ts: 10,000
 * cadres, 5,000,000 attempts over 180 days), timing over HTTP as an admin the unit overview
 * (/admin: report and weak spots) and the item analysis (/admin/items) for the county and for one
 * town, over the last 30 days of the data (the page's default range; BENCH_REPORTS_WIDE=1 adds the
 * county over all 180 days). Baseline: GET /api/me in the same run (a session lookup by primary key, the
 * trivial indexed query every request makes). Medians of RUNS after one warm-up request. Also the
 * server's memory under that load.
 *
 * The database is cached under /tmp (BENCH_REPORTS_DB, default /tmp/xk-bench-reports); a run
 * without it generates it first (about 4 minutes). BENCH_REPORTS=skip leaves this benchmark out
 * (for a quick `npm run bench`).
 */
import SQLite from 'better-sqlite3';
import { join } from 'node:path';
import { insertSession, insertUser, migrateDataDir, privateBuild, processMemory, sampleMemory, startAppServer } from './lib/app-server';
import { reportWorld } from './lib/report-world';
import { figure, median, type Figure } from './lib/report';

const RUNS = Number(process.env.BENCH_REPORTS_RUNS ?? 3);
const DAY = 86_400_000;
const CST = 8 * 3_600_000;
const isoDay = (t: number) => new Date(t + CST).toISOString().slice(0, 10);

async function timeGet(url: string, cookie: string, runs: number): Promise<{ median: number; bytes: number }> {
	const once = async () => {
		const t = performance.now();
		const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
		const body = await res.text();
		const ms = performance.now() - t;
		if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
		return { ms, bytes: body.length };
	};
	const first = await once();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) times.push((await once()).ms);
	return { median: median(times), bytes: first.bytes };
}

export async function serverReportsBench(): Promise<Figure[]> {
	if (process.env.BENCH_REPORTS === 'skip') return [];
	const build = privateBuild('server-reports');
	try {
		const world = await reportWorld(build.dir);
		const { meta, dataDir } = world;
		const sqlite = new SQLite(join(dataDir, 'xuefa.sqlite'));
		const adminCookie = insertSession(sqlite, (sqlite.prepare("SELECT id FROM users WHERE username = 'bench-admin'").get() as { id: number } | undefined)?.id ?? insertUser(sqlite, { username: 'bench-admin', name: '管理员', role: 'admin', unitId: null }));
		sqlite.close();
		// A pending migration (a new index) on 5M rows can outlast the server's start-up wait, so the
		// app's migrator runs here first; the server then finds nothing to do.
		const t = performance.now();
		// BENCH_REPORTS_MIGRATE=0: leave migrations to the server (to measure an older build on an older copy).
		if (process.env.BENCH_REPORTS_MIGRATE !== '0') await migrateDataDir(dataDir);
		const migrateSeconds = (performance.now() - t) / 1000;
		const server = await startAppServer(build.dir, dataDir);
		try {
			const idle = processMemory(server.pid);
			const sampler = sampleMemory(server.pid, 100);
			const last30 = `from=${isoDay(meta.end - 30 * DAY)}&to=${isoDay(meta.end - DAY)}`;
			const all = `from=${isoDay(meta.end - meta.size.days * DAY)}&to=${isoDay(meta.end - DAY)}`;
			const me = await timeGet(`${server.url}/api/me`, adminCookie, RUNS * 4);
			const cases = [
				{ name: 'unit overview (/admin), county, 30 days', path: `/admin?unit=${meta.countyId}&${last30}` },
				{ name: 'item analysis (/admin/items), county, 30 days', path: `/admin/items?unit=${meta.countyId}&${last30}` },
				{ name: 'unit overview (/admin), one town, 30 days', path: `/admin?unit=${meta.townId}&${last30}` },
				{ name: 'item analysis (/admin/items), one town, 30 days', path: `/admin/items?unit=${meta.townId}&${last30}` },
				// The whole half year is slow enough to double the benchmark's time: only on request.
				...(process.env.BENCH_REPORTS_WIDE === '1'
					? [
							{ name: 'unit overview (/admin), county, all 180 days', path: `/admin?unit=${meta.countyId}&${all}` },
							{ name: 'item analysis (/admin/items), county, all 180 days', path: `/admin/items?unit=${meta.countyId}&${all}` }
						]
					: [])
			];
			const figures: Figure[] = [];
			for (const c of cases) {
				const r = await timeGet(server.url + c.path, adminCookie, RUNS);
				figures.push(
					figure({ bench: 'server-reports', name: c.name, value: r.median, unit: 'ms', baseline: { name: 'GET /api/me (session by primary key)', value: me.median }, target: 300, note: `${(r.bytes / 1024).toFixed(0)} KB of HTML` })
				);
			}
			const sampled = sampler.stop();
			const mem = processMemory(server.pid);
			figures.push(
				figure({
					bench: 'server-reports',
					name: `server RSS peak while serving the reports (VmHWM; sampled max ${sampled.toFixed(0)} MB, ${mem.rss.toFixed(0)} MB after)`,
					value: mem.peak,
					unit: 'MB',
					baseline: { name: 'idle, after start', value: idle.rss }
				})
			);
			figures.push(
				figure({ bench: 'server-reports', name: 'server start on this database (spawn → first answer; hooks.server.ts init)', value: server.startMs, unit: 'ms', note: 'init queues the stale-prediction catch-up (compute.ts staleCadres) without awaiting it' })
			);
			const gen = world.generated ? `generated in this run in ${meta.seconds} s` : `cached (generated earlier in ${meta.seconds} s)`;
			figures[0]!.note += `; database: ${meta.size.cadres} cadres, ${meta.size.attempts} attempts over ${meta.size.days} days, ${gen}; pending migrations ${migrateSeconds.toFixed(1)} s (a new aggregate table backfills from all attempts); ${RUNS} runs each`;
			return figures;
		} finally {
			await server.stop();
		}
	} finally {
		build.remove();
	}
}
