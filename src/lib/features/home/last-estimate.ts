/**
 * The last pass estimate shown, kept in localStorage so the home page paints it at once (it is
 * the page's largest element) while the fresh one is computed. No IndexedDB, no Dexie: this module
 * is part of the home page's first-load JavaScript.
 */
import type { Estimate } from '$lib/features/exam/prediction';

const KEY = 'xfkl.last-estimate';

export function lastEstimate(): Estimate | null {
	try {
		return JSON.parse(localStorage.getItem(KEY) ?? 'null') as Estimate | null;
	} catch {
		return null;
	}
}

export function saveEstimate(estimate: Estimate): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(estimate));
	} catch {
		// storage full: the estimate is simply recomputed next time
	}
}
