/**
 * What /exam reads from IndexedDB, in one module the page loads after its first paint: the paper
 * list is prerendered, and Dexie and the estimate stay out of the page's first-load JavaScript.
 */
import { learnerDb, type ExamRecord } from '$lib/client/db';
import { ExamRepository } from '$lib/client/exam-repository';
import type { BankManifest } from '$lib/core/bank-types';
import { estimatePass, type Estimate } from './prediction';

/** The learner's attempts, newest first, after handing in any whose time ran out while the app was closed. */
export async function loadExamHistory(): Promise<ExamRecord[]> {
	const repo = new ExamRepository(learnerDb());
	for (const e of await repo.inProgress()) await repo.expireIfDue(e);
	return repo.list();
}

export async function loadEstimate(manifest: BankManifest): Promise<Estimate | null> {
	return estimatePass(manifest).catch(() => null);
}
