import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { findLaw, loadManifest } from '$lib/client/bank';
import { markPreview } from '$lib/client/practice-preview';
import type { Question } from '$lib/core/bank-types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, url }) => {
	const manifest = await loadManifest(fetch);
	const law = findLaw(manifest, params.law);
	if (!law || law.questions === 0) error(404, '没有找到这部法律的题目');
	// The query exists only in the browser (the page is prerendered without one).
	if (browser) markPreview(law.id, url.search);
	// Small and precached; in the prerendered HTML it is inlined, so the first paint has a question.
	const first = await fetch(`/practice/${law.id}/first.json`)
		.then((r) => (r.ok ? (r.json() as Promise<Question>) : null))
		.catch(() => null);
	return { manifest, law, first };
};
