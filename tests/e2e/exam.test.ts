/**
 * Mock exams in real Chromium: a full 综合模拟卷 answered and submitted; the browser process
 * killed mid-exam and relaunched on the same profile; time running out while the app is closed;
 * the same attempt opened in two tabs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { BankManifest, CompiledLaw, Question } from '../../src/lib/core/bank-types';
import { killBrowserProcesses, launchPersistent, startServer, tempDir, type RunningServer } from './support/browser';

let server: RunningServer;
let questions: Map<string, Question>;

beforeAll(async () => {
	server = await startServer();
	const manifest = (await (await fetch(`${server.url}/bank/manifest.json`)).json()) as BankManifest;
	questions = new Map();
	for (const law of manifest.laws.filter((l) => l.questions > 0)) {
		const compiled = (await (await fetch(`${server.url}/bank/${law.file}`)).json()) as CompiledLaw;
		for (const q of compiled.questions) questions.set(q.id, q);
	}
});

afterAll(async () => {
	await server?.stop();
});

async function startPaper(page: Page, paperId: string): Promise<string> {
	await page.goto(`${server.url}/exam`);
	await page.locator(`[data-paper="${paperId}"] button`).click();
	await page.waitForURL(/\/exam\/[0-9a-f-]{36}$/);
	await page.locator('[data-question-id]').waitFor();
	return page.url().split('/').pop()!;
}

async function currentQuestion(page: Page): Promise<Question> {
	const id = await page.locator('[data-question-id]').getAttribute('data-question-id');
	return questions.get(id!)!;
}

/** Answers the shown question correctly: options are located by their text, whatever their letter. */
async function answerRight(page: Page): Promise<void> {
	const q = await currentQuestion(page);
	if (q.type === 'judge') {
		await page.getByRole('radio', { name: q.answer ? '正确' : '错误' }).click();
		return;
	}
	const keys = Array.isArray(q.answer) ? q.answer : [q.answer as string];
	for (const key of keys) {
		const text = q.options.find((o) => o.key === key)!.text;
		await page.getByRole(q.type === 'single' ? 'radio' : 'checkbox', { name: text, exact: true }).click();
	}
}

async function storedAnswers(page: Page, attemptId: string): Promise<number> {
	return page.evaluate(
		(id) =>
			new Promise<number>((resolve, reject) => {
				const req = indexedDB.open('xuefa-kaolian');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const store = req.result.transaction('examAnswers').objectStore('examAnswers');
					const count = store.index('attemptId').count(IDBKeyRange.only(id));
					count.onsuccess = () => {
						resolve(count.result);
						req.result.close();
					};
				};
			}),
		attemptId
	);
}

