import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { reconcileWithBank, REVISED_NOTICE_KEY } from '../../src/lib/client/bank-update';
import { openLearnerDb } from '../../src/lib/client/db';
import { ProgressRepository } from '../../src/lib/client/progress-repository';
import type { QuestionIndex } from '../../src/lib/core/bank-types';

const q = (id: string, rev = 1) => ({ id, rev, law: 'admin-licensing', type: 'judge' as const, answer: true });
const index = (revs: Record<string, number>, version: string): QuestionIndex => ({
	format: 1,
	bankVersion: version,
	laws: { 'admin-licensing': { divisions: [], questions: Object.entries(revs).map(([id, rev]) => [id, rev, 'judge', 1, -1, 0]) } }
});

describe('a new bank version', () => {
	it('restarts revised questions, takes them out of the 错题本 with a note, retires retired ones, keeps every attempt', async () => {
		const db = openLearnerDb('update', { indexedDB: new IDBFactory() });
		const repo = new ProgressRepository(db);
		for (const id of ['kept', 'revised', 'retired']) await repo.recordAnswer({ question: q(id), response: false, ms: 1, bankVersion: '1.0.0', source: 'practice' });
		expect(await reconcileWithBank(db, index({ kept: 1, revised: 1, retired: 1 }, '1.0.0'))).toEqual({ revised: [], retired: [] });
		const now = Date.now();
		const result = await reconcileWithBank(db, index({ kept: 1, revised: 2, added: 1 }, '1.1.0'), now);
		expect(result).toEqual({ revised: ['revised'], retired: ['retired'] });
		const states = new Map((await db.questionStates.toArray()).map((s) => [s.questionId, s]));
		expect(states.get('kept')).toMatchObject({ inWrong: 1 });
		expect(states.get('revised')).toMatchObject({ inWrong: 0, rev: 1 });
		expect(states.get('revised')!.card).toBeUndefined();
		expect(states.get('revised')!.due).toBeLessThanOrEqual(now);
		expect(states.get('retired')).toMatchObject({ inWrong: 0, due: Number.MAX_SAFE_INTEGER });
		expect((await db.kv.get(REVISED_NOTICE_KEY))?.value).toEqual(['revised']);
		expect(await db.attempts.count()).toBe(3);
		// Once per version.
		expect(await reconcileWithBank(db, index({ kept: 1, revised: 2 }, '1.1.0'))).toBeNull();
		// Answering the revised question now starts its record at the new rev.
		await repo.recordAnswer({ question: q('revised', 2), response: true, ms: 1, bankVersion: '1.1.0', source: 'practice' });
		expect(await db.questionStates.get('revised')).toMatchObject({ rev: 2, seen: 1, right: 1 });
	});
});
