/**
 * Bringing the learner's records in line with a new bank version (docs/QUESTION-BANK.md,
 * "Versions"): a question whose rev changed restarts its scheduling and leaves the 错题本 with a
 * note; a retired question keeps its history but is no longer served. Runs once per version.
 */
import type { QuestionIndex } from '$lib/core/bank-types';
import { startOfDay } from '$lib/core/scheduling';
import type { LearnerDb } from './db';

export const REVISED_NOTICE_KEY = 'revisedFromWrongBook';

export interface ReconcileResult {
	revised: string[];
	retired: string[];
}

export async function reconcileWithBank(db: LearnerDb, index: QuestionIndex, now = Date.now()): Promise<ReconcileResult | null> {
	const done = (await db.kv.get('reconciledBankVersion'))?.value;
	if (done === index.bankVersion) return null;
	const live = new Map<string, number>();
	for (const entry of Object.values(index.laws)) for (const q of entry.questions) live.set(q[0], q[1]);
	const result: ReconcileResult = { revised: [], retired: [] };
	await db.transaction('rw', db.questionStates, db.kv, async () => {
		const leftWrongBook: string[] = [];
		await db.questionStates.toCollection().modify((s) => {
			const rev = live.get(s.questionId);
			if (rev === undefined) {
				// Retired: nothing to review any more; the record stays for history.
				result.retired.push(s.questionId);
				s.due = Number.MAX_SAFE_INTEGER;
				s.inWrong = 0;
			} else if (rev !== s.rev) {
				result.revised.push(s.questionId);
				if (s.inWrong === 1) leftWrongBook.push(s.questionId);
				s.inWrong = 0;
				delete s.card;
				s.due = startOfDay(now); // comes up again today, to be learnt as it now reads
			}
		});
		if (leftWrongBook.length > 0) {
			const before = ((await db.kv.get(REVISED_NOTICE_KEY))?.value as string[] | undefined) ?? [];
			await db.kv.put({ key: REVISED_NOTICE_KEY, value: [...new Set([...before, ...leftWrongBook])] });
		}
		await db.kv.put({ key: 'reconciledBankVersion', value: index.bankVersion });
	});
	return result;
}
