/**
 * Drives the learner app the way a cadre does (practice and mock exams, by tapping), recording
 * every answer with the moment the page showed it, so a test can later say which answers had to
 * survive a crash and which were still in flight.
 */
import type { Page } from 'playwright-core';
import type { BankManifest, CompiledLaw, OptionKey, Question } from '../../../src/lib/core/bank-types';
import type { Response } from '../../../src/lib/core/grading';

/** A seeded generator: a failing run can be repeated with its seed. */
export { seededRandom } from '../../../src/lib/core/practice-order';

export function runSeed(): number {
	return process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : Math.floor(Math.random() * 2 ** 31);
}

export async function loadBankQuestions(serverUrl: string): Promise<Map<string, Question>> {
	const manifest = (await (await fetch(`${serverUrl}/bank/manifest.json`)).json()) as BankManifest;
	const questions = new Map<string, Question>();
	for (const law of manifest.laws.filter((l) => l.questions > 0)) {
		const compiled = (await (await fetch(`${serverUrl}/bank/${law.file}`)).json()) as CompiledLaw;
		for (const q of compiled.questions) questions.set(q.id, q);
	}
	return questions;
}

/** One practice answer as given: `shownAt` is when the verdict appeared (null: still in flight). */
export interface GivenAnswer {
	questionId: string;
	response: Response;
	clickedAt: number;
	shownAt: number | null;
	/** When the browser was killed after this answer was given (absent: it was not). */
	crashAt?: number;
}

