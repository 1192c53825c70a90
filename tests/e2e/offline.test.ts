/**
 * Offline after the first visit: the service worker precaches everything, then the app works
 * with the network cut (context offline) and with the server process gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, startServer, tempDir, type RunningServer } from './support/browser';
import { readTable } from './support/learner-db';

let server: RunningServer;
let profile: ReturnType<typeof tempDir>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
	server = await startServer();
	profile = tempDir('xfkl-offline-');
	context = await launchPersistent(profile.path);
	page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	profile?.remove();
});

async function answerFirstQuestion(p: Page, law: string): Promise<void> {
	await p.goto(`${server.url}/practice/${law}`);
	const first = p.locator('.question .choice').first();
	await first.waitFor();
	if ((await p.locator('.question .type').innerText()).startsWith('多选')) {
		await first.click();
		await p.getByRole('button', { name: /提交答案/ }).click();
	} else {
		await first.click();
	}
	await p.locator('section.feedback[data-saved="true"]').waitFor();
}

describe('offline', () => {
	it('says when the first visit has downloaded everything needed offline', async () => {
		await page.goto(server.url);
		const notice = page.getByTestId('offline-ready');
		await notice.waitFor({ timeout: 60_000 });
		expect(await notice.innerText()).toMatch(/已可离线使用（已下载 [\d.]+ (MB|KB)）/);
		const controlled = await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			return navigator.serviceWorker.controller !== null || (await navigator.serviceWorker.getRegistration()) !== undefined;
		});
		expect(controlled).toBe(true);
	});

	it('is installable: Chromium reports no installability error, and the icons have their declared sizes', async () => {
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
		expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
		const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as {
			lang: string;
			display: string;
			icons: { src: string; sizes: string; purpose: string }[];
		};
		expect(manifest).toMatchObject({ lang: 'zh-CN', display: 'standalone' });
		expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
		for (const icon of manifest.icons) {
			const png = Buffer.from(await (await fetch(server.url + icon.src)).arrayBuffer());
			expect(png.subarray(1, 4).toString()).toBe('PNG');
			expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
		}
	});

	it('works with the network cut: home, practice in every core law, a deep link into the law reader', async () => {
		await page.reload(); // make sure this page is controlled by the worker
		await context.setOffline(true);
		try {
			await page.goto(server.url);
			await page.locator('[data-law="admin-licensing"]').waitFor();
			for (const law of ['admin-licensing', 'admin-litigation', 'civil-code']) await answerFirstQuestion(page, law);
			await page.goto(`${server.url}/laws/civil-code/1165`);
			await expect.poll(() => page.locator('article h1').innerText().catch(() => '')).toBe('第一千一百六十五条');
			expect(await page.locator('article').innerText()).toContain('行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任');
			await page.goto(`${server.url}/practice/admin-licensing?mode=random`);
			await page.locator('.question').waitFor();
			// Search, a mock exam, statistics and settings work offline too.
			await page.goto(`${server.url}/laws?q=听证`);
			await page.getByText('《行政许可法》').first().waitFor();
			await page.goto(`${server.url}/exam`);
			await page.locator('[data-paper="daily"] button:not([disabled])').click();
			await page.waitForURL(/\/exam\/[0-9a-f-]{36}$/);
			await page.locator('[data-question-id] .choice').first().click();
			await page.getByRole('button', { name: '交卷' }).click();
			await page.getByRole('button', { name: '确定交卷' }).click();
			await page.getByTestId('exam-result').waitFor();
			await page.goto(`${server.url}/stats`);
			await page.getByTestId('streak').waitFor();
			await page.goto(`${server.url}/settings`);
			await page.getByRole('heading', { name: '存储' }).waitFor();
		} finally {
			await context.setOffline(false);
		}
	});

	it('works with the server stopped, and keeps the answers given offline', async () => {
		await server.stop();
		await page.goto(server.url);
		// One question per law was answered offline (plus the offline mock exam's one answer).
		await expect.poll(async () => Number(await page.locator('[data-law="admin-licensing"] [data-testid="answered"]').innerText())).toBeGreaterThanOrEqual(1);
		// Three practice answers and the mock exam's one were given with the network cut.
		expect((await readTable<{ source: string }>(page, 'attempts')).map((a) => a.source).sort()).toEqual(['exam', 'practice', 'practice', 'practice']);
		await answerFirstQuestion(page, 'admin-litigation-interpretation');
		await expect.poll(async () => (await readTable(page, 'attempts')).length).toBe(5);
		await page.goto(`${server.url}/laws/admin-licensing/47`);
		await expect.poll(() => page.locator('article h1').innerText().catch(() => '')).toBe('第四十七条');
		await page.goto(server.url);
		for (const law of ['admin-litigation', 'civil-code', 'admin-litigation-interpretation']) {
			await expect.poll(async () => Number(await page.locator(`[data-law="${law}"] [data-testid="answered"]`).innerText())).toBeGreaterThanOrEqual(1);
		}
	});
});
