import { readBuiltManifest } from '$lib/server/bank-files';
import type { EntryGenerator } from './$types';

export const entries: EntryGenerator = () => readBuiltManifest().laws.map((l) => ({ law: l.id }));
