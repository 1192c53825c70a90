/**
 * The long run of issue #12: Chromium SIGKILLed at random moments 30 times in a row on one
 * profile, alternating practice and a mock exam (CHAOS_KILLS changes the count, CHAOS_SEED
 * repeats a run). The short version is in tests/e2e/reliability.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Question } from '../../src/lib/core/bank-types';
import { startServer, type RunningServer } from '../e2e/support/browser';
import { runKillCycles } from './support/kill-cycles';
import { loadBankQuestions, runSeed } from './support/learner-driver';

let server: RunningServer;
let bank: Map<string, Question>;

beforeAll(async () => {
	server = await startServer({}, { buildDir: process.env.RELIABILITY_BUILD_DIR });
	bank = await loadBankQuestions(server.url);
});

afterAll(async () => {
	await server?.stop();
});

it('browser killed 30 times in a row during practice and mock exams: nothing lost or doubled, clock within 2 s', async () => {
	const cycles = Number(process.env.CHAOS_KILLS ?? 30);
	const seed = runSeed();
	const result = await runKillCycles({ serverUrl: server.url, bank, cycles, seed, log: (line) => console.log(line) });
	console.log(`browser-kill result (seed ${seed}): ${JSON.stringify(result)}`);
	expect(result.problems).toEqual([]);
	expect(result.kills).toBe(cycles);
	expect(result.practiceAnswers).toBeGreaterThan(0);
	expect(result.examChanges).toBeGreaterThan(0);
});
