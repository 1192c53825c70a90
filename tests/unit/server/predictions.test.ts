/**
 * Predicted pass on the server: the same figures as a direct predictPass call on the cadre's
 * synced answers, one row per cadre per China-time day, recomputed after syncs off the request
 * path and at start for stale cadres; and the unit overview and Excel built on them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { makeWorld, bankQuestions, manifest, fakeEvent, type World } from './support';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { predictPass, type QuestionRecord } from '../../../src/lib/core/pass-prediction';
import { poolFromIndex } from '../../../src/lib/core/question-pool';
import { PredictionQueue, predictionQueue, queueStalePredictions } from '../../../src/lib/server/predictions/queue';
import { ENOUGH_ANSWERED, recomputePrediction, staleCadres } from '../../../src/lib/server/predictions/compute';
import { ingestBatch } from '../../../src/lib/server/sync/ingest';
import { unitReport } from '../../../src/lib/server/reports/unit-report';
import { unitReportWorkbook } from '../../../src/lib/server/reports/excel';
import { rangeFromQuery, dayStart } from '../../../src/lib/server/reports/dates';
import { getUnit } from '../../../src/lib/server/directory';
import type { Question } from '../../../src/lib/core/bank-types';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

const paper = manifest.papers.find((p) => p.predict)!;
const inPaper = bankQuestions().filter((q) => q.law in paper.laws && paper.sections.some((s) => s.type === q.type));
const DAY = 86_400_000;

function attempt(q: Question, right: boolean, at = Date.now()) {
	const wrong = q.type === 'judge' ? !q.answer : q.type === 'single' ? (q.answer === 'A' ? 'B' : 'A') : ['A', 'B', 'C', 'D'].filter((k) => !(q.answer as string[]).includes(k)).slice(0, 1);
	return { id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: right ? q.answer : wrong, correct: right, ms: 900, at, bankVersion: manifest.version, source: 'practice' };
}

async function sync(user: SessionUser, attempts: unknown[]) {
	const res = await syncPost(fakeEvent(user, '/api/sync', { method: 'POST', body: JSON.stringify({ attempts, exams: [], reports: [] }), headers: { 'content-type': 'application/json' } }) as never);
	expect(res.status).toBe(200);
}

/** What the phone would compute from these answers: the same model, fed directly. */
function direct(answers: { q: Question; right: boolean }[]) {
	const records = new Map<string, QuestionRecord>();
	for (const { q, right } of answers) {
		const r = records.get(q.id) ?? { seen: 0, right: 0 };
		records.set(q.id, { seen: r.seen + 1, right: r.right + (right ? 1 : 0) });
	}
	const bank = world.ctx.banks.get(world.ctx.currentBank!)!;
	return predictPass(paper, poolFromIndex(bank.index), records);
}

const rows = (userId: number) => world.ctx.db.selectFrom('predictions').selectAll().where('user_id', '=', userId).execute();

