/** Reading and writing the learner's IndexedDB from a test, through the page (real Chromium storage). */
import type { Page } from 'playwright-core';

type Operation = { kind: 'read'; table: string } | { kind: 'put-settings'; value: Record<string, unknown> };

/**
 * One round trip into the page. The database is opened as the app made it, never created: an
 * open without a version creates an empty database when there is none yet, and the app's own
 * first open may still be under way (Chromium can list the database while that creation runs and
 * then roll it back). A test that created an empty version-1 database blocked the app's upgrade
 * and waited forever. So a creation is aborted and the open retried until the app's store is
 * there, for up to 10 s.
 */
function inPage(page: Page, op: Operation): Promise<unknown> {
	return page.evaluate(async (op) => {
		const store = op.kind === 'read' ? op.table : 'kv';
		const deadline = Date.now() + 10_000;
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const attempt = () => {
				const req = indexedDB.open('xuefa-kaolian');
				const retry = (why: string) => (Date.now() > deadline ? reject(new Error(`the learner database never had ${store}: ${why}`)) : setTimeout(attempt, 100));
				req.onupgradeneeded = () => req.transaction!.abort();
				req.onerror = (e) => {
					e.preventDefault();
					retry(String(req.error));
				};
				req.onsuccess = () => {
					const opened = req.result;
					if (opened.objectStoreNames.contains(store)) return resolve(opened);
					opened.close();
					retry('no such store yet');
				};
			};
			attempt();
		});
		try {
			return await new Promise<unknown>((resolve, reject) => {
				if (op.kind === 'read') {
					const all = db.transaction(store).objectStore(store).getAll();
					all.onsuccess = () => resolve(all.result);
					all.onerror = () => reject(all.error);
					return;
				}
				const tx = db.transaction('kv', 'readwrite');
				const kv = tx.objectStore('kv');
				const get = kv.get('settings');
				get.onsuccess = () => kv.put({ key: 'settings', value: { ...((get.result as { value?: object } | undefined)?.value ?? {}), ...op.value } });
				tx.oncomplete = () => resolve(undefined);
				tx.onerror = () => reject(tx.error);
				tx.onabort = () => reject(tx.error ?? new Error('settings write aborted'));
			});
		} finally {
			db.close();
		}
	}, op);
}

/** Waits for the app to have created its database, then returns every row of a table. */
export async function readTable<T = unknown>(page: Page, table: string): Promise<T[]> {
	return (await inPage(page, { kind: 'read', table })) as T[];
}

/** Stores settings the way the settings page does (kv 'settings'), once the app has made its database. */
export async function putSettings(page: Page, value: Record<string, unknown>): Promise<void> {
	await inPage(page, { kind: 'put-settings', value });
}
