/**
 * Assigned exams end to end in real Chromium: a supervisor publishes a paper to their town; a
 * cadre of a village below signs in on the phone, sees the task on the home page, goes offline,
 * takes and submits the exam, comes back online; the supervisor's page shows the server's score.
 * Runs against build/ (npm test), or the build named by BUILD_OUT. SHOTS_DIR=… saves screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { root, tempDir, type RunningServer } from './support/browser';
import { deskAndPhone, logIn, startServerWithOrigin, type DeskAndPhone } from './support/staff';
import { migrate, openSqlite } from '../../src/lib/server/db/database';
import { createUnit, createUser } from '../../src/lib/server/directory';

const buildDir = process.env.BUILD_OUT ? resolve(root, process.env.BUILD_OUT) : join(root, 'build');
const TITLE = '十二月学法考试';

let server: RunningServer;
let dataDir: ReturnType<typeof tempDir>;
let people: DeskAndPhone;
let phone: BrowserContext;
let desk: Page;
let cadre: Page;
let phoneScore = '';

/** Screenshots for a person to look at, light and dark, only when SHOTS_DIR is set. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
	if (!process.env.SHOTS_DIR) return;
	await page.screenshot({ path: join(process.env.SHOTS_DIR, `${name}.png`), fullPage });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: join(process.env.SHOTS_DIR, `${name}-dark.png`), fullPage });
	await page.emulateMedia({ colorScheme: 'light' });
}

/** China time (UTC+8) in a datetime-local input's format. */
const chinaInput = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);

beforeAll(async () => {
	dataDir = tempDir('xfkl-assign-');
	// Units and accounts straight into the database the server will open (the UI for them is tested in supervisor.test.ts).
	const db = openSqlite(dataDir.path);
	await migrate(db);
	const county = await createUnit(db, { name: '青山县', kind: 'county', parentId: null });
	const town = await createUnit(db, { name: '城关镇', kind: 'town', parentId: county.id });
	const village = await createUnit(db, { name: '东风村', kind: 'village', parentId: town.id });
	await createUser(db, { username: 'zhou', displayName: '周所长', role: 'supervisor', unitId: town.id, password: 'zhou12345', mustChangePassword: false });
	await createUser(db, { username: 'lisi', displayName: '李四', role: 'cadre', unitId: village.id, password: 'lisi12345', mustChangePassword: false });
	await createUser(db, { username: 'wanger', displayName: '王二', role: 'cadre', unitId: town.id, password: 'wanger12345', mustChangePassword: false });
	await db.destroy();
	server = await startServerWithOrigin({ DATA_DIR: dataDir.path, BANK_DIR: join(buildDir, 'client', 'bank') }, { buildDir });
	people = await deskAndPhone('xfkl-assign-phone-');
	({ desk, phone, cadre } = people);
});

afterAll(async () => {
	await people?.close();
	await server?.stop();
	dataDir?.remove();
});

describe('assigned exams', () => {
	it('the supervisor publishes the 综合模拟卷 to the town for a window', async () => {
		await logIn(desk, server.url, 'zhou', 'zhou12345');
		await desk.waitForURL('**/admin');
		await desk.getByRole('link', { name: '考试任务' }).click();
		await desk.waitForURL('**/admin/assignments');
		await desk.getByLabel('试卷').selectOption('comprehensive');
		await desk.getByLabel('任务名称').fill(TITLE);
		await desk.getByLabel('开始时间').fill(chinaInput(Date.now() - 3_600_000));
		await desk.getByLabel('截止时间').fill(chinaInput(Date.now() + 3 * 86_400_000));
		await desk.getByRole('button', { name: '发布', exact: true }).click();
		await desk.getByText(`已发布“${TITLE}”`).waitFor();
		const task = desk.locator('section.assignment', { hasText: TITLE });
		expect(await task.locator('.state').innerText()).toBe('进行中');
		expect(await task.locator('.counts').innerText()).toMatch(/应考 2 人 · 已考 0 人 · 及格 0 人 · 未考 2 人/);
		expect(await task.locator('.missing').innerText()).toContain('李四');
	});

	it('the cadre signs in on the phone and sees the task on the home page', async () => {
		// First visit, not signed in: the service worker downloads everything needed offline, and
		// looking for assignments leaves no error (such as a 401) in the console.
		const errors: string[] = [];
		cadre.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
		await cadre.goto(server.url);
		await cadre.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
		expect(errors).toEqual([]);
		expect(await cadre.locator('section.assignment').count()).toBe(0);
		await logIn(cadre, server.url, 'lisi', 'lisi12345');
		await cadre.getByText('您已登录为').waitFor();
		await cadre.goto(server.url);
		const card = cadre.locator('section.assignment', { hasText: TITLE });
		await card.waitFor();
		expect(await card.innerText()).toContain('截止时间');
		await card.getByRole('button', { name: '开始考试' }).waitFor();
		await shot(cadre, 'home-card');
	});

	it('offline, the cadre takes the exam from the card and submits it', async () => {
		await phone.setOffline(true);
		try {
			await cadre.goto(server.url);
			const card = cadre.locator('section.assignment', { hasText: TITLE });
			await card.getByRole('button', { name: '开始考试' }).click();
			await cadre.waitForURL(/\/exam\/[0-9a-f-]{36}$/);
			await cadre.locator('[data-question-id] .choice').first().click();
			await cadre.getByRole('button', { name: '交卷' }).click();
			await cadre.getByRole('button', { name: '确定交卷' }).click();
			await cadre.getByTestId('exam-result').waitFor();
			await expect.poll(() => cadre.getByTestId('assignment-note').innerText()).toContain(`本次为考试任务：${TITLE}`);
			phoneScore = (await cadre.getByTestId('exam-score').innerText()).trim();
			await shot(cadre, 'result', false);
			await cadre.goto(server.url);
			await card.getByText('已完成').waitFor();
			expect(await card.getByRole('button', { name: '开始考试' }).count()).toBe(0);
			await shot(cadre, 'home-card-done');
		} finally {
			await phone.setOffline(false);
		}
	});

	it('back online, the result reaches the server, and the supervisor sees the cadre’s server score', async () => {
		const task = desk.locator('section.assignment', { hasText: TITLE });
		await expect
			.poll(
				async () => {
					await desk.reload();
					return task.locator('.counts').innerText();
				},
				{ timeout: 30_000, interval: 1_000 }
			)
			.toMatch(/已考 1 人/);
		const row = task.locator('tbody tr', { hasText: '李四' });
		const cells = await row.locator('td').allInnerTexts();
		expect(cells.slice(1, 5)).toEqual(['李四', '青山县 / 城关镇 / 东风村', `${phoneScore} / 100`, '不及格']);
		expect(await task.locator('.missing').innerText()).toContain('王二');
		await shot(desk, 'admin-desk');
		await desk.setViewportSize({ width: 390, height: 844 });
		await shot(desk, 'admin-phone');
	});
});