describe('predictions', () => {
	it('after a sync, stores exactly what predictPass gives for the synced answers', async () => {
		const answers = inPaper.slice(0, 6).map((q, i) => ({ q, right: i % 3 !== 0 }));
		answers.push({ q: inPaper[0]!, right: true }); // a question answered twice
		await sync(world.users.cadre.user, answers.map((a) => attempt(a.q, a.right)));
		// Off the request path: nothing is computed before the queue runs.
		expect(await rows(world.users.cadre.id)).toEqual([]);
		await predictionQueue(world.ctx).idle();
		const expected = direct(answers);
		const [row] = await rows(world.users.cadre.id);
		expect(row).toMatchObject({ paper_id: paper.id, bank_version: manifest.version, answered: 6, pool_size: inPaper.length });
		expect(row!.probability).toBe(expected.probability);
		expect(row!.expected_score).toBe(expected.expectedScore);
		expect(expected.basis.answered).toBe(6);
	});

	it('a second sync the same day replaces the row; another day adds one', async () => {
		const first = inPaper.slice(0, 3).map((q) => ({ q, right: false }));
		await sync(world.users.cadre.user, first.map((a) => attempt(a.q, a.right)));
		await predictionQueue(world.ctx).idle();
		const before = (await rows(world.users.cadre.id))[0]!;
		const second = inPaper.slice(3, 30).map((q) => ({ q, right: true }));
		await sync(world.users.cadre.user, second.map((a) => attempt(a.q, a.right)));
		await predictionQueue(world.ctx).idle();
		const after = await rows(world.users.cadre.id);
		expect(after).toHaveLength(1);
		expect(after[0]!.day).toBe(before.day);
		expect(after[0]!.answered).toBe(30);
		expect(after[0]!.probability).toBe(direct([...first, ...second]).probability);
		expect(after[0]!.probability).toBeGreaterThan(before.probability);
		await recomputePrediction(world.ctx, world.users.cadre.id, Date.now() + DAY);
		expect(await rows(world.users.cadre.id)).toHaveLength(2);
	});

	it('coalesces many syncs of one cadre into one computation, and ignores batches without new answers', async () => {
		for (let i = 0; i < 5; i++) await sync(world.users.cadre.user, [attempt(inPaper[i]!, true)]);
		await sync(world.users.otherCadre.user, []);
		expect(predictionQueue(world.ctx).size).toBe(1);
		await predictionQueue(world.ctx).idle();
		expect((await rows(world.users.cadre.id))[0]!.answered).toBe(5);
		expect(await rows(world.users.otherCadre.id)).toEqual([]);
	});

	it('waits while syncs keep coming, but not longer than its limit', async () => {
		const db = world.ctx.db;
		await ingestBatch(db, world.ctx.banks, world.users.cadre.id, { attempts: [attempt(inPaper[0]!, true)], exams: [], reports: [] });
		await ingestBatch(db, world.ctx.banks, world.users.otherCadre.id, { attempts: [attempt(inPaper[1]!, true)], exams: [], reports: [] });
		const queue = new PredictionQueue(world.ctx, { quietMs: 150, maxDeferMs: 1000, busyGapMs: 10 });
		const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
		const start = Date.now();
		// Another sync every 50 ms: quiet never comes, so the queue waits for its 1 s limit.
		while (Date.now() - start < 700) {
			queue.request(world.users.cadre.id);
			await sleep(50);
		}
		expect(await rows(world.users.cadre.id)).toEqual([]);
		while (Date.now() - start < 1600) {
			queue.request(world.users.otherCadre.id);
			await sleep(50);
		}
		expect(await rows(world.users.cadre.id)).toHaveLength(1);
		// Quiet again: the rest follows shortly.
		await sleep(400);
		expect(await rows(world.users.otherCadre.id)).toHaveLength(1);
		expect(queue.size).toBe(0);
	});

	it('at start, recomputes cadres whose newest attempt is newer than their newest prediction', async () => {
		const db = world.ctx.db;
		const t0 = Date.now() - 3 * DAY;
		// Stored straight into the database (as before a restart): no queue saw these.
		await ingestBatch(db, world.ctx.banks, world.users.cadre.id, { attempts: [attempt(inPaper[0]!, true, t0)], exams: [], reports: [] }, t0);
		await ingestBatch(db, world.ctx.banks, world.users.otherCadre.id, { attempts: [attempt(inPaper[1]!, true, t0)], exams: [], reports: [] }, t0);
		// The other cadre's prediction is newer than their answers; the cadre's is older than a later batch.
		await recomputePrediction(world.ctx, world.users.otherCadre.id, t0 + 1000);
		await recomputePrediction(world.ctx, world.users.cadre.id, t0 + 1000);
		await ingestBatch(db, world.ctx.banks, world.users.cadre.id, { attempts: [attempt(inPaper[2]!, false, t0 + DAY)], exams: [], reports: [] }, t0 + DAY);
		expect(await staleCadres(world.ctx)).toEqual([world.users.cadre.id]);
		expect(await queueStalePredictions(world.ctx)).toBe(1);
		await predictionQueue(world.ctx).idle();
		const latest = (await rows(world.users.cadre.id)).sort((a, b) => b.computed_at - a.computed_at)[0]!;
		expect(latest.answered).toBe(2);
		expect(await staleCadres(world.ctx)).toEqual([]);
		// A prediction made on another bank version is stale too.
		await db.updateTable('predictions').set({ bank_version: '0.0.1' }).where('user_id', '=', world.users.otherCadre.id).execute();
		expect(await staleCadres(world.ctx)).toEqual([world.users.otherCadre.id]);
	});
});

