import { loadManifest } from '$lib/client/bank';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => ({ manifest: await loadManifest(fetch) });
