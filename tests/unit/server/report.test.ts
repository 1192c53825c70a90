import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { makeWorld, bankQuestions, manifest, type World } from './support';
import { unitReport } from '../../../src/lib/server/reports/unit-report';
import { unitReportWorkbook, cadreListWorkbook, safeCell } from '../../../src/lib/server/reports/excel';
import { rangeFromQuery, dayStart } from '../../../src/lib/server/reports/dates';
import { getUnit, createUser } from '../../../src/lib/server/directory';
import { ingestBatch } from '../../../src/lib/server/sync/ingest';
import { weakSpots } from '../../../src/lib/server/reports/weak-spots';
import { itemAnalysis } from '../../../src/lib/server/reports/item-analysis';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

const DAY = 86_400_000;
const now = dayStart('2026-11-27')! + 10 * 3_600_000;
const q = bankQuestions().find((x) => x.type === 'judge')!;

async function seed() {
	const at = now - DAY;
	const attempts = [true, true, false].map((right) => ({ id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: right ? q.answer : !q.answer, correct: right, ms: 1, at, bankVersion: manifest.version, source: 'practice' }));
	await ingestBatch(world.ctx.db, world.ctx.banks, world.users.cadre.id, { attempts, exams: [], reports: [] }, now);
	// Two exams, entered directly: a failed one and then a passed one on the predicting paper.
	for (const [i, score] of [50, 80].entries()) {
		await world.ctx.db.insertInto('exams').values({
			id: randomUUID(), user_id: world.users.cadre.id, paper_id: 'comprehensive', paper_title: '综合模拟卷', bank_version: manifest.version, seed: 1, pass: 60, total: 100,
			duration_ms: 1, started_at: at + i, submitted_at: at + i, submit_reason: 'manual', items: '[]', client_score: score, score, passed: score >= 60 ? 1 : 0, score_mismatch: 0, received_at: now
		}).execute();
	}
	// A cadre who never practised, with a name that looks like a formula.
	await createUser(world.ctx.db, { username: 'idle', displayName: '=HYPERLINK("x")', role: 'cadre', unitId: world.units.village });
}

