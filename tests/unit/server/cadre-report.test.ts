/** The cadre page's figures: activity by China-time day, mocks as regraded, weak chapters of this cadre only, predictions over time. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeWorld, bankQuestions, manifest, type World } from './support';
import { ingestBatch } from '../../../src/lib/server/sync/ingest';
import { cadreReport, ACTIVITY_DAYS } from '../../../src/lib/server/reports/cadre-report';
import { recomputePrediction } from '../../../src/lib/server/predictions/compute';
import { dayStart } from '../../../src/lib/server/reports/dates';
import type { Question } from '../../../src/lib/core/bank-types';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

const DAY = 86_400_000;
const judges = bankQuestions().filter((q) => q.type === 'judge');
const now = dayStart('2026-11-27')! + 12 * 3_600_000;

const attempt = (q: Question, right: boolean, at: number) => ({
	id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: right ? q.answer : !q.answer, correct: right, ms: 1000, at, bankVersion: manifest.version, source: 'practice'
});

describe('cadre report', () => {
	it('counts answers per China-time day, lists mocks with the mismatch flag, and only this cadre’s weak spots', async () => {
		const { db, banks } = world.ctx;
		const cadre = world.users.cadre.id;
		// 23:30 China time on 11月26日 is 15:30 UTC: it belongs to the 26th, not the 27th.
		const lateEvening = dayStart('2026-11-26')! + 23.5 * 3_600_000;
		const attempts = [attempt(judges[0]!, true, lateEvening), attempt(judges[1]!, false, lateEvening - 3_600_000), attempt(judges[2]!, true, now), attempt(judges[3]!, true, now - 40 * DAY)];
		await ingestBatch(db, banks, cadre, { attempts, exams: [], reports: [] }, now);
		// Another cadre's wrong answers must not show on this page.
		await ingestBatch(db, banks, world.users.otherCadre.id, { attempts: [attempt(judges[0]!, false, now)], exams: [], reports: [] }, now);
		await db.insertInto('exams').values({
			id: randomUUID(), user_id: cadre, paper_id: 'comprehensive', paper_title: '综合模拟卷', bank_version: manifest.version, seed: 1, pass: 60, total: 100,
			duration_ms: 1, started_at: now - 1000, submitted_at: now - 500, submit_reason: 'manual', items: '[]', client_score: 64, score: 58, passed: 0, score_mismatch: 1, received_at: now, assignment_id: null
		}).execute();
		await recomputePrediction(world.ctx, cadre, now - 2 * DAY);
		await recomputePrediction(world.ctx, cadre, now);

		const report = await cadreReport(world.ctx, cadre, now);
		expect(report).toMatchObject({ name: '用户cadre', unit: '青山县 / 城关镇 / 东风村', totals: { answered: 4, right: 3 } });
		expect(report.activity).toHaveLength(ACTIVITY_DAYS);
		expect(report.activity.at(-1)).toEqual({ day: '2026-11-27', answered: 1, right: 1, ms: 1000 });
		expect(report.activity.at(-2)).toEqual({ day: '2026-11-26', answered: 2, right: 1, ms: 2000 });
		expect(report.activity[0]!.day).toBe('2026-10-29');
		expect(report.activity.reduce((s, d) => s + d.answered, 0)).toBe(3); // the one 40 days ago is outside
		expect(report.mocks).toEqual([expect.objectContaining({ title: '综合模拟卷', score: 58, clientScore: 64, passed: false, mismatch: true, assigned: false })]);
		const answeredInWeak = report.weak!.laws.reduce((s, l) => s + l.answered, 0);
		expect(answeredInWeak).toBe(4);
		expect(report.predictions.map((p) => p.day)).toEqual(['2026-11-25', '2026-11-27']);
		expect(report.predictions[1]!.answered).toBe(4);
	});
});
