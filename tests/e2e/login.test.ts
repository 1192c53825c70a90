/**
 * The login form on a slow phone: what is typed before the page's code has loaded is kept, and a
 * failed try keeps the account name and says why.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, root, tempDir, type RunningServer } from './support/browser';
import { startServerWithOrigin } from './support/staff';

let server: RunningServer;
let dataDir: ReturnType<typeof tempDir>;
let browser: Browser;

beforeAll(async () => {
	dataDir = tempDir('xfkl-login-');
	execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/admin-create.ts', '--username', 'admin'], {
		cwd: root,
		env: { ...process.env, DATA_DIR: dataDir.path, ADMIN_PASSWORD: 'admin12345' }
	});
	server = await startServerWithOrigin({ DATA_DIR: dataDir.path });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	dataDir?.remove();
});

describe('login', () => {
	it('keeps what was typed before the page’s code loaded, and signs in', async () => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		// A slow phone: the HTML is there long before the code that brings it to life.
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
		await page.goto(`${server.url}/login`, { waitUntil: 'commit' });
		await page.locator('#username').fill('admin');
		await page.locator('#password').fill('admin12345');
		// Until the page is live (its service-worker registration waits for that), then a moment more.
		await page.waitForLoadState('load');
		await page.waitForTimeout(1000);
		expect(await page.locator('#username').inputValue()).toBe('admin');
		await page.getByRole('button', { name: '登录' }).click();
		await page.waitForURL('**/admin');
		await context.close();
	});

	it('a wrong password keeps the account name and says so', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${server.url}/login`);
		await page.locator('#username').fill('admin');
		await page.locator('#password').fill('wrong-password');
		await page.getByRole('button', { name: '登录' }).click();
		await page.getByRole('alert').waitFor();
		expect(await page.getByRole('alert').innerText()).toMatch(/账号或密码/);
		expect(await page.locator('#username').inputValue()).toBe('admin');
		await context.close();
	});
});