describe('mock exam', () => {
	it('a full 综合模拟卷: 80 questions answered, submitted after confirmation, scored 100', async () => {
		const profile = tempDir('xfkl-exam-');
		const context = await launchPersistent(profile.path);
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await startPaper(page, 'comprehensive');
			expect(await page.getByTestId('clock').innerText()).toMatch(/^剩余 1:(29|30):\d\d$/);
			for (let i = 0; i < 80; i++) {
				await answerRight(page);
				if (i < 79) await page.getByRole('button', { name: '下一题' }).click();
			}
			expect(await page.locator('.progress').innerText()).toContain('已答 80 题');
			await page.getByRole('button', { name: '交卷' }).click();
			expect(await page.getByRole('alertdialog').innerText()).toContain('全部题目已作答');
			await page.getByRole('button', { name: '确定交卷' }).click();
			await page.getByTestId('exam-result').waitFor();
			expect(await page.getByTestId('exam-score').innerText()).toBe('100');
			expect(await page.getByTestId('exam-result').innerText()).toContain('通过（及格线 60 分）');
			// The review lists every question with its key.
			expect(await page.locator('.reviews > li').count()).toBe(80);
			// The answers also count as practice: home shows them.
			await page.goto(server.url);
			const total = async () => (await page.locator('[data-testid="answered"]').allInnerTexts()).map(Number).reduce((a, b) => a + b, 0);
			await expect.poll(total).toBe(80);
		} finally {
			await context.close();
			profile.remove();
		}
	});

	it('survives the browser process being killed: same question, every answer, the clock from the recorded start', async () => {
		const profile = tempDir('xfkl-kill-');
		let context = await launchPersistent(profile.path);
		try {
			let page = context.pages()[0] ?? (await context.newPage());
			const id = await startPaper(page, 'admin-licensing');
			for (let i = 0; i < 7; i++) {
				await answerRight(page);
				await page.getByRole('button', { name: '下一题' }).click();
			}
			await page.getByRole('button', { name: '☆ 标记' }).click();
			const questionBefore = (await currentQuestion(page)).id;
			await expect.poll(() => storedAnswers(page, id)).toBe(7);
			const startedAt = await page.evaluate(
				(attempt) =>
					new Promise<number>((resolve) => {
						const req = indexedDB.open('xuefa-kaolian');
						req.onsuccess = () => {
							const get = req.result.transaction('exams').objectStore('exams').get(attempt);
							get.onsuccess = () => {
								resolve((get.result as { startedAt: number }).startedAt);
								req.result.close();
							};
						};
					}),
				id
			);
			// Kill Chromium itself (not the tab), as a dead battery would.
			expect(killBrowserProcesses(profile.path)).toBeGreaterThan(0);
			await context.close().catch(() => undefined);

			context = await launchPersistent(profile.path);
			page = context.pages()[0] ?? (await context.newPage());
			await page.goto(`${server.url}/exam/${id}`);
			await page.locator('[data-question-id]').waitFor();
			expect((await currentQuestion(page)).id).toBe(questionBefore);
			expect(await page.locator('.progress').innerText()).toContain('已答 7 题');
			expect(await page.getByRole('button', { name: '★ 已标记' }).count()).toBe(1);
			const shown = await page.getByTestId('clock').innerText();
			const [, m, s] = /剩余 (\d+):(\d+)/.exec(shown)!;
			const remaining = Number(m) * 60 + Number(s);
			const expected = (startedAt + 60 * 60_000 - Date.now()) / 1000;
			expect(Math.abs(remaining - expected)).toBeLessThan(2);
		} finally {
			await context.close().catch(() => undefined);
			profile.remove();
		}
	});

	it('hands in an attempt whose time ran out while the app was closed, with what was answered', async () => {
		const profile = tempDir('xfkl-expire-');
		let context = await launchPersistent(profile.path);
		try {
			let page = context.pages()[0] ?? (await context.newPage());
			const id = await startPaper(page, 'admin-litigation');
			await answerRight(page);
			await page.getByRole('button', { name: '下一题' }).click();
			await answerRight(page);
			await expect.poll(() => storedAnswers(page, id)).toBe(2);
			await context.close();

			// Reopen 61 minutes later (the paper allows 60).
			context = await launchPersistent(profile.path);
			await context.clock.install({ time: Date.now() + 61 * 60_000 });
			page = context.pages()[0] ?? (await context.newPage());
			await page.goto(`${server.url}/exam/${id}`);
			await page.getByTestId('exam-result').waitFor();
			const result = await page.getByTestId('exam-result').innerText();
			expect(result).toContain('时间到，已自动交卷');
			expect(result).toContain('用时 1:00:00');
			expect(result).toContain('答对 2 题');
		} finally {
			await context.close();
			profile.remove();
		}
	});

	it('prints a paper draw: numbered by section, no answers, the key with articles on its own page', async () => {
		const profile = tempDir('xfkl-print-');
		const context = await launchPersistent(profile.path);
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await page.goto(`${server.url}/exam/print?paper=comprehensive&seed=42`);
			const paper = page.getByTestId('printed-paper');
			await paper.waitFor();
			const text = await paper.innerText();
			expect(text).toContain('姓名：');
			expect(text).toContain('一、判断题（每题 1 分，共 20 分）');
			expect(text).toContain('三、多选题（每题 2 分，共 40 分，多选、少选、错选均不得分）');
			expect(await paper.locator('.questions > li').count()).toBe(80);
			expect(text).not.toContain('参考答案');
			const key = page.getByTestId('answer-key');
			expect(await key.locator('tbody tr').count()).toBe(80);
			expect(await key.locator('tbody tr').first().innerText()).toMatch(/^1\t(正确|错误)\t《.+》第.+条$/);
			// The same seed prints the same paper.
			const first = await paper.locator('.stem').first().innerText();
			await page.reload();
			await paper.waitFor();
			expect(await paper.locator('.stem').first().innerText()).toBe(first);
			await page.emulateMedia({ media: 'print' });
			expect(await page.locator('header.top').isVisible()).toBe(false);
		} finally {
			await context.close();
			profile.remove();
		}
	});

	it('says so when the same attempt is opened in a second tab', async () => {
		const profile = tempDir('xfkl-tabs-');
		const context = await launchPersistent(profile.path);
		try {
			const first = context.pages()[0] ?? (await context.newPage());
			const id = await startPaper(first, 'civil-code');
			const second = await context.newPage();
			await second.goto(`${server.url}/exam/${id}`);
			await second.getByTestId('other-tab').waitFor();
			expect(await second.locator('[data-question-id]').count()).toBe(0);
			// The first tab keeps working.
			await answerRight(first);
			await expect.poll(() => storedAnswers(first, id)).toBe(1);
		} finally {
			await context.close();
			profile.remove();
		}
	});
});
