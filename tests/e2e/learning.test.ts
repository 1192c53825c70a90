/**
 * Learning features in real Chromium: practice modes, 背题, keyboard, auto-advance, the 错题本
 * round trip, 收藏, and a review session on a later day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { BankManifest, CompiledLaw, Question } from '../../src/lib/core/bank-types';
import { launchPersistent, startServer, tempDir, type RunningServer } from './support/browser';
import { putSettings, readTable } from './support/learner-db';

let server: RunningServer;
let profile: ReturnType<typeof tempDir>;
let context: BrowserContext;
let page: Page;
let law: CompiledLaw;
const LAW = 'admin-licensing';

beforeAll(async () => {
	server = await startServer();
	profile = tempDir('xfkl-learn-');
	context = await launchPersistent(profile.path);
	page = context.pages()[0] ?? (await context.newPage());
	const manifest = (await (await fetch(`${server.url}/bank/manifest.json`)).json()) as BankManifest;
	law = (await (await fetch(`${server.url}/bank/${manifest.laws.find((l) => l.id === LAW)!.file}`)).json()) as CompiledLaw;
	await page.goto(server.url);
	await page.getByTestId('due-count').filter({ hasText: '0' }).waitFor();
	await putSettings(page, { autoAdvance: false });
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	profile?.remove();
});

const byId = (id: string) => law.questions.find((q) => q.id === id)!;
async function shownQuestion(): Promise<Question> {
	const id = (await page.locator('.question h2.stem').getAttribute('id'))!.replace('stem-', '');
	return byId(id);
}

async function answer(q: Question, right: boolean): Promise<void> {
	if (q.type === 'judge') {
		await page.getByRole('button', { name: right === q.answer ? '正确' : '错误', exact: false }).first().click();
		return;
	}
	const keys = Array.isArray(q.answer) ? q.answer : [q.answer];
	const choose = right ? keys : [q.options.find((o) => !keys.includes(o.key))!.key];
	for (const k of choose) await page.locator('.question .choice', { has: page.locator(`.letter:text-is("${k}")`) }).click();
	if (q.type === 'multiple') await page.getByRole('button', { name: /提交答案/ }).click();
}

describe('practice modes', () => {
	it('章节: picks a chapter from the table of contents and serves only its questions', async () => {
		await page.goto(`${server.url}/practice/${LAW}?mode=chapter`);
		await page.getByRole('link', { name: /第三节 期限/ }).click();
		await page.locator('.question').waitFor();
		const section = law.structure.divisions.find((d) => d.title === '第三节 期限')!;
		for (let i = 0; i < 3; i++) {
			const q = await shownQuestion();
			expect(q.articles[0]).toBeGreaterThanOrEqual(section.from);
			expect(q.articles[0]).toBeLessThanOrEqual(section.to);
			await page.getByRole('button', { name: '跳过' }).click();
		}
	});

	it('题型, 难度 and 标签 filter the questions', async () => {
		await page.goto(`${server.url}/practice/${LAW}?mode=type`);
		await page.getByRole('link', { name: /案例题/ }).click();
		await page.locator('.question').waitFor();
		expect((await shownQuestion()).case).toBeTruthy();
		await page.goto(`${server.url}/practice/${LAW}?mode=difficulty&level=3`);
		await page.locator('.question').waitFor();
		expect((await shownQuestion()).difficulty).toBe(3);
		await page.goto(`${server.url}/practice/${LAW}?mode=tag`);
		await page.getByRole('link', { name: /^听证 \d+$/ }).click();
		await page.locator('.question').waitFor();
		expect((await shownQuestion()).tags).toContain('听证');
	});

	it('背题 shows the key and the statute without answering, and records nothing', async () => {
		await page.goto(`${server.url}/practice/${LAW}?mode=random`);
		await page.locator('.question').waitFor();
		const before = (await readTable(page, 'attempts')).length;
		await page.getByLabel('背题模式').check();
		const q = await shownQuestion();
		await page.getByTestId('correct-answer').waitFor();
		expect((await page.locator('.article mark').allInnerTexts()).join('').replace(/\s/g, '')).toBe(q.quote.replace(/\s/g, ''));
		expect((await readTable(page, 'attempts')).length).toBe(before);
	});

	it('answers with the keyboard and moves on by itself after a right answer when auto-advance is on', async () => {
		await putSettings(page, { autoAdvance: true });
		const judge = law.questions.find((q) => q.type === 'judge' && !q.retired)!;
		await page.goto(`${server.url}/practice/${LAW}?mode=type&t=judge&q=${judge.id}`);
		await page.locator(`#stem-${judge.id}`).waitFor();
		await page.keyboard.press(judge.answer ? '1' : '2');
		await expect.poll(() => page.locator('.verdict').innerText()).toContain('回答正确');
		await page.locator(`#stem-${judge.id}`).waitFor({ state: 'detached', timeout: 5000 });
		await putSettings(page, { autoAdvance: false });
	});
});

describe('错题本 and 收藏', () => {
	it('a wrong answer enters the 错题本 with its wrong choice; two right answers in a row take it out', async () => {
		const q = law.questions.find((x) => x.type === 'single' && !x.case && !x.retired && x.id !== law.questions[0]!.id)!;
		await page.goto(`${server.url}/practice/${LAW}?q=${q.id}`);
		await page.locator(`#stem-${q.id}`).waitFor();
		await answer(q, false);
		await page.locator('section.feedback[data-saved="true"]').waitFor();
		await page.goto(`${server.url}/wrong`);
		const item = page.locator(`[data-question="${q.id}"]`);
		await item.waitFor();
		expect(await item.innerText()).toContain('错 1 次');
		// Practise the 错题本: answer it right twice.
		for (let i = 0; i < 2; i++) {
			await page.goto(`${server.url}/practice/${LAW}?mode=wrong&q=${q.id}`);
			await page.locator(`#stem-${q.id}`).waitFor();
			await answer(q, true);
			await expect.poll(() => page.locator('.verdict').innerText()).toContain('回答正确');
			await page.locator('section.feedback[data-saved="true"]').waitFor();
		}
		await page.goto(`${server.url}/wrong`);
		await page.locator('h1').waitFor();
		await expect.poll(async () => page.locator(`[data-question="${q.id}"]`).count()).toBe(0);
	});

	it('收藏 and a note: starred from practice, listed on /favorites', async () => {
		const q = law.questions.find((x) => x.type === 'multiple' && !x.retired)!;
		await page.goto(`${server.url}/practice/${LAW}?q=${q.id}`);
		await page.locator(`#stem-${q.id}`).waitFor();
		await page.getByRole('button', { name: '☆ 收藏' }).click();
		await page.getByRole('button', { name: '✎ 笔记' }).click();
		await page.getByLabel('我的笔记（只保存在本机）').fill('听证五日、二十日要分清');
		await page.getByRole('button', { name: '保存笔记' }).click();
		// Stored once the page says so (leaving at once would abandon the write).
		await page.getByText('笔记已保存').waitFor();
		await page.goto(`${server.url}/favorites`);
		const item = page.locator(`[data-question="${q.id}"]`);
		await item.waitFor();
		expect(await item.innerText()).toContain('笔记：听证五日、二十日要分清');
		expect(await item.innerText()).toContain('★');
	});
});

describe('spaced review', () => {
	it('brings answered questions back on a later day and counts them on the home page', async () => {
		const answered = (await readTable<{ questionId: string }>(page, 'questionStates')).length;
		expect(answered).toBeGreaterThan(0);
		await page.goto(`${server.url}/review`);
		await page.getByTestId('review-empty').waitFor();
		// Come back in four weeks: everything answered so far is due.
		await context.clock.install({ time: Date.now() + 28 * 86_400_000 });
		await page.goto(server.url);
		await expect.poll(() => page.getByTestId('due-count').innerText()).toBe(String(answered));
		await page.goto(`${server.url}/review`);
		await expect.poll(() => page.getByTestId('review-count').innerText()).toContain(`今天要复习 ${answered} 题`);
		const q = await shownQuestion();
		await answer(q, true);
		await expect.poll(() => page.getByTestId('review-count').innerText()).toContain('已复习 1 题');
	});
});
