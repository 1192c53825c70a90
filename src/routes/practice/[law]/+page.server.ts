import { readBuiltManifest } from '$lib/server/bank-files';
import type { EntryGenerator } from './$types';

/** One practice page per law that has questions. */
export const entries: EntryGenerator = () =>
	readBuiltManifest()
		.laws.filter((l) => l.questions > 0)
		.map((l) => ({ law: l.id }));
