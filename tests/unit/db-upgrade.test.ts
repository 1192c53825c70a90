/**
 * Schema upgrades from every earlier version, with real data: a phone that last opened the app
 * at any earlier version keeps everything when it opens this one.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openLearnerDb } from '../../src/lib/client/db';

/** The stores of each released schema version, as they were (never edit these). */
const HISTORY: Record<number, Record<string, string>> = {
	1: { attempts: 'id, questionId, lawId, at', questionStates: 'questionId, lawId', kv: 'key' },
	2: { exams: 'id, paperId, status, startedAt', examPapers: 'attemptId', examAnswers: '[attemptId+questionId], attemptId' },
	3: { questionStates: 'questionId, lawId, due, inWrong', days: 'day', marks: 'questionId, lawId, favorite', reports: 'id, questionId, at' }
};

function historicalDb(version: number, indexedDB: IDBFactory): Dexie {
	const db = new Dexie('xuefa-kaolian', { indexedDB });
	for (let v = 1; v <= version; v++) db.version(v).stores(HISTORY[v]!);
	return db;
}

const attempt = (id: string, questionId: string, correct: boolean, at: number) => ({
	id, questionId, rev: 1, lawId: 'admin-licensing', response: correct, correct, ms: 3000, at, bankVersion: '1.0.0', source: 'practice'
});

async function seed(db: Dexie, version: number): Promise<void> {
	await db.table('attempts').bulkAdd([attempt('a1', 'q1', false, 1000), attempt('a2', 'q2', true, 2000)]);
	await db.table('questionStates').bulkAdd([
		{ questionId: 'q1', lawId: 'admin-licensing', rev: 1, seen: 1, right: 0, wrong: 1, lastResult: false, lastAt: 1000, streak: 0 },
		{ questionId: 'q2', lawId: 'admin-licensing', rev: 1, seen: 1, right: 1, wrong: 0, lastResult: true, lastAt: 2000, streak: 1 }
	]);
	await db.table('kv').put({ key: 'cursor:admin-licensing:sequential', value: 'q2' });
	if (version >= 2) {
		await db.table('exams').bulkAdd([
			{ id: 'e1', paperId: 'daily', status: 'submitted', startedAt: 3000, submittedAt: 4000, items: [], currentIndex: 0, flags: [] },
			{ id: 'e2', paperId: 'comprehensive', status: 'in-progress', startedAt: 5000, items: [], currentIndex: 3, flags: ['q9'] }
		]);
		await db.table('examAnswers').add({ attemptId: 'e2', questionId: 'q9', response: true, at: 5500 });
	}
	if (version >= 3) {
		await db.table('reports').add({ id: 'r1', questionId: 'q1', rev: 1, reason: '答案有误', text: '', at: 6000, bankVersion: '1.0.0' });
		await db.table('marks').add({ questionId: 'q2', lawId: 'admin-licensing', favorite: 1, note: '记住', updatedAt: 6500 });
	}
}

describe('schema upgrades', () => {
	it.each([1, 2, 3])('from version %i keeps every record and fills in what the new version needs', async (from) => {
		const indexedDB = new IDBFactory();
		const old = historicalDb(from, indexedDB);
		await old.open();
		await seed(old, from);
		old.close();

		const db = openLearnerDb('xuefa-kaolian', { indexedDB });
		await db.open();
		expect(db.verno).toBe(4);
		expect(await db.attempts.count()).toBe(2);
		expect((await db.kv.get('cursor:admin-licensing:sequential'))?.value).toBe('q2');
		const q1 = (await db.questionStates.get('q1'))!;
		if (from < 3) {
			// v3's upgrade: last answered wrong → in the 错题本; every met question due for review.
			expect(q1).toMatchObject({ inWrong: 1, due: 1000, seen: 1 });
			expect(await db.questionStates.get('q2')).toMatchObject({ inWrong: 0, due: 2000 });
		}
		const outbox = (await db.outbox.toArray()).map((o) => `${o.kind}:${o.id}`).sort();
		const expected = ['attempt:a1', 'attempt:a2'];
		if (from >= 2) expected.push('exam:e1'); // the exam in progress is queued when submitted
		if (from >= 3) expected.push('report:r1');
		expect(outbox).toEqual(expected.sort());
		if (from >= 2) {
			expect(await db.exams.get('e2')).toMatchObject({ status: 'in-progress', currentIndex: 3, flags: ['q9'] });
			expect(await db.examAnswers.where('attemptId').equals('e2').count()).toBe(1);
		}
		if (from >= 3) expect(await db.marks.get('q2')).toMatchObject({ favorite: 1, note: '记住' });
		db.close();
	});
});