describe('unit report', () => {
	it('counts activity, mocks, pass rate and the at-risk list for the subtree and range', async () => {
		await seed();
		const town = (await getUnit(world.ctx.db, world.units.town))!;
		const report = await unitReport(world.ctx.db, town, rangeFromQuery(new URLSearchParams('from=2026-11-01&to=2026-11-27'), now), { predictPaper: 'comprehensive', now });
		expect(report.unitName).toBe('青山县 / 城关镇');
		expect(report.summary).toMatchObject({ cadres: 2, active7: 1, answered: 3, mocks: 2, averageScore: 65, bestScore: 80, passRate: 100, tookMock: 1 });
		expect(report.summary.accuracy).toBeCloseTo(66.7);
		const cadre = report.cadres.find((c) => c.id === world.users.cadre.id)!;
		expect(cadre).toMatchObject({ answered: 3, right: 2, mocks: 2, latestMock: { score: 80, passed: true }, unit: '青山县 / 城关镇 / 东风村' });
		expect(report.atRisk.map((c) => c.name)).toEqual(['=HYPERLINK("x")']);
		// Outside the range: nothing counted, but the last activity is still known.
		const later = await unitReport(world.ctx.db, town, rangeFromQuery(new URLSearchParams('from=2026-11-27&to=2026-11-27'), now), { predictPaper: 'comprehensive', now });
		expect(later.summary).toMatchObject({ answered: 0, mocks: 0, passRate: null, active7: 1 });
	});

	it('exports the report and the cadre list with a title row, 序号/姓名/单位 and escaped cells', async () => {
		await seed();
		const town = (await getUnit(world.ctx.db, world.units.town))!;
		const report = await unitReport(world.ctx.db, town, rangeFromQuery(new URLSearchParams('from=2026-11-01&to=2026-11-27'), now), { predictPaper: 'comprehensive', now });
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await unitReportWorkbook(report)) as never);
		const summary = wb.getWorksheet('汇总')!;
		expect(summary.getCell('A1').value).toBe('青山县 / 城关镇学法考练情况汇总表');
		expect(summary.getCell('A2').value).toBe('统计期间：2026年11月1日至2026年11月27日');
		const sheet = wb.getWorksheet('干部明细')!;
		expect(String(sheet.getCell('A1').value)).toContain('2026年11月1日至2026年11月27日');
		expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['序号', '姓名', '单位', '答题数', '平均分', '最高分']));
		const rows = [4, 5].map((r) => sheet.getRow(r));
		const cadreRow = rows.find((r) => r.getCell(2).value === '用户cadre')!;
		expect(cadreRow.getCell(1).value).toBeTypeOf('number');
		expect([cadreRow.getCell(5).value, cadreRow.getCell(7).value, cadreRow.getCell(8).value, cadreRow.getCell(9).value, cadreRow.getCell(10).value, cadreRow.getCell(11).value]).toEqual([3, 2, 65, 80, 80, '合格']);
		const idleRow = rows.find((r) => r !== cadreRow)!;
		expect(idleRow.getCell(2).value).toBe(`'=HYPERLINK("x")`);
		expect(idleRow.getCell(2).formula).toBeUndefined();
		const list = new ExcelJS.Workbook();
		await list.xlsx.load((await cadreListWorkbook(report)) as never);
		expect(list.getWorksheet('干部名单')!.getRow(3).getCell(2).value).toBe('姓名');
	});

	it('escapes every formula-like start', () => {
		expect(['=1', '+1', '-1', '@x', '\tx', 'ok', '张三'].map(safeCell)).toEqual(["'=1", "'+1", "'-1", "'@x", "'\tx", 'ok', '张三']);
	});

	it('reads date ranges in China time and defaults to the last 30 days', () => {
		const r = rangeFromQuery(new URLSearchParams(''), now);
		expect([r.fromDay, r.toDay]).toEqual(['2026-10-29', '2026-11-27']);
		expect(r.to - r.from).toBe(30 * DAY);
		expect(rangeFromQuery(new URLSearchParams('from=2026-02-30&to=2026-11-27'), now).fromDay).toBe('2026-10-29');
		expect(rangeFromQuery(new URLSearchParams('from=2026-11-27&to=2026-11-01'), now).fromDay).toBe('2026-11-01');
	});

	it('finds weak laws, chapters and articles across the subtree only', async () => {
		await seed();
		const bank = world.ctx.banks.get(world.ctx.currentBank!)!;
		const range = rangeFromQuery(new URLSearchParams('from=2026-11-01&to=2026-11-27'), now);
		const town = (await getUnit(world.ctx.db, world.units.town))!;
		const weak = await weakSpots(world.ctx.db, bank, town, range);
		expect(weak.laws).toHaveLength(1);
		expect(weak.laws[0]).toMatchObject({ law: q.law, answered: 3, right: 2, accuracy: 66.7 });
		expect(weak.laws[0]!.chapters.reduce((s, c) => s + c.answered, 0)).toBe(3);
		expect(weak.articles.map((a) => a.article).sort()).toEqual([...q.articles].sort());
		expect(weak.articles[0]!.label).toMatch(/^第.+条$/);
		const other = (await getUnit(world.ctx.db, world.units.otherTown))!;
		expect(await weakSpots(world.ctx.db, bank, other, range)).toEqual({ laws: [], articles: [] });
	});

	it('analyses items: facility, discrimination, the common wrong answer and reports', async () => {
		const bank = world.ctx.banks.get(world.ctx.currentBank!)!;
		const [hard, easy] = bankQuestions().filter((x) => x.type === 'single').slice(0, 2) as [typeof q, typeof q];
		const wrongKey = hard.answer === 'A' ? 'B' : 'A';
		// Six cadres: the three strong ones get the easy question right and the hard one wrong, the weak ones the opposite.
		for (let i = 0; i < 6; i++) {
			const { id } = await createUser(world.ctx.db, { username: `c${i}`, displayName: `干部${i}`, role: 'cadre', unitId: world.units.village, password: 'x1234567' });
			const strong = i < 3;
			const answers = [
				...Array.from({ length: 4 }, () => ({ q: easy, right: strong })),
				{ q: hard, right: !strong }
			];
			const attempts = answers.map((a, k) => ({ id: randomUUID(), questionId: a.q.id, rev: a.q.rev, lawId: a.q.law, response: a.right ? a.q.answer : a.q === hard ? wrongKey : (a.q.answer === 'A' ? 'B' : 'A'), correct: a.right, ms: 1, at: now - DAY + k, bankVersion: manifest.version, source: 'practice' }));
			await ingestBatch(world.ctx.db, world.ctx.banks, id, { attempts, exams: [], reports: [] }, now);
		}
		const range = rangeFromQuery(new URLSearchParams('from=2026-11-01&to=2026-11-27'), now);
		const items = await itemAnalysis(world.ctx.db, bank, (await getUnit(world.ctx.db, world.units.town))!, range);
		const h = items.find((i) => i.questionId === hard.id)!;
		expect(h).toMatchObject({ n: 6, facility: 50, commonWrong: { answer: wrongKey, count: 3 }, flagged: true });
		expect(h.discrimination).toBeLessThan(0);
		// Flagged questions come first.
		expect(items[0]!.flagged).toBe(true);
	});
});

