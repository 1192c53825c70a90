import { loadManifest } from '$lib/client/bank';
import type { PageLoad } from './$types';

// An attempt exists only in this browser's IndexedDB: rendered in the browser, never prerendered.
export const prerender = false;
export const ssr = false;

export const load: PageLoad = async ({ params, fetch }) => ({ attemptId: params.attemptId, manifest: await loadManifest(fetch) });
