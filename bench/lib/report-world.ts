/**
 * A county-sized database for the report benchmarks: 1 county, 20 towns of 10 villages, 10,000
 * cadres, 5,000,000 attempts over 180 days (inserted in time order, as syncs would deliver them),
 * 20,000 mock exams, 3,000 纠错 reports and a week of predictions per cadre. Written straight with
 * better-sqlite3 after the app's own migrations, then cached under /tmp: generating it takes a few
 * minutes on 2 cores, so later runs reuse it. The cache is keyed by the bank version (attempts
 * must name real questions) and GENERATOR (bump it when this file changes what it writes).
 */
import SQLite from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/lib/core/practice-order';
import { builtBank, insertUnit, insertUser, migrateDataDir, someResponse, type BankQuestion } from './app-server';

const GENERATOR = 1;
const DAY = 86_400_000;
const CST = 8 * 3_600_000;

export interface WorldSize {
	towns: number;
	villagesPerTown: number;
	cadres: number;
	attempts: number;
	days: number;
	exams: number;
	reports: number;
}

export const FULL_SIZE: WorldSize = { towns: 20, villagesPerTown: 10, cadres: 10_000, attempts: 5_000_000, days: 180, exams: 20_000, reports: 3_000 };

export interface WorldMeta {
	generator: number;
	bankVersion: string;
	size: WorldSize;
	/** Start (epoch ms) of the day after the last generated day, China time. */
	end: number;
	countyId: number;
	/** The first town (about a twentieth of the county). */
	townId: number;
	/** Seconds the generation took. */
	seconds: number;
}

/** A valid version-4-shaped UUID from a counter (the sync schema only checks the shape). */
const counterId = (prefix: number, n: number) => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function generate(dataDir: string, buildDir: string, size: WorldSize): Omit<WorldMeta, 'seconds' | 'generator'> {
	const { version, questions } = builtBank(buildDir);
	// Seeded: the same database every time it is generated.
	const random = seededRandom(20261127);
	const sqlite = new SQLite(join(dataDir, 'xuefa.sqlite'));
	// Speed over safety while generating: a crash just means generating again.
	sqlite.pragma('journal_mode = OFF');
	sqlite.pragma('synchronous = OFF');
	sqlite.pragma('cache_size = -1000000');
	const now = Date.now();
	const end = Math.floor((now + CST) / DAY) * DAY - CST + DAY;
	const start = end - size.days * DAY;

	const tree = sqlite.transaction(() => {
		const county = insertUnit(sqlite, '基准县', 'county', null, start);
		const cadres: number[] = [];
		let townId = 0;
		for (let t = 0; t < size.towns; t++) {
			const town = insertUnit(sqlite, `第${t + 1}镇`, 'town', county, start);
			townId ||= town.id;
			const villages = Array.from({ length: size.villagesPerTown }, (_, v) => insertUnit(sqlite, `第${t + 1}镇第${v + 1}村`, 'village', town, start));
			insertUser(sqlite, { username: `sup-${t}`, name: `镇负责人${t}`, role: 'supervisor', unitId: town.id, now: start });
			const perTown = size.cadres / size.towns;
			for (let c = 0; c < perTown; c++) {
				const unit = villages[c % villages.length]!;
				cadres.push(insertUser(sqlite, { username: `c-${t}-${c}`, name: `干部${t}-${c}`, role: 'cadre', unitId: unit.id, now: start }));
			}
		}
		return { county, townId, cadres };
	})();
	const { cadres } = tree;

	// Each cadre has an ability (chance of a right answer) and an activity weight; a tenth never practise.
	const ability = cadres.map(() => 0.5 + 0.4 * random());
	const activity = cadres.map((_, i) => (i % 10 === 9 ? 0 : 0.2 + random() * random() * 3));
	const cumulative: number[] = [];
	activity.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
	const totalWeight = cumulative[cumulative.length - 1]!;
	const pickCadre = () => {
		const x = random() * totalWeight;
		let lo = 0;
		let hi = cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid]! < x) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	};

	// Secondary indexes are dropped while inserting and recreated from their own SQL afterwards.
	const indexes = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attempts' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
	for (const ix of indexes) sqlite.exec(`DROP INDEX "${ix.name}"`);
	const insert = sqlite.prepare(
		'INSERT INTO attempts (id, user_id, question_id, rev, law_id, response, correct, ms, at, bank_version, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
	);
	// A weekly rhythm and growth over the half year, so recent days are busier, as after a rollout.
	const dayWeights = Array.from({ length: size.days }, (_, d) => (0.5 + d / size.days) * ([0, 6].includes(new Date(start + d * DAY + CST).getUTCDay()) ? 0.5 : 1));
	const weightSum = dayWeights.reduce((s, w) => s + w, 0);
	let n = 0;
	const insertDay = sqlite.transaction((day: number, count: number) => {
		const times = Array.from({ length: count }, () => start + day * DAY + 7 * 3_600_000 + Math.floor(random() * 15 * 3_600_000)).sort((a, b) => a - b);
		for (const at of times) {
			const c = pickCadre();
			const q: BankQuestion = questions[Math.floor(random() * random() * questions.length)]!;
			const right = random() < ability[c]! ? 1 : 0;
			insert.run(counterId(1, n++), cadres[c]!, q.id, q.rev, q.law, JSON.stringify(someResponse(q, right ? 0 : 1 + (n % 3))), right, 3000 + Math.floor(random() * 40_000), at, version, 'practice', at + 60_000);
		}
	});
	let remaining = size.attempts;
	for (let d = 0; d < size.days; d++) {
		const count = d === size.days - 1 ? remaining : Math.round((size.attempts * dayWeights[d]!) / weightSum);
		insertDay(d, Math.min(count, remaining));
		remaining -= Math.min(count, remaining);
	}
	for (const ix of indexes) sqlite.exec(ix.sql);

	const insertExam = sqlite.prepare(
		`INSERT INTO exams (id, user_id, paper_id, paper_title, bank_version, seed, pass, total, duration_ms, started_at, submitted_at, submit_reason, items, client_score, score, passed, score_mismatch, received_at)
		 VALUES (?, ?, ?, '综合模拟卷', ?, ?, 60, 100, ?, ?, ?, 'manual', '[]', ?, ?, ?, 0, ?)`
	);
	const insertReport = sqlite.prepare("INSERT INTO question_reports (id, user_id, question_id, rev, reason, text, at, bank_version, received_at) VALUES (?, ?, ?, ?, 'answer', '答案有误', ?, ?, ?)");
	const insertPrediction = sqlite.prepare('INSERT INTO predictions (user_id, day, computed_at, bank_version, paper_id, probability, expected_score, answered, pool_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
	sqlite.transaction(() => {
		for (let e = 0; e < size.exams; e++) {
			const c = pickCadre();
			const submitted = start + Math.floor(random() * size.days * DAY);
			const score = Math.round(100 * ability[c]! * (0.8 + 0.3 * random()));
			insertExam.run(counterId(2, e), cadres[c]!, 'comprehensive', version, e, 5_400_000, submitted - 5_400_000, submitted, score, score, score >= 60 ? 1 : 0, submitted + 60_000);
		}
		for (let r = 0; r < size.reports; r++) {
			const q = questions[Math.floor(random() * questions.length)]!;
			const at = start + Math.floor(random() * size.days * DAY);
			insertReport.run(counterId(3, r), cadres[pickCadre()]!, q.id, q.rev, at, version, at + 60_000);
		}
		for (let c = 0; c < cadres.length; c++) {
			if (!activity[c]) continue;
			for (let d = 1; d <= 7; d++) {
				const day = new Date(end - d * DAY + CST).toISOString().slice(0, 10);
				// Computed at the end of its day, after that day's last attempt: nothing is stale, so the
				// server's start-up catch-up (hooks.server.ts) finds no work and the timings stay clean.
				insertPrediction.run(cadres[c]!, day, end - (d - 1) * DAY - 1, version, 'comprehensive', ability[c]! * 0.9, 100 * ability[c]!, 400, questions.length);
			}
		}
	})();
	sqlite.exec('ANALYZE');
	sqlite.pragma('journal_mode = WAL');
	sqlite.close();
	return { bankVersion: version, size, end, countyId: tree.county.id, townId: tree.townId };
}

