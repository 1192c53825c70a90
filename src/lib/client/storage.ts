/** Storage the learner can trust: persistence, and a clear word when IndexedDB cannot be used. */
import { learnerDb } from './db';

const PERSIST_ASKED = 'xfkl.persist-asked';

/** After the first real answer, ask once that the browser keep our data under storage pressure. */
export async function requestPersistenceOnce(): Promise<void> {
	if (typeof navigator === 'undefined' || !navigator.storage?.persist) return;
	if (localStorage.getItem(PERSIST_ASKED)) return;
	localStorage.setItem(PERSIST_ASKED, '1');
	try {
		await navigator.storage.persist();
	} catch {
		// Some browsers refuse without a prompt; the data is still kept in normal conditions.
	}
}

export type StorageProblem = 'unavailable' | 'outdated' | null;

/** Opens the database; says why not when it cannot be opened (private mode, blocked storage). */
export async function checkStorage(): Promise<StorageProblem> {
	if (typeof indexedDB === 'undefined') return 'unavailable';
	try {
		await learnerDb().open();
		return null;
	} catch (e) {
		const name = (e as Error).name;
		if (name === 'VersionError') return 'outdated';
		return 'unavailable';
	}
}
