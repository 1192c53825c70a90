/**
 * The long run of issue #12: Chromium SIGKILLed at random moments 30 times in a row on one
 * profile, alternating practice and a mock exam (CHAOS_KILLS changes the count, CHAOS_SEED
 * repeats a run). The short version is in tests/e2e/reliability.test.ts.
 */
import { expect, it } from 'vitest';
import { runKillCycles } from './support/kill-cycles';
import { useLearnerServer } from './support/learner-server';
import { runSeed } from './support/learner-driver';

const app = useLearnerServer();

it('browser killed 30 times in a row during practice and mock exams: nothing lost or doubled, clock within 2 s', async () => {
	const cycles = Number(process.env.CHAOS_KILLS ?? 30);
	const seed = runSeed();
	const result = await runKillCycles({ serverUrl: app.url, bank: app.bank, cycles, seed, log: (line) => console.log(line) });
	console.log(`browser-kill result (seed ${seed}): ${JSON.stringify(result)}`);
	expect(result.problems).toEqual([]);
	expect(result.kills).toBe(cycles);
	expect(result.practiceAnswers).toBeGreaterThan(0);
	expect(result.examChanges).toBeGreaterThan(0);
});
