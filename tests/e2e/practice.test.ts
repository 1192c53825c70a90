/**
 * The walking skeleton's journey in real Chromium against the production build: answer one
 * question of each type, see the verdict, the key, the explanation and the statute with the quote
 * marked; reload and restart the browser and find the progress kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { BankManifest, CompiledLaw, Question, QuestionIndex } from '../../src/lib/core/bank-types';
import { estimateFromIndex, type StateRow } from '../../src/lib/core/pass-estimate';
import { sequentialOrder } from '../../src/lib/core/practice-order';
import { launchBrowser, launchPersistent, startServer, tempDir, type RunningServer } from './support/browser';
import { putSettings, readTable } from './support/learner-db';

let server: RunningServer;
let profile: ReturnType<typeof tempDir>;
let context: BrowserContext;
let page: Page;
let law: CompiledLaw;

const LAW = 'admin-licensing';

async function countAttempts(p: Page): Promise<number> {
	return p.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const req = indexedDB.open('xuefa-kaolian');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const tx = req.result.transaction('attempts', 'readonly');
					const count = tx.objectStore('attempts').count();
					count.onsuccess = () => {
						resolve(count.result);
						req.result.close();
					};
				};
			})
	);
}

async function openQuestion(id: string): Promise<void> {
	await page.goto(`${server.url}/practice/${LAW}?q=${id}`);
	await page.locator(`#stem-${id}`).waitFor();
}

async function expectFeedback(q: Question, verdict: '回答正确' | '回答错误', key: string): Promise<void> {
	const feedback = page.locator('section.feedback');
	await expect.poll(() => feedback.locator('.verdict').innerText()).toContain(verdict);
	expect(await feedback.getByTestId('correct-answer').innerText()).toBe(key);
	expect(await feedback.locator('.explanation').innerText()).toBe(q.explanation);
	const label = law.structure.articles[q.quoteArticle - 1]!.label;
	expect(await feedback.locator('.cite').innerText()).toBe(`《行政许可法》${label}`);
	// The deciding sentence is highlighted inside the article's full text.
	const marked = (await feedback.locator('.article mark').allInnerTexts()).join('').replace(/\s/g, '');
	expect(marked).toBe(q.quote.replace(/\s/g, ''));
	expect((await feedback.locator('.article').innerText()).length).toBeGreaterThan(q.quote.length);
}

beforeAll(async () => {
	server = await startServer();
	profile = tempDir('xfkl-e2e-');
	context = await launchPersistent(profile.path);
	page = context.pages()[0] ?? (await context.newPage());
	const manifest = (await (await fetch(`${server.url}/bank/manifest.json`)).json()) as BankManifest;
	const entry = manifest.laws.find((l) => l.id === LAW)!;
	law = (await (await fetch(`${server.url}/bank/${entry.file}`)).json()) as CompiledLaw;
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	profile?.remove();
});

describe('practice loop', () => {
	it('home lists the three core laws with their question counts', async () => {
		await page.goto(server.url);
		for (const id of ['admin-licensing', 'admin-litigation', 'civil-code']) {
			const card = page.locator(`[data-law="${id}"]`);
			await card.waitFor();
			expect(await card.innerText()).toMatch(/共 \d+ 题 · 已练 0 题/);
		}
		// These checks read the feedback at leisure: no auto-advance (tested in learning.test.ts).
		await page.getByTestId('due-count').filter({ hasText: '0' }).waitFor();
		await putSettings(page, { autoAdvance: false });
	});

	it('a judge question: answered right, with key, explanation and highlighted quote', async () => {
		const q = law.questions.find((x) => x.id === 'admin-licensing-0101')!;
		await openQuestion(q.id);
		expect(await page.locator('.type').innerText()).toBe('判断题');
		await page.getByRole('button', { name: '错误' }).click();
		await expectFeedback(q, '回答正确', '错误');
	});

	it('a single-choice question answered on tap, wrongly: the learner sees both answers', async () => {
		const q = law.questions.find((x) => x.type === 'single' && !x.case)!;
		await openQuestion(q.id);
		const wrong = q.options.find((o) => o.key !== q.answer)!;
		await page.locator('.choice', { hasText: wrong.text }).first().click();
		await expectFeedback(q, '回答错误', q.answer as string);
		expect(await page.locator('.yours').innerText()).toBe(`您的答案：${wrong.key}`);
		expect(await page.locator('.choice.is-wrong').count()).toBe(1);
		expect(await page.locator('.choice.is-key').count()).toBe(1);
	});

	it('a multiple-choice question: toggle options, then 提交', async () => {
		const q = law.questions.find((x) => x.id === 'admin-licensing-0102')!;
		await openQuestion(q.id);
		const submit = page.getByRole('button', { name: /提交答案/ });
		expect(await submit.isDisabled()).toBe(true);
		for (const key of q.answer as string[]) await page.locator('.choice', { has: page.locator(`.letter:text-is("${key}")`) }).click();
		expect(await submit.innerText()).toContain('已选 ABCD');
		await submit.click();
		await expectFeedback(q, '回答正确', 'ABCD');
		expect(await page.locator('.choice.is-key').count()).toBe(4);
	});

	it('keeps every answer after a reload', async () => {
		await expect.poll(() => countAttempts(page)).toBe(3);
		await page.goto(server.url);
		await expect.poll(() => page.locator(`[data-law="${LAW}"] [data-testid="answered"]`).innerText()).toBe('3');
		await page.reload();
		await expect.poll(() => page.locator(`[data-law="${LAW}"] [data-testid="answered"]`).innerText()).toBe('3');
	});

	it('the home page estimates the pass from these answers, computed in a worker, as the core model says', async () => {
		await page.goto(server.url);
		const box = page.getByTestId('pass-estimate');
		const manifest = (await (await fetch(`${server.url}/bank/manifest.json`)).json()) as BankManifest;
		const index = (await (await fetch(`${server.url}/bank/${manifest.index}`)).json()) as QuestionIndex;
		const states = (await readTable<{ questionId: string; rev: number; seen: number; right: number }>(page, 'questionStates')).map(
			(s) => [s.questionId, s.rev, s.seen, s.right] as StateRow
		);
		expect(states).toHaveLength(3);
		const expected = estimateFromIndex(manifest, index, states)!;
		// The estimate stored at the last visit (none answered) is shown first, then the fresh one.
		await expect.poll(() => box.locator('.basis').innerText()).toContain(`已答过的 ${expected.answered} 道题`);
		expect(await box.locator('.big strong').innerText()).toBe(`约 ${Math.round(expected.probability * 100)}%`);
		expect(await box.locator('.big span').innerText()).toContain(`预计得分 ${Math.round(expected.expectedScore)} 分`);
		// Off the page's main thread: the worker's script was loaded.
		const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
		expect(loaded.some((url) => /\/_app\/immutable\/workers\/estimate\.worker-[\w-]+\.js$/.test(url))).toBe(true);
	});

	it('keeps every answer after the browser is closed and started again, and resumes sequential practice', async () => {
		await context.close();
		context = await launchPersistent(profile.path);
		page = context.pages()[0] ?? (await context.newPage());
		await page.goto(server.url);
		await expect.poll(() => page.locator(`[data-law="${LAW}"] [data-testid="answered"]`).innerText()).toBe('3');
		expect(await countAttempts(page)).toBe(3);

		// Sequential practice resumes after the last question answered (the multiple-choice one).
		const order = sequentialOrder(law.questions.filter((q) => !q.retired));
		const next = order[(order.findIndex((q) => q.id === 'admin-licensing-0102') + 1) % order.length]!;
		await page.goto(`${server.url}/practice/${LAW}`);
		await page.locator(`#stem-${next.id}`).waitFor();
		// …and the next visit's first paint will not show the law's first question before it.
		expect(await page.evaluate(() => localStorage.getItem('xfkl.practice-resume'))).toBe(JSON.stringify([LAW]));
	});
});

describe('the prerendered first question', () => {
	/** The page as painted before any of the app's code runs: only the inline scripts in <head>. */
	async function beforeTheApp(path: string, resumed: string[] | null): Promise<Page> {
		const browser = await launchBrowser();
		const fresh = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });
		if (resumed) await fresh.addInitScript((laws) => localStorage.setItem('xfkl.practice-resume', JSON.stringify(laws)), resumed);
		await fresh.route('**/_app/immutable/**', (route) => route.abort());
		const p = await fresh.newPage();
		p.on('close', () => void browser.close());
		await p.goto(server.url + path);
		return p;
	}

	it('is painted from the HTML alone, laid out as the practice flow shows it, and cannot be tapped yet', async () => {
		const first = sequentialOrder(law.questions.filter((q) => !q.retired))[0]!;
		const p = await beforeTheApp(`/practice/${LAW}`, null);
		try {
			const stem = p.locator(`#stem-${first.id}`);
			expect(await stem.isVisible()).toBe(true);
			expect(await stem.innerText()).toBe(first.stem);
			expect(await p.locator('.question-preview .choice').count()).toBe(first.type === 'judge' ? 2 : first.options.length);
			expect(await p.locator('.question-preview').getAttribute('inert')).not.toBeNull();
			expect(await p.locator('.question-preview .status').innerText()).toContain(`第 1 / ${law.questions.filter((q) => !q.retired).length} 题`);
			await p.screenshot({ path: '/tmp/xfkl-practice-prerendered.png' });
		} finally {
			await p.close();
		}
	});

	it('keeps its place but is hidden for a learner who resumes elsewhere, or for another mode', async () => {
		for (const [path, resumed] of [
			[`/practice/${LAW}`, [LAW]],
			[`/practice/${LAW}?mode=random`, null]
		] as const) {
			const p = await beforeTheApp(path, resumed ? [...resumed] : null);
			try {
				const preview = p.locator('.question-preview');
				expect(await preview.count()).toBe(1);
				expect(await preview.evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
				// …and says it is loading, in its place.
				expect(await preview.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"正在加载题目…"');
				expect((await preview.boundingBox())!.height).toBeGreaterThan(200);
			} finally {
				await p.close();
			}
		}
		// Another law with a saved place does not hide this one's.
		const p = await beforeTheApp(`/practice/${LAW}`, ['civil-code']);
		try {
			expect(await p.locator('.question-preview').evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
		} finally {
			await p.close();
		}
	});
});
