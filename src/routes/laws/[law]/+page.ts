import { error } from '@sveltejs/kit';
import { findLaw, loadManifest } from '$lib/client/bank';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch }) => {
	const manifest = await loadManifest(fetch);
	const law = findLaw(manifest, params.law);
	if (!law) error(404, '没有找到这部法律');
	return { law };
};
