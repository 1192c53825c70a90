/** Reading and writing the learner's IndexedDB from a test, through the page (real Chromium storage). */
import type { Page } from 'playwright-core';

/** Waits for the app to have created its database, then returns every row of a table. */
export async function readTable<T = unknown>(page: Page, table: string): Promise<T[]> {
	return page.evaluate(
		(name) =>
			new Promise<T[]>((resolve, reject) => {
				const req = indexedDB.open('xuefa-kaolian');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					if (!db.objectStoreNames.contains(name)) {
						db.close();
						resolve([]);
						return;
					}
					const all = db.transaction(name).objectStore(name).getAll();
					all.onsuccess = () => {
						resolve(all.result as T[]);
						db.close();
					};
				};
			}),
		table
	);
}

/** Stores settings the way the settings page does (kv 'settings'); the app must have opened the database. */
export async function putSettings(page: Page, value: Record<string, unknown>): Promise<void> {
	await page.evaluate(
		(v) =>
			new Promise<void>((resolve, reject) => {
				const req = indexedDB.open('xuefa-kaolian');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					const tx = db.transaction('kv', 'readwrite');
					const store = tx.objectStore('kv');
					const get = store.get('settings');
					get.onsuccess = () => store.put({ key: 'settings', value: { ...((get.result as { value?: object } | undefined)?.value ?? {}), ...v } });
					tx.oncomplete = () => {
						db.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		value
	);
}
