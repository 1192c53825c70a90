/** The app's one uploader. The root layout calls startSync() in onMount and shows <SyncConsent />. */
import { learnerDb } from '../db';
import { SyncUploader } from './uploader.svelte';

export const uploader = new SyncUploader(learnerDb);

let stop: (() => void) | null = null;

export function startSync(): () => void {
	stop ??= uploader.start();
	return () => {
		stop?.();
		stop = null;
	};
}

export { SyncUploader } from './uploader.svelte';
