import { error, json } from '@sveltejs/kit';
import { sequentialOrder } from '$lib/core/practice-order';
import { readBuiltLaw, readBuiltManifest } from '$lib/server/bank-files';
import type { EntryGenerator, RequestHandler } from './$types';

/**
 * The first question of each law's sequential practice, written at build time: the practice page
 * puts it in its prerendered HTML, so a learner on a slow link reads the question while the app's
 * code loads (docs/PERFORMANCE.md). A static file: precached by the service worker like the pages.
 */
export const prerender = true;

export const entries: EntryGenerator = () =>
	readBuiltManifest()
		.laws.filter((l) => l.questions > 0)
		.map((l) => ({ law: l.id }));

export const GET: RequestHandler = ({ params }) => {
	const entry = readBuiltManifest().laws.find((l) => l.id === params.law);
	if (!entry) error(404, 'no such law');
	const first = sequentialOrder(readBuiltLaw(entry.file).questions.filter((q) => !q.retired))[0];
	if (!first) error(404, 'no questions');
	return json(first);
};