describe('unit overview with predictions', () => {
	const now = dayStart('2026-11-27')! + 10 * 3_600_000;

	it('averages the cadres with enough answers, shows the rest as unknown, and lists the at-risk with reasons', async () => {
		const db = world.ctx.db;
		// The cadre answered ENOUGH_ANSWERED questions, all wrong: predicted well below 50%.
		const answers = inPaper.slice(0, ENOUGH_ANSWERED).map((q) => attempt(q, false, now - DAY));
		await ingestBatch(db, world.ctx.banks, world.users.cadre.id, { attempts: answers, exams: [], reports: [] }, now);
		const cadreRow = await recomputePrediction(world.ctx, world.users.cadre.id, now);
		// A second cadre in the town with too few answers: 未知, and inactive for 20 days.
		const few = await db.insertInto('users').values({ username: 'few', display_name: '少答', staff_no: null, role: 'cadre', unit_id: world.units.town, password_hash: 'x', must_change_password: 0, disabled: 0, created_at: now, last_login_at: null }).returning('id').executeTakeFirstOrThrow();
		await ingestBatch(db, world.ctx.banks, few.id, { attempts: [attempt(inPaper[0]!, true, now - 20 * DAY)], exams: [], reports: [] }, now);
		await recomputePrediction(world.ctx, few.id, now);

		const town = (await getUnit(db, world.units.town))!;
		const report = await unitReport(db, town, rangeFromQuery(new URLSearchParams('from=2026-11-01&to=2026-11-27'), now), { predictPaper: paper.id, now });
		const p = cadreRow!.probability;
		expect(p).toBeLessThan(0.5);
		expect(report.summary).toMatchObject({ predictedKnown: 1, predictedUnknown: 1, predictedPassRate: Math.round(p * 1000) / 10, predictedPassShare: 0 });
		expect(report.atRisk.map((c) => [c.name, c.reasons])).toEqual([
			['少答', ['20 天未练习']],
			['用户cadre', [`预测通过可能 ${Math.round(p * 100)}%`]]
		]);
		// A range that ended before any prediction was made has none.
		const earlier = await unitReport(db, town, rangeFromQuery(new URLSearchParams('from=2026-10-01&to=2026-10-31'), now), { predictPaper: paper.id, now });
		expect(earlier.summary.predictedPassRate).toBeNull();

		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await unitReportWorkbook(report)) as never);
		const summary = wb.getWorksheet('汇总')!;
		const figure = (label: string) => summary.getColumn(1).values.findIndex((v) => v === label);
		expect(summary.getRow(figure('预测通过率(%)')).getCell(2).value).toBe(Math.round(p * 1000) / 10);
		expect(summary.getRow(figure(`预测未知人数(答题不足 ${ENOUGH_ANSWERED} 道)`)).getCell(2).value).toBe(1);
		const risk = wb.getWorksheet('需关注')!;
		expect(risk.getRow(3).values).toEqual([undefined, 1, '少答', '青山县 / 城关镇', '20 天未练习']);
		const cadres = wb.getWorksheet('干部明细')!;
		const header = cadres.getRow(3).values as unknown[];
		const col = header.indexOf('预测通过可能(%)');
		const byName = (name: string) => [4, 5].map((r) => cadres.getRow(r)).find((r) => r.getCell(2).value === name)!;
		expect(byName('用户cadre').getCell(col).value).toBe(Math.round(p * 100));
		expect(byName('少答').getCell(col).value).toBe('未知');
	});
});
