/**
 * Settings and 备份与恢复 in real Chromium against the production build: settings are saved at
 * once and survive a reload; practise, export the backup file, reset, refuse a foreign file,
 * restore, and find the progress and the settings back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, startServer, tempDir, type RunningServer } from './support/browser';

let server: RunningServer;
let profile: ReturnType<typeof tempDir>;
let context: BrowserContext;
let page: Page;

const LAW = 'admin-licensing';

async function countRows(p: Page, store: string): Promise<number> {
	return p.evaluate(
		(name) =>
			new Promise<number>((resolve, reject) => {
				const req = indexedDB.open('xuefa-kaolian');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const count = req.result.transaction(name, 'readonly').objectStore(name).count();
					count.onsuccess = () => {
						resolve(count.result);
						req.result.close();
					};
				};
			}),
		store
	);
}

const appearance = (p: Page) =>
	p.evaluate(() => [document.documentElement.style.fontSize, document.documentElement.getAttribute('data-theme')]);

async function openSettings(): Promise<void> {
	await page.goto(`${server.url}/settings`);
	// Controls are enabled once IndexedDB has been read.
	await page.locator('fieldset.sections:not([disabled])').waitFor();
}

/** The home page's count for the law, once it has read IndexedDB (the prerendered HTML says 0). */
async function expectAnsweredOnHome(n: number): Promise<void> {
	await page.goto(server.url);
	const answered = page.locator(`[data-law="${LAW}"] [data-testid="answered"]`);
	await expect.poll(() => answered.innerText(), { timeout: 10_000 }).toBe(String(n));
}

/** Rows in every object store of the learner's database. */
async function countAllRows(p: Page): Promise<number> {
	return p.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const req = indexedDB.open('xuefa-kaolian');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					const names = [...db.objectStoreNames];
					const tx = db.transaction(names, 'readonly');
					let total = 0;
					for (const name of names) tx.objectStore(name).count().onsuccess = (e) => (total += (e.target as IDBRequest<number>).result);
					tx.oncomplete = () => {
						db.close();
						resolve(total);
					};
				};
			})
	);
}

beforeAll(async () => {
	server = await startServer();
	profile = tempDir('xfkl-e2e-settings-');
	context = await launchPersistent(profile.path);
	page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
	await context?.close();
	await server?.stop();
	profile?.remove();
});

describe('settings', () => {
	it('applies font size and theme at once and keeps every setting after a reload', async () => {
		await openSettings();
		expect(await appearance(page)).toEqual(['112.5%', null]);
		await page.getByRole('radio', { name: '特大' }).check();
		await page.getByRole('radio', { name: '深色' }).check();
		await expect.poll(() => appearance(page)).toEqual(['125%', 'dark']);
		await page.locator('input[type=date]').fill('2030-03-15');
		await page.locator('input[type=date]').dispatchEvent('change');
		await expect.poll(() => page.getByText('距考试还有').count()).toBe(1);
		await page.getByRole('button', { name: '增加 5 道' }).click();
		await page.getByRole('switch', { name: /答对后自动下一题/ }).click();
		await page.getByRole('radio', { name: '3 次' }).check();
		await expect.poll(() => page.locator('[role=status]').first().innerText()).toContain('已保存');

		await page.reload();
		await page.locator('fieldset.sections:not([disabled])').waitFor();
		expect(await appearance(page)).toEqual(['125%', 'dark']);
		expect(await page.getByRole('radio', { name: '特大' }).isChecked()).toBe(true);
		expect(await page.getByRole('radio', { name: '深色' }).isChecked()).toBe(true);
		expect(await page.getByRole('radio', { name: '3 次' }).isChecked()).toBe(true);
		expect(await page.locator('input[type=date]').inputValue()).toBe('2030-03-15');
		expect(await page.getByLabel('每日新题目标').inputValue()).toBe('25');
		expect(await page.getByRole('switch', { name: /答对后自动下一题/ }).getAttribute('aria-checked')).toBe('false');
		// The mirror the pre-paint script reads.
		const mirror = await page.evaluate(() => JSON.parse(localStorage.getItem('xfkl.settings') ?? 'null'));
		expect(mirror).toEqual({ fontSize: 'larger', theme: 'dark', examDate: '2030-03-15', dailyGoal: 25, autoAdvance: false, wrongGraduation: 3 });

		await page.getByRole('button', { name: '清除' }).first().click();
		await expect.poll(() => page.getByText('尚未设置考试日期').count()).toBe(1);
		expect(await page.locator('input[type=date]').inputValue()).toBe('');
	});
});

