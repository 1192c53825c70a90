/**
 * Two tabs practising the same law and a third taking a mock exam on it, all at once on one
 * profile: every answer stored exactly once and the aggregates equal to a full recomputation.
 * The practice tabs start on the same question, and the exam draws from the same law, so the
 * same questionStates rows are written from three pages at the same moments.
 */
import type { Page } from 'playwright-core';
import type { Question } from '../../../src/lib/core/bank-types';
import { launchPersistent, tempDir } from '../../e2e/support/browser';
import { putSettings } from '../../e2e/support/learner-db';
import { consistencyProblems, examLosses, practiceLosses, readSnapshot } from './integrity';
import {
	answerExam,
	answerPractice,
	examProgress,
	moveExam,
	movePractice,
	openPractice,
	seededRandom,
	startExam,
	submitExam,
	type ExamChange,
	type ExamMove,
	type GivenAnswer
} from './learner-driver';

export interface ThreeTabsOptions {
	serverUrl: string;
	bank: ReadonlyMap<string, Question>;
	/** Answers per practice tab, and exam answers before the exam tab hands in. */
	answersPerTab: number;
	/** Exams taken one after another in the exam tab while the practice tabs go on. */
	exams?: number;
	seed: number;
	lawId?: string;
	paperId?: string;
}

export interface ThreeTabsResult {
	practiceAnswers: number;
	examChanges: number;
	examsSubmitted: number;
	storedAttempts: number;
	problems: string[];
}

/**
 * A page in a window of its own. Tabs made with context.newPage() share one window, and all but
 * the front one are hidden: Chromium then pauses their animation frames, which Playwright's
 * actionability checks wait on (about 2 s per action). A real phone shows one tab at a time, but
 * what matters here is that the three pages write at the same moments, so each gets a window.
 */
async function openWindow(opener: Page): Promise<Page> {
	const [page] = await Promise.all([
		opener.context().waitForEvent('page'),
		opener.evaluate(() => {
			window.open('about:blank', '_blank', 'popup,noopener,width=390,height=844');
		})
	]);
	return page;
}

export async function runThreeTabs(options: ThreeTabsOptions): Promise<ThreeTabsResult> {
	const { serverUrl, bank, answersPerTab, seed } = options;
	const lawId = options.lawId ?? 'admin-licensing';
	const paperId = options.paperId ?? 'admin-licensing';
	const exams = options.exams ?? 1;
	const profile = tempDir('xfkl-chaos-tabs-');
	const context = await launchPersistent(profile.path);
	const given: GivenAnswer[] = [];
	const changes: ExamChange[] = [];
	const moves: ExamMove[] = [];
	let submitted = 0;
	try {
		const first: Page = context.pages()[0] ?? (await context.newPage());
		await first.goto(serverUrl);
		await first.locator('[data-law]').first().waitFor();
		await first.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'xuefa-kaolian' && (d.version ?? 0) > 1));
		await putSettings(first, { autoAdvance: false });
		const pages = [await openWindow(first), await openWindow(first), await openWindow(first)] as const;

		const practise = async (page: Page, rng: () => number) => {
			await openPractice(page, serverUrl, lawId);
			for (let i = 0; i < answersPerTab; i++) {
				await answerPractice(page, bank, rng, given);
				await movePractice(page, rng);
			}
		};
		const examine = async (page: Page, rng: () => number) => {
			for (let n = 0; n < exams; n++) {
				const id = await startExam(page, serverUrl, paperId);
				for (let i = 0; i < answersPerTab; i++) {
					await answerExam(page, id, bank, rng, changes);
					await moveExam(page, id, rng, moves);
				}
				if ((await examProgress(page)).answered > 0) {
					await submitExam(page);
					submitted++;
				}
			}
		};
		await Promise.all([practise(pages[0], seededRandom(seed)), practise(pages[1], seededRandom(seed + 1)), examine(pages[2], seededRandom(seed + 2))]);

		// Read from a fresh tab after the others are gone, so nothing can still be in flight.
		await first.waitForTimeout(300);
		for (const page of pages) await page.close();
		await first.goto(serverUrl);
		const snapshot = await readSnapshot(first);
		const problems = [
			...practiceLosses(snapshot, given, 0).problems,
			...examLosses(snapshot, changes, 0).problems,
			...consistencyProblems(snapshot)
		];
		const practiceStored = snapshot.attempts.filter((a) => a.source === 'practice').length;
		if (practiceStored !== given.length) problems.push(`${given.length} practice answers given, ${practiceStored} stored`);
		if (snapshot.exams.filter((e) => e.status === 'submitted').length !== submitted) problems.push(`${submitted} exams handed in, stored as submitted: ${snapshot.exams.filter((e) => e.status === 'submitted').length}`);
		return { practiceAnswers: given.length, examChanges: changes.length, examsSubmitted: submitted, storedAttempts: snapshot.attempts.length, problems };
	} finally {
		await context.close().catch(() => undefined);
		profile.remove();
	}
}
