import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openLearnerDb, type LearnerDb } from '../../src/lib/client/db';
import { ProgressRepository } from '../../src/lib/client/progress-repository';

const judge = { id: 'admin-licensing-0101', rev: 1, law: 'admin-licensing', type: 'judge' as const, answer: false };
const multiple = { id: 'admin-licensing-0102', rev: 1, law: 'admin-licensing', type: 'multiple' as const, answer: ['A', 'B', 'C', 'D'] as ('A' | 'B' | 'C' | 'D')[] };

let db: LearnerDb;
let repo: ProgressRepository;

beforeEach(() => {
	db = openLearnerDb('test', { indexedDB: new IDBFactory() });
	repo = new ProgressRepository(db);
});

describe('ProgressRepository', () => {
	it('stores each answer as an attempt with everything the server will need', async () => {
		const a = await repo.recordAnswer({ question: judge, response: false, ms: 4321.4, bankVersion: '1.0.0', source: 'practice', at: 1000 });
		expect(a).toMatchObject({ questionId: judge.id, rev: 1, lawId: 'admin-licensing', response: false, correct: true, ms: 4321, at: 1000, bankVersion: '1.0.0', source: 'practice' });
		expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(await db.attempts.get(a.id)).toEqual(a);
	});

	it('keeps the per-question state in step with the attempts', async () => {
		await repo.recordAnswer({ question: multiple, response: ['A', 'B'], ms: 1, bankVersion: '1.0.0', source: 'practice', at: 1 });
		await repo.recordAnswer({ question: multiple, response: ['D', 'C', 'B', 'A'], ms: 1, bankVersion: '1.0.0', source: 'practice', at: 2 });
		await repo.recordAnswer({ question: multiple, response: ['A', 'B', 'C', 'D'], ms: 1, bankVersion: '1.0.0', source: 'practice', at: 3 });
		expect(await db.questionStates.get(multiple.id)).toMatchObject({
			questionId: multiple.id, lawId: 'admin-licensing', rev: 1, seen: 3, right: 2, wrong: 1, lastResult: true, lastAt: 3, streak: 2,
			// Two right answers in a row take it out of the 错题本 (the default graduation count).
			inWrong: 0, lastWrong: ['A', 'B'], wrongChoices: {}
		});
		const attempts = await repo.attemptsFor(multiple.id);
		expect(attempts.map((a) => a.correct)).toEqual([false, true, true]);
	});

	it('keeps a wrong question in the 错题本 until it is answered right as often in a row as the setting says', async () => {
		await db.kv.put({ key: 'settings', value: { wrongGraduation: 3 } });
		await repo.recordAnswer({ question: judge, response: true, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		expect((await repo.wrongBook()).map((s) => s.questionId)).toEqual([judge.id]);
		for (let i = 0; i < 2; i++) await repo.recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		expect(await repo.wrongBook()).toHaveLength(1);
		await repo.recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'exam' });
		expect(await repo.wrongBook()).toHaveLength(0);
		expect((await db.questionStates.get(judge.id))!.wrongChoices).toEqual({ true: 1 });
	});

	it('schedules a review for every answer and keeps daily aggregates', async () => {
		const at = new Date(2026, 10, 27, 10).getTime();
		await repo.recordAnswer({ question: judge, response: false, ms: 4000, bankVersion: '1.0.0', source: 'practice', at });
		await repo.recordAnswer({ question: multiple, response: ['A'], ms: 6000, bankVersion: '1.0.0', source: 'practice', at: at + 1000 });
		await repo.recordAnswer({ question: judge, response: false, ms: 2000, bankVersion: '1.0.0', source: 'practice', at: at + 2000 });
		expect(await db.days.get('2026-11-27')).toEqual({ day: '2026-11-27', answered: 3, right: 2, fresh: 2, ms: 12000 });
		const dueTomorrow = new Date(2026, 10, 28, 23).getTime();
		expect(await repo.dueCount(at)).toBe(0);
		expect((await repo.due(dueTomorrow)).map((s) => s.questionId)).toContain(multiple.id);
	});

	it('writes both records or neither', async () => {
		await repo.recordAnswer({ question: judge, response: true, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		// A second attempt with the same key must fail and leave the state as it was.
		const existing = (await db.attempts.toArray())[0]!;
		const before = await db.questionStates.get(judge.id);
		await expect(
			db.transaction('rw', db.attempts, db.questionStates, async () => {
				await db.questionStates.put({ ...before!, seen: 99 });
				await db.attempts.add(existing);
			})
		).rejects.toThrow();
		expect(await db.questionStates.get(judge.id)).toEqual(before);
		expect(await db.attempts.count()).toBe(1);
	});

	it('starts a revised question again but keeps its old attempts', async () => {
		await repo.recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		await repo.recordAnswer({ question: { ...judge, rev: 2, answer: true }, response: false, ms: 1, bankVersion: '1.1.0', source: 'practice' });
		expect(await db.questionStates.get(judge.id)).toMatchObject({ rev: 2, seen: 1, right: 0, wrong: 1, streak: 0 });
		expect(await db.attempts.count()).toBe(2);
	});

	it('counts progress per law over the live questions at their current rev', async () => {
		await repo.recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		await repo.recordAnswer({ question: multiple, response: ['A'], ms: 1, bankVersion: '1.0.0', source: 'practice' });
		await repo.recordAnswer({ question: { ...judge, id: 'civil-code-0001', law: 'civil-code' }, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		const live = new Map([[judge.id, 1], [multiple.id, 1]]);
		expect(await repo.lawProgress('admin-licensing', live)).toEqual({ lawId: 'admin-licensing', answered: 2, lastRight: 1, attempts: 2, right: 1 });
		// The multiple-choice question was revised: it no longer counts until answered again.
		expect(await repo.lawProgress('admin-licensing', new Map([[judge.id, 1], [multiple.id, 2]]))).toMatchObject({ answered: 1 });
	});

	it('remembers where sequential practice stopped, per law', async () => {
		expect(await repo.getCursor('admin-licensing', 'sequential')).toBeUndefined();
		await repo.setCursor('admin-licensing', 'sequential', judge.id);
		expect(await repo.getCursor('admin-licensing', 'sequential')).toBe(judge.id);
		expect(await repo.getCursor('civil-code', 'sequential')).toBeUndefined();
	});
});

describe('sync outbox', () => {
	it('queues every attempt in the same transaction, once', async () => {
		const a = await repo.recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		const b = await repo.recordAnswer({ question: judge, response: true, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		expect((await db.outbox.toArray()).map((o) => [o.id, o.kind]).sort()).toEqual([[a.id, 'attempt'], [b.id, 'attempt']].sort());
	});
});

describe('exam date', () => {
	it('moves every review scheduled after a newly set exam date to the days before it', async () => {
		const start = new Date(2026, 0, 5, 9).getTime();
		const judges = Array.from({ length: 40 }, (_, i) => ({ ...judge, id: `admin-licensing-${1000 + i}` }));
		// Answered right five times, each when due: FSRS schedules them months ahead.
		for (const q of judges) {
			let at = start;
			for (let k = 0; k < 5; k++) {
				const a = await repo.recordAnswer({ question: q, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice', at });
				at = (await db.questionStates.get(a.questionId))!.due!;
			}
		}
		const now = new Date(2026, 10, 27, 9).getTime();
		const exam = '2026-12-10';
		const later = (await db.questionStates.toArray()).filter((s) => s.due! >= new Date(2026, 11, 10).getTime()).length;
		expect(later).toBeGreaterThan(0);
		expect(await repo.applyExamDate(exam, now)).toBe(later);
		for (const s of await db.questionStates.toArray()) {
			expect(s.due!).toBeLessThan(new Date(2026, 11, 10).getTime());
			expect(s.card!.due).toBe(s.due);
		}
	});
});
