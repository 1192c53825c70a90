/**
 * What every page does once the app starts in the browser, loaded after the first paint so that
 * Dexie and the settings schema stay out of every page's first-load JavaScript.
 */
import type { BankManifest } from '$lib/core/bank-types';
import { reconcileWithBank } from './bank-update';
import { learnerDb } from './db';
import { loadQuestionIndex } from './question-index';
import { settings } from './settings.svelte';
import { checkStorage, type StorageProblem } from './storage';

export async function startApp(manifest: Promise<BankManifest>): Promise<StorageProblem> {
	void settings.load();
	const problem = await checkStorage();
	if (problem) return problem;
	// Once per bank version: revised questions restart, retired ones stop being served.
	const m = await manifest.catch(() => null);
	if (m) await reconcileWithBank(learnerDb(), await loadQuestionIndex(m)).catch(() => undefined);
	return null;
}
