import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openLearnerDb, type LearnerDb } from '../../src/lib/client/db';
import { ProgressRepository } from '../../src/lib/client/progress-repository';

// recordAnswer on its own and inside a caller's transaction (an exam being handed in) must store the
// same four records, all or none.
const judge = { id: 'admin-licensing-0101', rev: 1, law: 'admin-licensing', type: 'judge' as const, answer: false };

let db: LearnerDb;
let repo: ProgressRepository;

beforeEach(() => {
	db = openLearnerDb('write-test', { indexedDB: new IDBFactory() });
	repo = new ProgressRepository(db);
});

async function snapshot() {
	return {
		attempts: (await db.attempts.orderBy('at').toArray()).map(({ id: _id, ...rest }) => rest),
		outbox: (await db.outbox.orderBy('createdAt').toArray()).map(({ id: _id, ...rest }) => rest),
		states: await db.questionStates.toArray(),
		days: await db.days.toArray()
	};
}

describe('recordAnswer', () => {
	it('writes the same records directly and inside a caller’s transaction', async () => {
		const answers = [false, true, true, false, true].map((response, i) => ({ question: judge, response, ms: 1000 + i, bankVersion: '1.0.0', source: 'practice' as const, at: 86_400_000 * 3 + i * 1000 }));
		for (const a of answers) await repo.recordAnswer(a);
		const direct = await snapshot();

		db = openLearnerDb('write-test-2', { indexedDB: new IDBFactory() });
		repo = new ProgressRepository(db);
		for (const a of answers) await db.transaction('rw', [db.attempts, db.questionStates, db.days, db.kv, db.outbox], () => repo.recordAnswer(a));
		expect(await snapshot()).toEqual(direct);
		expect(direct.attempts).toHaveLength(5);
		expect(direct.outbox).toHaveLength(5);
		expect(direct.states[0]).toMatchObject({ seen: 5, right: 2, wrong: 3, streak: 0, inWrong: 1 });
		expect(direct.days).toEqual([expect.objectContaining({ answered: 5, right: 2, fresh: 1, ms: 5010 })]);
	});

	it('stores nothing when the attempt id is already stored, and says so with ConstraintError', async () => {
		await repo.recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice', id: 'same' });
		const before = await snapshot();
		const again = repo.recordAnswer({ question: judge, response: true, ms: 1, bankVersion: '1.0.0', source: 'practice', id: 'same' });
		await expect(again).rejects.toMatchObject({ name: 'ConstraintError' });
		expect(await snapshot()).toEqual(before);
	});

	it('follows the graduation setting stored in kv', async () => {
		const wrongThenRight = async () => {
			await repo.recordAnswer({ question: judge, response: true, ms: 1, bankVersion: '1.0.0', source: 'practice' });
			await repo.recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice' });
			return (await db.questionStates.get(judge.id))?.inWrong;
		};
		expect(await wrongThenRight()).toBe(1); // the default: two right answers in a row
		await db.questionStates.clear();
		await db.kv.put({ key: 'settings', value: { wrongGraduation: 1 } });
		expect(await wrongThenRight()).toBe(0);
	});

	it('an answer saved after a newer one (two tabs) leaves the record as if saved in time order', async () => {
		const base = 86_400_000 * 3;
		// The key is 错误 (false): right, wrong, right, wrong, right, right.
		const answers = [false, true, false, true, false, false].map((response, i) => ({ question: judge, response, ms: 1000, bankVersion: '1.0.0', source: 'practice' as const, at: base + i * 1000, id: `a${i}` }));
		for (const a of answers) await repo.recordAnswer(a);
		const inOrder = (await db.questionStates.get(judge.id))!;

		db = openLearnerDb('write-test-3', { indexedDB: new IDBFactory() });
		repo = new ProgressRepository(db);
		// Commit order 0, 2, 1, 5, 3, 4: three answers arrive after a newer one.
		for (const i of [0, 2, 1, 5, 3, 4]) await repo.recordAnswer(answers[i]!);
		const outOfOrder = (await db.questionStates.get(judge.id))!;
		expect(outOfOrder).toEqual(inOrder);
		expect(outOfOrder).toMatchObject({ seen: 6, right: 4, wrong: 2, lastResult: true, lastAt: base + 5000, streak: 2 });
		expect((await db.days.toArray())[0]).toMatchObject({ answered: 6, right: 4, fresh: 1 });
	});
});
