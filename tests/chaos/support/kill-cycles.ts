/**
 * The browser killed at random moments, over and over, on one profile: practice in one cycle, a
 * mock exam in the next. After every relaunch the database is checked against everything the
 * pages showed before the kill (see integrity.ts) and the exam clock against the recorded start.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { ExamRecord } from '../../../src/lib/client/db';
import type { Question } from '../../../src/lib/core/bank-types';
import { killBrowserProcesses, launchPersistent, tempDir } from '../../e2e/support/browser';
import { putSettings } from '../../e2e/support/learner-db';
import { consistencyProblems, examLosses, practiceLosses, readSnapshot, shownInTime } from './integrity';
import {
	answerExam,
	answerPractice,
	examProgress,
	moveExam,
	movePractice,
	openExam,
	openPractice,
	seededRandom,
	shownRemainingSeconds,
	startExam,
	submitExam,
	type ExamChange,
	type ExamMove,
	type GivenAnswer
} from './learner-driver';

export interface KillRunOptions {
	serverUrl: string;
	bank: ReadonlyMap<string, Question>;
	cycles: number;
	seed: number;
	/** Time after the page showed an answer within which a kill may still lose it (see RELIABILITY.md). */
	graceMs?: number;
	lawId?: string;
	paperId?: string;
	log?: (line: string) => void;
}

export interface KillRunResult {
	kills: number;
	practiceKills: number;
	examKills: number;
	practiceAnswers: number;
	examChanges: number;
	examsSubmitted: number;
	requiredChecked: number;
	inFlight: number;
	inFlightStored: number;
	/** Largest |shown − expected| of the exam clock after a relaunch, in seconds. */
	worstClockError: number;
	clockChecks: number;
	problems: string[];
}

const PRACTICE_LAW = 'admin-licensing';
const PAPER = 'admin-licensing';

async function firstPage(context: BrowserContext): Promise<Page> {
	return context.pages()[0] ?? (await context.newPage());
}

/** Opens the home page and waits until the app has created its database. */
async function openHome(page: Page, serverUrl: string): Promise<void> {
	await page.goto(serverUrl);
	await page.locator('[data-law]').first().waitFor();
	await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'xuefa-kaolian' && (d.version ?? 0) > 1));
}

