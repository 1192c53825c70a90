/**
 * The supervisors' side of end-to-end tests: a server whose ORIGIN names its real address (form
 * posts pass SvelteKit's CSRF check), logging in, and a desk browser beside a cadre's phone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freeLocalPort, launchBrowser, launchPersistent, startServer, tempDir, type RunningServer } from './browser';

export async function startServerWithOrigin(env: Record<string, string>, options: { buildDir?: string } = {}): Promise<RunningServer> {
	const port = await freeLocalPort();
	return startServer({ ...env, ORIGIN: `http://127.0.0.1:${port}` }, { ...options, port });
}

export async function logIn(page: Page, serverUrl: string, username: string, password: string): Promise<void> {
	await page.goto(`${serverUrl}/login`);
	await page.locator('#username').fill(username);
	await page.locator('#password').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
}

export interface DeskAndPhone {
	browser: Browser;
	/** The supervisor's browser context (desktop size, downloads allowed) and its page. */
	staff: BrowserContext;
	desk: Page;
	/** The cadre's phone: a persistent profile, so the service worker and IndexedDB behave as on a phone. */
	phone: BrowserContext;
	cadre: Page;
	close: () => Promise<void>;
}

export async function deskAndPhone(profilePrefix: string): Promise<DeskAndPhone> {
	const browser = await launchBrowser();
	const staff = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
	const desk = await staff.newPage();
	const profile = tempDir(profilePrefix);
	const phone = await launchPersistent(profile.path);
	const cadre = phone.pages()[0] ?? (await phone.newPage());
	return {
		browser,
		staff,
		desk,
		phone,
		cadre,
		close: async () => {
			await phone.close();
			await browser.close();
			profile.remove();
		}
	};
}