describe('backup and restore', () => {
	let backupPath: string;

	it('practise, then export a backup file', async () => {
		await page.goto(`${server.url}/practice/${LAW}?q=${LAW}-0101`);
		await page.locator(`#stem-${LAW}-0101`).waitFor();
		await page.getByRole('button', { name: '错误', exact: true }).click();
		await expect.poll(() => countRows(page, 'attempts')).toBe(1);
		await expectAnsweredOnHome(1);

		await openSettings();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出备份' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^学法考练备份-\d{4}年\d{1,2}月\d{1,2}日\.json$/);
		backupPath = join(profile.path, 'backup.json');
		await download.saveAs(backupPath);
		const file = JSON.parse(readFileSync(backupPath, 'utf8'));
		expect(file).toMatchObject({ app: 'xuefa-kaolian', appName: '学法考练' });
		expect(file.tables.attempts).toHaveLength(1);
		expect(file.tables.kv.find((r: { key: string }) => r.key === 'settings').value.fontSize).toBe('larger');
		await expect.poll(() => page.locator('[role=status]', { hasText: '已导出' }).count()).toBe(1);
	});

	it('reset needs the word 确认, then deletes everything', async () => {
		await page.getByRole('button', { name: '清除全部学习数据…' }).click();
		const confirm = page.getByRole('button', { name: '清除全部数据' });
		expect(await confirm.isDisabled()).toBe(true);
		await page.getByLabel(/请输入“确认”两字/).fill('确定');
		expect(await confirm.isDisabled()).toBe(true);
		const word = page.getByLabel(/请输入“确认”两字/);
		await word.fill('确认');
		expect(await confirm.isEnabled()).toBe(true);
		expect(await countAllRows(page)).toBeGreaterThan(1);
		// Enter submits the form (a click would wait for the offline notice that covers the bottom of the page).
		await word.press('Enter');
		await expect.poll(() => page.getByText('已清除本机的全部学习数据').count()).toBe(1);
		expect(await countAllRows(page)).toBe(0);
		// Settings are learner data too: back to the defaults.
		await expect.poll(() => appearance(page)).toEqual(['112.5%', null]);
		expect(await page.evaluate(() => localStorage.getItem('xfkl.settings'))).toBeNull();
	});

	it('a foreign file is refused with a clear message and changes nothing', async () => {
		await openSettings();
		await page.locator('input[type=file]').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"app":"other","data":[]}') });
		const alert = page.getByRole('alert');
		await expect.poll(() => alert.innerText()).toContain('不是学法考练的备份文件');
		expect(await alert.innerText()).toContain('本机数据没有任何改动');
		expect(await page.getByRole('button', { name: '确认恢复' }).count()).toBe(0);
	});

	it('restoring the backup brings the progress and the settings back', async () => {
		await page.locator('input[type=file]').setInputFiles(backupPath);
		const confirmCard = page.getByRole('group', { name: '从这份备份恢复？' });
		await expect.poll(() => confirmCard.innerText()).toContain('答题记录 1 条');
		await page.getByRole('button', { name: '确认恢复' }).click();
		await expect.poll(() => page.locator('[role=status]', { hasText: '已从备份恢复' }).count()).toBe(1);
		await expect.poll(() => appearance(page)).toEqual(['125%', 'dark']);
		expect(await countRows(page, 'attempts')).toBe(1);
		await expectAnsweredOnHome(1);
	});
});
