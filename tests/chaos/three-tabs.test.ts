/**
 * Two practice tabs and an exam tab on one profile, longer (CHAOS_TAB_ANSWERS per tab, default
 * 60; the exam tab takes CHAOS_TAB_EXAMS exams, default 3). Short version: tests/e2e/reliability.test.ts.
 */
import { expect, it } from 'vitest';
import { useLearnerServer } from './support/learner-server';
import { runSeed } from './support/learner-driver';
import { runThreeTabs } from './support/three-tabs';

const app = useLearnerServer();

it('two practice tabs and an exam tab at once: no lost or double-counted answer, aggregates equal a recomputation', async () => {
	const answersPerTab = Number(process.env.CHAOS_TAB_ANSWERS ?? 60);
	const exams = Number(process.env.CHAOS_TAB_EXAMS ?? 3);
	const seed = runSeed();
	const result = await runThreeTabs({ serverUrl: app.url, bank: app.bank, answersPerTab, exams, seed });
	console.log(`three-tabs result (seed ${seed}): ${JSON.stringify(result)}`);
	expect(result.problems).toEqual([]);
	expect(result.practiceAnswers).toBe(2 * answersPerTab);
});
