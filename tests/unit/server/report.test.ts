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