describe('reports at scale', () => {
	// A small deterministic generator, so that a failure can be replayed.
	function random(seed: number) {
		let s = seed;
		return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	}
	const pool = bankQuestions().filter((x) => x.type === 'single' || x.type === 'judge').slice(0, 12);

	/** Random syncs for `cadres`, with resent batches, repeated ids in one batch and answers around China midnight. */
	async function randomSyncs(cadres: number[], rand: () => number) {
		const sent: unknown[] = [];
		for (let b = 0; b < 30; b++) {
			const userId = cadres[Math.floor(rand() * cadres.length)]!;
			const attempts = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => {
				const x = pool[Math.floor(rand() * pool.length)]!;
				const right = rand() < 0.6;
				const wrong = x.type === 'judge' ? !x.answer : x.answer === 'A' ? (rand() < 0.5 ? 'B' : 'C') : 'A';
				// Within a few days of `now`, often a few minutes either side of a China midnight.
				const at = dayStart('2026-11-24')! + Math.floor(rand() * 4) * DAY + Math.floor((rand() - 0.5) * 600_000);
				return { id: randomUUID(), questionId: x.id, rev: x.rev, lawId: x.law, response: right ? x.answer : wrong, correct: right, ms: 1, at, bankVersion: manifest.version, source: 'practice' };
			});
			const resent = sent.filter(() => rand() < 0.1);
			const batch = [...attempts, ...resent, ...(attempts.length > 1 ? [attempts[0]] : [])];
			await ingestBatch(world.ctx.db, world.ctx.banks, userId, { attempts: batch, exams: [], reports: [] }, now);
			sent.push(...attempts);
		}
	}

	async function newCadres(count: number) {
		const ids: number[] = [];
		for (let i = 0; i < count; i++) ids.push((await createUser(world.ctx.db, { username: `r${i}`, displayName: `干部${i}`, role: 'cadre', unitId: i % 2 ? world.units.village : world.units.town, password: 'x1234567' })).id);
		return ids;
	}

	it('keeps the per cadre-day tallies equal to a recount of the attempts after random syncs with duplicates', async () => {
		const cadres = await newCadres(4);
		await randomSyncs(cadres, random(7));
		const db = world.ctx.db;
		const stored = await db.withTables<{ attempt_days: { user_id: number; day: number; answered: number; right: number } }>().selectFrom('attempt_days').select(['user_id', 'day', 'answered', 'right']).where('answered', '>', 0).orderBy('user_id').orderBy('day').execute();
		const all = await db.selectFrom('attempts').select(['user_id', 'at', 'correct']).execute();
		const recount = new Map<string, { user_id: number; day: number; answered: number; right: number }>();
		for (const a of all) {
			const day = Math.floor((a.at + 8 * 3_600_000) / DAY);
			const t = recount.get(`${a.user_id}:${day}`) ?? { user_id: a.user_id, day, answered: 0, right: 0 };
			recount.set(`${a.user_id}:${day}`, t);
			t.answered++;
			t.right += a.correct;
		}
		expect(stored).toEqual([...recount.values()].sort((a, b) => a.user_id - b.user_id || a.day - b.day));
		expect(stored.length).toBeGreaterThan(4);
		// The report's counts from the tallies equal those counted from the attempts.
		const town = (await getUnit(db, world.units.town))!;
		const range = rangeFromQuery(new URLSearchParams('from=2026-11-25&to=2026-11-26'), now);
		const report = await unitReport(db, town, range, { predictPaper: 'comprehensive', now });
		for (const c of report.cadres) {
			const mine = all.filter((a) => a.user_id === c.id && a.at >= range.from && a.at < range.to);
			expect([c.answered, c.right]).toEqual([mine.length, mine.reduce((s, a) => s + a.correct, 0)]);
		}
	});

	it('computes the item analysis as the per-attempt computation did (latest answer per cadre and question)', async () => {
		const cadres = await newCadres(8);
		await randomSyncs(cadres, random(11));
		const bank = world.ctx.banks.get(world.ctx.currentBank!)!;
		const range = rangeFromQuery(new URLSearchParams('from=2026-11-24&to=2026-11-26'), now);
		const rows = await world.ctx.db.selectFrom('attempts').select(['user_id', 'question_id', 'correct', 'response', 'at']).where('at', '>=', range.from).where('at', '<', range.to).orderBy('at').execute();
		// The reference: the former JavaScript computation over every attempt.
		const latest = new Map<string, (typeof rows)[number]>();
		for (const r of rows) latest.set(`${r.user_id}|${r.question_id}`, r);
		const perUser = new Map<number, { right: number; total: number }>();
		for (const r of latest.values()) {
			const u = perUser.get(r.user_id) ?? { right: 0, total: 0 };
			perUser.set(r.user_id, u);
			u.total++;
			u.right += r.correct;
		}
		const items = await itemAnalysis(world.ctx.db, bank, (await getUnit(world.ctx.db, world.units.county))!, range);
		expect(items.length).toBeGreaterThan(3);
		expect(items.filter((i) => i.discrimination !== null).length).toBeGreaterThan(0);
		for (const item of items) {
			const answers = [...latest.values()].filter((r) => r.question_id === item.questionId);
			const xs = answers.map((a) => a.correct);
			const ys = answers.map((a) => {
				const u = perUser.get(a.user_id)!;
				return u.total > 1 ? (u.right - a.correct) / (u.total - 1) : 0;
			});
			const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
			const [mx, my] = [mean(xs), mean(ys)];
			const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
			const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
			const syy = ys.reduce((s, y) => s + (y - my) ** 2, 0);
			const r = answers.length < 5 || sxx === 0 || syy === 0 ? null : Math.round((sxy / Math.sqrt(sxx * syy)) * 100) / 100;
			expect(item.n).toBe(answers.length);
			expect(item.facility).toBe(Math.round((1000 * xs.reduce((s, x) => s + x, 0)) / answers.length) / 10);
			if (r === null) expect(item.discrimination).toBeNull();
			else expect(item.discrimination).toBeCloseTo(r, 2);
			const wrong = answers.filter((a) => !a.correct).length;
			expect(item.commonWrong?.count ?? 0).toBe(wrong === 0 ? 0 : Math.max(...[...new Set(answers.filter((a) => !a.correct).map((a) => a.response))].map((resp) => answers.filter((a) => !a.correct && a.response === resp).length)));
		}
	});

	it('reports on a unit with more cadres than SQLite has parameters (no per-cadre parameters)', async () => {
		const db = world.ctx.db;
		const created = Date.now();
		const rows = Array.from({ length: 33_000 }, (_, i) => ({ username: `bulk${i}`, display_name: `干部${i}`, role: 'cadre' as const, unit_id: world.units.village, password_hash: 'x', must_change_password: 0, disabled: 0, created_at: created }));
		for (let i = 0; i < rows.length; i += 2000) await db.insertInto('users').values(rows.slice(i, i + 2000)).execute();
		await seed();
		const town = (await getUnit(db, world.units.town))!;
		const report = await unitReport(db, town, rangeFromQuery(new URLSearchParams('from=2026-11-01&to=2026-11-27'), now), { predictPaper: 'comprehensive', now });
		expect(report.cadres).toHaveLength(33_002);
		expect(report.summary).toMatchObject({ answered: 3, mocks: 2 });
		const { cadrePage } = await import('../../../src/lib/server/reports/cadre-page');
		const page = cadrePage(report.cadres, new URLSearchParams('sort=accuracy&page=331'));
		expect(page).toMatchObject({ page: 331, pages: 331, total: 33_002 });
		expect(page.rows.map((r) => r.index)).toEqual([33_001, 33_002]);
		// Weakest first: never answered before anyone with answers; the one who answered is last here.
		expect(page.rows.at(-1)!.id).toBe(world.users.cadre.id);
		expect(cadrePage(report.cadres, new URLSearchParams('page=999&sort=bogus'))).toMatchObject({ page: 331, sort: 'unit' });
	});
});

