import { error } from '@sveltejs/kit';
import { findLaw, loadManifest } from '$lib/client/bank';
import type { PageLoad } from './$types';

// Thousands of articles: rendered in the browser from the cached law file, not prerendered one by one.
export const prerender = false;
export const ssr = false;

export const load: PageLoad = async ({ params, fetch }) => {
	const manifest = await loadManifest(fetch);
	const law = findLaw(manifest, params.law);
	const number = /^\d{1,4}$/.test(params.article) ? Number(params.article) : NaN;
	if (!law) error(404, '没有找到这部法律');
	if (!(number >= 1 && number <= law.articles)) error(404, `${law.short}没有第 ${params.article} 条`);
	return { law, number };
};