/** One exam answer change: the response the page showed as chosen (null: cleared). */
export interface ExamChange {
	attemptId: string;
	questionId: string;
	response: Response | null;
	clickedAt: number;
	shownAt: number | null;
	crashAt?: number;
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function randomResponse(q: Question, rng: () => number): Response {
	if (q.type === 'judge') return rng() < 0.5;
	if (q.type === 'single') return pick(rng, q.options).key;
	const keys = q.options.map((o) => o.key).filter(() => rng() < 0.5);
	const chosen = keys.length >= 2 ? keys : q.options.slice(0, 2).map((o) => o.key);
	return [...chosen].sort();
}

export async function shownPracticeQuestion(page: Page): Promise<string> {
	const id = await page.locator('h2.stem').getAttribute('id');
	return id!.replace(/^stem-/, '');
}

/** Opens a law's practice page and waits for its first question. */
export async function openPractice(page: Page, serverUrl: string, lawId: string, query = ''): Promise<void> {
	await page.goto(`${serverUrl}/practice/${lawId}${query}`);
	await page.locator('h2.stem').waitFor();
}

/**
 * Answers the question on screen with a random response, pushing it to `log` before the tap (so
 * a crash leaves it marked as in flight), then waits for the verdict.
 */
export async function answerPractice(page: Page, bank: ReadonlyMap<string, Question>, rng: () => number, log: GivenAnswer[]): Promise<GivenAnswer> {
	const id = await shownPracticeQuestion(page);
	const q = bank.get(id)!;
	const response = randomResponse(q, rng);
	const choices = page.locator(`article[aria-labelledby="stem-${id}"] .choices .choice`);
	const entry: GivenAnswer = { questionId: id, response, clickedAt: Date.now(), shownAt: null };
	if (q.type === 'judge') {
		log.push(entry);
		await choices.nth(response ? 0 : 1).click();
	} else if (q.type === 'single') {
		log.push(entry);
		await choices.nth(q.options.findIndex((o) => o.key === response)).click();
	} else {
		for (const key of response as OptionKey[]) await choices.nth(q.options.findIndex((o) => o.key === key)).click();
		entry.clickedAt = Date.now();
		log.push(entry);
		await page.locator('button.submit').click();
	}
	await page.locator('section.feedback .verdict').waitFor();
	entry.shownAt = Date.now();
	return entry;
}

/** 下一题 most of the time, sometimes 上一题 (to answer a question again); waits for the change. */
export async function movePractice(page: Page, rng: () => number): Promise<void> {
	const before = await shownPracticeQuestion(page);
	await page.locator('.nav .button', { hasText: rng() < 0.25 ? '上一题' : /下一题|跳过/ }).click();
	await page.waitForFunction((old) => document.querySelector('h2.stem')?.id !== `stem-${old}`, before, { polling: 50 });
}

/** Starts a paper from /exam and returns the new attempt's id. */
export async function startExam(page: Page, serverUrl: string, paperId: string): Promise<string> {
	await page.goto(`${serverUrl}/exam`);
	await page.locator(`[data-paper="${paperId}"] button`).click();
	await page.waitForURL(/\/exam\/[0-9a-f-]{36}$/);
	await page.locator('[data-question-id]').waitFor();
	return page.url().split('/').pop()!;
}

export async function openExam(page: Page, serverUrl: string, attemptId: string): Promise<void> {
	await page.goto(`${serverUrl}/exam/${attemptId}`);
	await page.locator('[data-question-id], [data-testid="exam-result"]').first().waitFor();
}

/** The position the exam page shows: 第 i / n 题 · 已答 k 题. */
export async function examProgress(page: Page): Promise<{ index: number; total: number; answered: number }> {
	const text = await page.locator('.progress').innerText();
	const m = /第 (\d+) \/ (\d+) 题 · 已答 (\d+) 题/.exec(text)!;
	return { index: Number(m[1]) - 1, total: Number(m[2]), answered: Number(m[3]) };
}

/** Seconds left on the exam clock as shown (剩余 1:29:59 or 剩余 59:59). */
export async function shownRemainingSeconds(page: Page): Promise<number> {
	const text = await page.getByTestId('clock').innerText();
	const parts = /剩余 ([\d:]+)/.exec(text)![1]!.split(':').map(Number);
	return parts.reduce((total, part) => total * 60 + part, 0);
}

/**
 * Changes the answer of the exam question on screen: picks a judge value or a single option, or
 * toggles one option of a multiple-choice question; waits until the page shows it as chosen.
 */
export async function answerExam(page: Page, attemptId: string, bank: ReadonlyMap<string, Question>, rng: () => number, log: ExamChange[]): Promise<ExamChange> {
	const id = (await page.locator('[data-question-id]').getAttribute('data-question-id'))!;
	const q = bank.get(id)!;
	const article = page.locator(`article[data-question-id="${id}"]`);
	const entry: ExamChange = { attemptId, questionId: id, response: null, clickedAt: 0, shownAt: null };
	let role: 'radio' | 'checkbox' = 'radio';
	let name: string;
	let checked = true;
	if (q.type === 'judge') {
		entry.response = rng() < 0.5;
		name = entry.response ? '正确' : '错误';
	} else {
		const option = pick(rng, q.options);
		name = option.text;
		if (q.type === 'single') entry.response = option.key;
		else {
			role = 'checkbox';
			const chosen: OptionKey[] = [];
			for (const o of q.options) {
				const on = (await article.getByRole('checkbox', { name: o.text, exact: true }).getAttribute('aria-checked')) === 'true';
				if (o.key === option.key) checked = !on;
				if (on !== (o.key === option.key)) chosen.push(o.key);
			}
			entry.response = chosen.length > 0 ? chosen.sort() : null;
		}
	}
	entry.clickedAt = Date.now();
	log.push(entry);
	await article.getByRole(role, { name, exact: true }).click();
	await article.getByRole(role, { name, exact: true, checked }).waitFor();
	entry.shownAt = Date.now();
	return entry;
}

/** One exam navigation: the index the page moved to and when it showed it. */
export interface ExamMove {
	attemptId: string;
	index: number;
	shownAt: number | null;
	crashAt?: number;
}

/** 下一题 mostly, sometimes 上一题 or the same question; returns null when nothing moved. */
export async function moveExam(page: Page, attemptId: string, rng: () => number, log: ExamMove[]): Promise<ExamMove | null> {
	const { index, total } = await examProgress(page);
	const r = rng();
	const target = r < 0.15 ? index - 1 : r < 0.3 ? index : index + 1;
	if (target === index || target < 0 || target >= total) return null;
	const move: ExamMove = { attemptId, index: target, shownAt: null };
	log.push(move);
	await page.locator('.nav .button', { hasText: target > index ? '下一题' : '上一题' }).click();
	await page.locator('.progress', { hasText: `第 ${target + 1} / ${total} 题` }).waitFor();
	move.shownAt = Date.now();
	return move;
}

/** 交卷 with confirmation; waits for the result. */
export async function submitExam(page: Page): Promise<void> {
	await page.getByRole('button', { name: '交卷' }).click();
	await page.getByRole('button', { name: '确定交卷' }).click();
	await page.getByTestId('exam-result').waitFor();
}