export async function runKillCycles(options: KillRunOptions): Promise<KillRunResult> {
	const { serverUrl, bank, cycles, seed } = options;
	const graceMs = options.graceMs ?? 500;
	const lawId = options.lawId ?? PRACTICE_LAW;
	const paperId = options.paperId ?? PAPER;
	const log = options.log ?? (() => undefined);
	const rng = seededRandom(seed);
	const profile = tempDir('xfkl-chaos-kill-');
	const given: GivenAnswer[] = [];
	const changes: ExamChange[] = [];
	const moves: ExamMove[] = [];
	const result: KillRunResult = {
		kills: 0, practiceKills: 0, examKills: 0, practiceAnswers: 0, examChanges: 0, examsSubmitted: 0,
		requiredChecked: 0, inFlight: 0, inFlightStored: 0, worstClockError: 0, clockChecks: 0, problems: []
	};
	let examId: string | null = null;
	let context: BrowserContext | null = null;

	/** Everything stored must match what was shown before each kill; the open exam resumes correctly. */
	async function verify(page: Page, cycle: number): Promise<void> {
		await openHome(page, serverUrl);
		const snapshot = await readSnapshot(page);
		const practice = practiceLosses(snapshot, given, graceMs);
		const exam = examLosses(snapshot, changes, graceMs);
		const problems = [...consistencyProblems(snapshot), ...practice.problems, ...exam.problems];
		result.requiredChecked = practice.required + exam.required;
		result.inFlight = practice.inFlight + exam.inFlight;
		result.inFlightStored = practice.inFlightStored + exam.inFlightStored;
		result.examsSubmitted = snapshot.exams.filter((e) => e.status === 'submitted').length;
		const open = snapshot.exams.find((e) => e.id === examId && e.status === 'in-progress');
		if (open) problems.push(...(await verifyOpenExam(page, open)));
		else if (examId && !snapshot.exams.some((e) => e.id === examId)) problems.push(`exam ${examId} vanished`);
		for (const p of problems) result.problems.push(`after kill ${cycle}: ${p}`);
		log(`cycle ${cycle}: ${snapshot.attempts.length} attempts, ${snapshot.examAnswers.length} exam answers, ${problems.length} problems`);
	}

	async function verifyOpenExam(page: Page, exam: ExamRecord): Promise<string[]> {
		const problems: string[] = [];
		await openExam(page, serverUrl, exam.id);
		await page.getByTestId('clock').waitFor();
		const shown = await shownRemainingSeconds(page);
		const expected = (exam.startedAt + exam.durationMs - Date.now()) / 1000;
		const error = Math.abs(shown - expected);
		result.worstClockError = Math.max(result.worstClockError, error);
		result.clockChecks++;
		if (error >= 2) problems.push(`exam clock shows ${shown} s left, expected ${expected.toFixed(1)} s`);
		// Back on the question the learner was on: the last move shown in time, or a later one.
		const mine = moves.filter((m) => m.attemptId === exam.id);
		let last = -1;
		mine.forEach((m, i) => shownInTime(m, graceMs) && (last = i));
		const allowed = new Set([...(last < 0 ? [0] : []), ...mine.slice(Math.max(0, last)).map((m) => m.index)]);
		const { index } = await examProgress(page);
		if (!allowed.has(index)) problems.push(`exam reopened on question ${index + 1}, expected one of ${[...allowed].map((i) => i + 1).join(', ')}`);
		return problems;
	}

	async function practise(page: Page, stopped: () => boolean): Promise<void> {
		while (!stopped()) {
			await answerPractice(page, bank, rng, given);
			await movePractice(page, rng);
		}
	}

	/** Opens the page the phase works on; the kill is timed from when it is ready, not before. */
	async function prepare(page: Page, phase: 'practice' | 'exam'): Promise<void> {
		if (phase === 'practice') return openPractice(page, serverUrl, lawId);
		if (examId) await openExam(page, serverUrl, examId);
		if (!examId || (await page.getByTestId('exam-result').count()) > 0) examId = await startExam(page, serverUrl, paperId);
	}

	async function takeExam(page: Page, stopped: () => boolean): Promise<void> {
		while (!stopped()) {
			if (!examId) throw new Error('the exam was not started');
			const { answered, total } = await examProgress(page);
			if (answered === total) {
				await submitExam(page);
				examId = await startExam(page, serverUrl, paperId);
				continue;
			}
			await answerExam(page, examId, bank, rng, changes);
			await moveExam(page, examId, rng, moves);
		}
	}

	try {
		for (let cycle = 0; cycle <= cycles; cycle++) {
			context = await launchPersistent(profile.path);
			const page = await firstPage(context);
			if (cycle === 0) {
				await openHome(page, serverUrl);
				await putSettings(page, { autoAdvance: false });
			} else await verify(page, cycle);
			if (cycle === cycles) break;

			const phase = cycle % 2 === 0 ? 'practice' : 'exam';
			let killed = false;
			let crashAt = 0;
			const started = phase === 'practice' ? given.length : changes.length;
			const action = phase === 'practice' ? practise : takeExam;
			const delay = 300 + Math.floor(rng() * 3200);
			await prepare(page, phase);
			let timer: ReturnType<typeof setTimeout> | undefined;
			const armed = new Promise<void>((resolve) => {
				timer = setTimeout(() => {
					crashAt = Date.now();
					killed = true;
					killBrowserProcesses(profile.path);
					resolve();
				}, delay);
			});
			try {
				await action(page, () => killed);
			} catch (e) {
				if (!killed) {
					clearTimeout(timer);
					throw e;
				}
			}
			await armed;
			await context.close().catch(() => undefined);
			context = null;
			for (const entry of [...given, ...changes, ...moves]) entry.crashAt ??= crashAt;
			result.kills++;
			if (phase === 'practice') result.practiceKills++;
			else result.examKills++;
			log(`kill ${cycle + 1} (${phase}) after ${delay} ms: ${(phase === 'practice' ? given.length : changes.length) - started} answers in this cycle`);
		}
		result.practiceAnswers = given.length;
		result.examChanges = changes.length;
		return result;
	} finally {
		await context?.close().catch(() => undefined);
		profile.remove();
	}
}