describe('per unit, day and question tallies', () => {
	it('equal a recount from the attempts after random syncs with duplicates and a cadre moved between units', async () => {
		const db = world.ctx.db;
		const pool = bankQuestions().filter((x) => x.type === 'judge').slice(0, 6);
		let seed = 3;
		const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const units = [world.units.village, world.units.town, world.units.otherTown];
		const cadres: number[] = [];
		for (let i = 0; i < 6; i++) cadres.push((await createUser(db, { username: `t${i}`, displayName: `干部${i}`, role: 'cadre', unitId: units[i % 3]!, password: 'x1234567' })).id);
		const sent: unknown[] = [];
		const sync = async () => {
			for (let b = 0; b < 15; b++) {
				const attempts = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => {
					const x = pool[Math.floor(rand() * pool.length)]!;
					const right = rand() < 0.6;
					const at = dayStart('2026-11-24')! + Math.floor(rand() * 3) * DAY + Math.floor((rand() - 0.5) * 600_000);
					return { id: randomUUID(), questionId: x.id, rev: x.rev, lawId: x.law, response: right ? x.answer : !x.answer, correct: right, ms: 1, at, bankVersion: manifest.version, source: 'practice' };
				});
				const batch = [...attempts, ...sent.filter(() => rand() < 0.1)];
				await ingestBatch(db, world.ctx.banks, cadres[Math.floor(rand() * cadres.length)]!, { attempts: batch, exams: [], reports: [] }, now);
				sent.push(...attempts);
			}
		};
		await sync();
		// Move a village cadre to the other town, and a town cadre down to the village; then sync more.
		await db.updateTable('users').set({ unit_id: world.units.otherTown }).where('id', '=', cadres[0]!).execute();
		await db.updateTable('users').set({ unit_id: world.units.village }).where('id', '=', cadres[1]!).execute();
		await sync();
		const bank = world.ctx.banks.get(world.ctx.currentBank!)!;
		const all = await db.selectFrom('attempts').innerJoin('users', 'users.id', 'attempts.user_id').innerJoin('units', 'units.id', 'users.unit_id').select(['units.path', 'attempts.question_id', 'attempts.correct', 'attempts.at']).where('users.role', '=', 'cadre').execute();
		expect(all.length).toBeGreaterThan(40);
		for (const unitId of [world.units.county, world.units.town, world.units.village, world.units.otherTown]) {
			const unit = (await getUnit(db, unitId))!;
			for (const query of ['from=2026-11-24&to=2026-11-26', 'from=2026-11-25&to=2026-11-25']) {
				const range = rangeFromQuery(new URLSearchParams(query), now);
				const fromTallies = await weakSpots(db, bank, unit, range);
				// The same report with a range that cuts through days by one millisecond at each end reads the attempts.
				const mine = all.filter((a) => a.path.startsWith(unit.path) && a.at >= range.from && a.at < range.to);
				const recount = await weakSpots(db, bank, unit, { from: range.from - 1, to: range.to });
				const edge = all.filter((a) => a.path.startsWith(unit.path) && a.at === range.from - 1).length;
				expect(edge).toBe(0);
				expect(fromTallies).toEqual(recount);
				expect(fromTallies.laws.reduce((s, l) => s + l.answered, 0)).toBe(mine.length);
				expect(fromTallies.laws.reduce((s, l) => s + l.right, 0)).toBe(mine.reduce((s, a) => s + a.correct, 0));
			}
		}
	});
});
