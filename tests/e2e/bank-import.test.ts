/**
 * The admins' question import (#13) in Chromium: upload a unit's CSV on /admin/bank-import, read
 * the report, download the YAML, and the downloaded file is what the importer wrote.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, root, tempDir, type RunningServer } from './support/browser';
import { logIn, startServerWithOrigin } from './support/staff';

let server: RunningServer;
let browser: Browser;
let page: Page;
const dataDir = tempDir('xfkl-import-');

beforeAll(async () => {
	execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/admin-create.ts', '--username', 'admin'], {
		cwd: root,
		env: { ...process.env, DATA_DIR: dataDir.path, ADMIN_PASSWORD: 'admin12345' }
	});
	server = await startServerWithOrigin({ DATA_DIR: dataDir.path });
	browser = await launchBrowser();
	page = await (await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } })).newPage();
	await logIn(page, server.url, 'admin', 'admin12345');
	await page.waitForURL('**/admin');
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	dataDir.remove();
});

describe('question import in /admin', () => {
	it('uploads a CSV, shows the report and downloads the YAML', async () => {
		await page.getByRole('link', { name: '题库导入' }).click();
		await page.getByLabel('题目所属法律').selectOption({ label: '中华人民共和国行政许可法' });
		await page.getByLabel('题目文件').setInputFiles(join(root, 'tests/fixtures/bank-io/common-layout.csv'));
		await page.getByRole('button', { name: '检查并预览' }).click();
		await page.getByRole('heading', { name: '导入报告：common-layout.csv' }).waitFor();

		const figure = async (label: string) => Number(await page.locator('.figures div', { hasText: label }).locator('dd').innerText());
		const read = await figure('读取题目行');
		const imported = await figure('可导入');
		const skipped = await figure('未导入');
		expect(imported).toBeGreaterThan(0);
		expect(read).toBe(imported + skipped);
		expect(await page.locator('table tbody tr').count()).toBeGreaterThanOrEqual(skipped);

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载题库文件/ }).click()]);
		expect(download.suggestedFilename()).toMatch(/^import-\d{8}T\d{6}Z\.yaml$/);
		const yaml = readFileSync((await download.path())!, 'utf8');
		expect(yaml.match(/^- id: admin-licensing-\d{4}$/gm)?.length).toBe(imported);
		expect(yaml).toContain('imported, check quote');
	});

	it('explains a file it cannot read, and keeps the chosen law', async () => {
		await page.getByLabel('题目所属法律').selectOption({ label: '中华人民共和国行政许可法' });
		await page.getByLabel('题目文件').setInputFiles({ name: '旧格式.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from('not excel') });
		await page.getByRole('button', { name: '检查并预览' }).click();
		await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/无法读取文件.*\.xls/);
		expect(await page.getByLabel('题目所属法律').inputValue()).toBe('admin-licensing');
	});
});