/**
 * The cached database folder (a DATA_DIR) for this bank, generating it first when absent or stale.
 * `cacheDir`: BENCH_REPORTS_DB, else /tmp/xk-bench-reports.
 */
export async function reportWorld(buildDir: string, size: WorldSize = FULL_SIZE, cacheDir = process.env.BENCH_REPORTS_DB || '/tmp/xk-bench-reports'): Promise<{ dataDir: string; meta: WorldMeta; generated: boolean }> {
	const metaFile = join(cacheDir, 'world.json');
	const bankVersion = builtBank(buildDir).version;
	if (existsSync(metaFile)) {
		const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as WorldMeta;
		if (meta.generator === GENERATOR && meta.bankVersion === bankVersion && JSON.stringify(meta.size) === JSON.stringify(size) && existsSync(join(cacheDir, 'data/xuefa.sqlite'))) {
			return { dataDir: join(cacheDir, 'data'), meta, generated: false };
		}
	}
	// Generate into a fresh folder and swap it in whole, so a stopped run never leaves half a cache.
	const staging = `${cacheDir}.partial`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(join(staging, 'data'), { recursive: true });
	const t = performance.now();
	await migrateDataDir(join(staging, 'data'));
	const made = generate(join(staging, 'data'), buildDir, size);
	const meta: WorldMeta = { generator: GENERATOR, ...made, seconds: Math.round((performance.now() - t) / 1000) };
	writeFileSync(join(staging, 'world.json'), JSON.stringify(meta, null, '\t'));
	rmSync(cacheDir, { recursive: true, force: true });
	renameSync(staging, cacheDir);
	return { dataDir: join(cacheDir, 'data'), meta, generated: true };
}
