/**
 * Short versions of the reliability runs (the long ones: tests/chaos, `npm run test:chaos`):
 * the browser killed mid-practice and mid-exam three times on one profile; storage full while
 * answering; two practice tabs and an exam tab at once. Figures in docs/RELIABILITY.md.
 */
import { describe, expect, it } from 'vitest';
import { runKillCycles } from '../chaos/support/kill-cycles';
import { useLearnerServer } from '../chaos/support/learner-server';
import { runSeed } from '../chaos/support/learner-driver';
import { runStorageFull } from '../chaos/support/storage-full';
import { runThreeTabs } from '../chaos/support/three-tabs';

const app = useLearnerServer();

// One retry: these drive several Chromium processes and kill them; a machine hiccup must not
// turn CI red. A real fault fails both tries, and the long runs (npm run test:chaos) have no retry.
describe('reliability (short runs)', { retry: 1 }, () => {
	it('browser killed 3 times in a row (practice, exam, practice): nothing lost, nothing doubled, the clock right', async () => {
		const seed = runSeed();
		const result = await runKillCycles({ serverUrl: app.url, bank: app.bank, cycles: 3, seed });
		console.log(`kill cycles (seed ${seed}):`, JSON.stringify(result));
		expect(result.problems).toEqual([]);
		expect(result.kills).toBe(3);
		expect(result.clockChecks).toBeGreaterThan(0);
	});

	it('storage full while answering: the learner is told, nothing is corrupted, 重新保存 stores the answer once', async () => {
		const result = await runStorageFull({ serverUrl: app.url, bank: app.bank, rounds: 1, seed: runSeed() });
		console.log('storage full:', JSON.stringify(result));
		expect(result.problems).toEqual([]);
	});

	it('two practice tabs and an exam tab at once: every answer stored once, aggregates equal a recomputation', async () => {
		const result = await runThreeTabs({ serverUrl: app.url, bank: app.bank, answersPerTab: 8, seed: runSeed() });
		console.log('three tabs:', JSON.stringify(result));
		expect(result.problems).toEqual([]);
	});
});
