/**
 * Storage full, again and again on one profile (CHAOS_QUOTA_ROUNDS, default 20): the quota taken
 * away mid-practice and given back. The short version is in tests/e2e/reliability.test.ts.
 */
import { expect, it } from 'vitest';
import { useLearnerServer } from './support/learner-server';
import { runSeed } from './support/learner-driver';
import { runStorageFull } from './support/storage-full';

const app = useLearnerServer();

it('storage full 20 times: told every time, nothing corrupted, every answer saved by 重新保存 exactly once', async () => {
	const rounds = Number(process.env.CHAOS_QUOTA_ROUNDS ?? 20);
	const seed = runSeed();
	const result = await runStorageFull({ serverUrl: app.url, bank: app.bank, rounds, seed, log: (line) => console.log(line) });
	console.log(`storage-full result (seed ${seed}): ${JSON.stringify(result)}`);
	expect(result.problems).toEqual([]);
	expect(result.rounds).toBe(rounds);
});
