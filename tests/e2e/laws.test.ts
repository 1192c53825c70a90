/**
 * The law reader in real Chromium against the production build: search all laws for 听证, see the
 * hits in 《行政许可法》 with the word marked, share the search by its address, open an article,
 * step to the next and previous article, and see the questions citing it with the learner's record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { BankManifest, CompiledLaw } from '../../src/lib/core/bank-types';
import { launchPersistent, startServer, tempDir, type RunningServer } from './support/browser';

let server: RunningServer;
let profile: ReturnType<typeof tempDir>;
let context: BrowserContext;
let page: Page;
let licensing: CompiledLaw;

const LAW = 'admin-licensing';
const ARTICLE = 47;

/** Opens a page with a search box and waits until it can search (the box is prerendered, then comes alive). */
async function openSearchPage(path: string): Promise<void> {
	await page.goto(server.url + path);
	await page.locator('form[role="search"]:not([aria-busy])').waitFor();
}

const liveCiting = (n: number) => licensing.questions.filter((q) => !q.retired && q.articles.includes(n));

/** Writes a questionStates row straight into the app's IndexedDB, as answering in practice would. */
async function putQuestionState(p: Page, row: Record<string, unknown>): Promise<void> {
	await p.evaluate(
		(record) =>
			new Promise<void>((resolve, reject) => {
				const req = indexedDB.open('xuefa-kaolian');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const tx = req.result.transaction('questionStates', 'readwrite');
					tx.objectStore('questionStates').put(record);
					tx.oncomplete = () => {
						req.result.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		row
	);
}

beforeAll(async () => {
	server = await startServer();
	profile = tempDir('xfkl-e2e-laws-');
	context = await launchPersistent(profile.path);
	page = context.pages()[0] ?? (await context.newPage());
	const manifest = (await (await fetch(`${server.url}/bank/manifest.json`)).json()) as BankManifest;
	const entry = manifest.laws.find((l) => l.id === LAW)!;
	licensing = (await (await fetch(`${server.url}/bank/${entry.file}`)).json()) as CompiledLaw;
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	profile?.remove();
});

describe('law reader and search', () => {
	it('searches all laws for 听证 and shows the hits in 《行政许可法》 with the word marked', async () => {
		await openSearchPage('/laws');
		await page.getByRole('searchbox', { name: '搜索全部法条' }).pressSequentially('听证');
		await expect.poll(() => page.url()).toContain(`?q=${encodeURIComponent('听证')}`);

		const group = page.locator(`section[aria-labelledby="hits-${LAW}"]`);
		await group.waitFor();
		expect(await group.locator('h2').innerText()).toContain('《行政许可法》');
		// Every article of the law holding 听证 is listed (the first five, then a button for the rest).
		const expected = licensing.structure.articles.filter((a) => a.paragraphs.join('').includes('听证'));
		const shown = await group.locator('a[data-hit]').count();
		const more = group.locator('button.more');
		const rest = (await more.count()) > 0 ? Number((await more.innerText()).match(/\d+/)![0]) : 0;
		expect(shown + rest).toBe(expected.length);
		const marks = await group.locator('mark').allInnerTexts();
		expect(marks.length).toBeGreaterThanOrEqual(shown);
		expect(new Set(marks)).toEqual(new Set(['听证']));
		// The list of laws gives way to the results.
		expect(await page.locator('ul.list').count()).toBe(0);
		expect(await page.getByRole('status').innerText()).toMatch(/找到 \d+ 条，分布在 \d+ 部法律中/);
	});

	it('restores the search from the address, so it can be shared and reloaded', async () => {
		await page.goto(`${server.url}/laws?q=${encodeURIComponent('听证')}`);
		await page.locator(`a[data-hit="${LAW}/${ARTICLE}"]`).waitFor();
		expect(await page.getByRole('searchbox', { name: '搜索全部法条' }).inputValue()).toBe('听证');
	});

	it('finds an article by number, in the law chosen as the range', async () => {
		await openSearchPage('/laws');
		await page.getByLabel('范围').selectOption(LAW);
		await page.getByRole('searchbox', { name: '搜索全部法条' }).pressSequentially('第12条');
		const first = page.locator('a[data-hit]').first();
		await expect.poll(() => first.getAttribute('data-hit')).toBe(`${LAW}/12`);
		expect(await page.locator('section[aria-labelledby^="hits-"]').count()).toBe(1);
		expect(page.url()).toContain(`law=${LAW}`);
	});

	it('searches inside one law from its table of contents', async () => {
		await openSearchPage(`/laws/${LAW}`);
		await page.locator('nav.toc').waitFor();
		await page.getByRole('searchbox', { name: '在行政许可法中搜索' }).pressSequentially('听证');
		await page.locator(`a[data-hit="${LAW}/${ARTICLE}"]`).waitFor();
		expect(await page.locator('nav.toc').count()).toBe(0);
		const laws = new Set((await page.locator('a[data-hit]').evaluateAll((as) => as.map((a) => a.getAttribute('data-hit')!.split('/')[0]))));
		expect(laws).toEqual(new Set([LAW]));
	});

	it('opens a hit, steps to the next and previous article, and lists the questions citing it', async () => {
		await page.goto(`${server.url}/laws?q=${encodeURIComponent('听证')}`);
		await page.locator(`a[data-hit="${LAW}/${ARTICLE}"]`).click();
		await page.waitForURL(`**/laws/${LAW}/${ARTICLE}`);
		await expect.poll(() => page.locator('article h1').innerText()).toBe('第四十七条');
		const crumbs = await page.getByRole('navigation', { name: '位置' }).innerText();
		expect(crumbs).toContain('中华人民共和国行政许可法');
		expect(crumbs).toContain('第四节 听证');

		await page.locator('a[rel="next"]').click();
		await page.waitForURL(`**/laws/${LAW}/${ARTICLE + 1}`);
		await expect.poll(() => page.locator('article h1').innerText()).toBe('第四十八条');
		await page.locator('a[rel="prev"]').click();
		await page.waitForURL(`**/laws/${LAW}/${ARTICLE}`);
		await expect.poll(() => page.locator('article h1').innerText()).toBe('第四十七条');

		const citing = liveCiting(ARTICLE);
		expect(citing.length).toBeGreaterThan(1);
		const items = page.locator('section.related a[data-question]');
		await expect.poll(() => items.count()).toBe(citing.length);
		expect(await page.getByRole('heading', { name: `本条相关题目（${citing.length}）` }).count()).toBe(1);
		await expect.poll(() => page.getByTestId('related-summary').innerText()).toContain(`未练 ${citing.length} 题`);
		expect(await items.first().getAttribute('href')).toBe(`/practice/${LAW}?q=${citing[0]!.id}`);

		// The learner's record on two of them: one last answered wrong, one right.
		const [wrong, right] = citing;
		const base = { lawId: LAW, lastAt: Date.now() };
		await putQuestionState(page, { ...base, questionId: wrong!.id, rev: wrong!.rev, seen: 2, right: 1, wrong: 1, lastResult: false, streak: 0 });
		await putQuestionState(page, { ...base, questionId: right!.id, rev: right!.rev, seen: 1, right: 1, wrong: 0, lastResult: true, streak: 1 });
		await page.reload();
		await expect.poll(() => page.getByTestId('related-summary').innerText()).toBe(
			`上次答对 1 题 · 上次答错 1 题 · 未练 ${citing.length - 2} 题`
		);
		const wrongItem = page.locator(`a[data-question="${wrong!.id}"]`);
		expect(await wrongItem.locator('.status').innerText()).toBe('答错');
		expect(await wrongItem.innerText()).toContain('练 2 次 · 对 1 · 错 1');
		expect(await page.locator(`a[data-question="${right!.id}"] .status`).innerText()).toBe('答对');
		expect(await page.locator(`a[data-question="${citing[2]!.id}"] .status`).innerText()).toBe('未练');

		await wrongItem.click();
		await page.waitForURL(`**/practice/${LAW}?q=${wrong!.id}`);
		await page.locator(`#stem-${wrong!.id}`).waitFor();
	});

	it('searches all nine laws with the network cut, from the files the service worker keeps', async () => {
		await page.goto(server.url);
		// The worker activates only once it has precached everything, the law files included.
		expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active !== null)).toBe(true);
		await page.reload(); // make sure this page is controlled by the worker
		await context.setOffline(true);
		try {
			await page.goto(`${server.url}/laws?q=${encodeURIComponent('行政机关')}`);
			await page.locator('a[data-hit]').first().waitFor();
			const groups = await page.locator('section[aria-labelledby^="hits-"] h2').allInnerTexts();
			for (const short of ['行政许可法', '行政诉讼法', '民法典', '国家赔偿法']) expect(groups.join(' ')).toContain(`《${short}》`);
		} finally {
			await context.setOffline(false);
		}
	});
});
