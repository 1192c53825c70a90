/**
 * The supervisors' journey (#10) in real Chromium against the production build: an admin sets up
 * units and a supervisor; the supervisor adds a cadre (and downloads the password sheet); the
 * cadre practises offline, logs in, agrees to upload, and the supervisor sees the answers and
 * exports the same figures to Excel; after more answers the server predicts the cadre's pass, and
 * the overview, the cadre page and the exported report agree on it.
 * Runs against build/ (npm test builds it), or the build folder named by BUILD_OUT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { root, tempDir, type RunningServer } from './support/browser';
import { deskAndPhone, logIn, startServerWithOrigin, type DeskAndPhone } from './support/staff';

let server: RunningServer;
let dataDir: ReturnType<typeof tempDir>;
let people: DeskAndPhone;
let staff: BrowserContext;
let phone: BrowserContext;
let desk: Page;
let cadre: Page;
let cadrePassword = '';
const buildDir = process.env.BUILD_OUT ? resolve(process.env.BUILD_OUT) : join(root, 'build');

const QUESTION = 'admin-licensing-0101';

async function changePassword(page: Page, current: string, next: string): Promise<void> {
	await page.waitForURL('**/login/password');
	await page.locator('#current').fill(current);
	await page.locator('#next').fill(next);
	await page.locator('#confirm').fill(next);
	await page.getByRole('button', { name: '保存新密码' }).click();
}

async function issuedPassword(page: Page): Promise<string> {
	return (await page.locator('.password code').innerText()).trim();
}

beforeAll(async () => {
	dataDir = tempDir('xfkl-server-');
	execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/admin-create.ts', '--username', 'admin'], {
		cwd: root,
		env: { ...process.env, DATA_DIR: dataDir.path, ADMIN_PASSWORD: 'admin12345' }
	});
	server = await startServerWithOrigin({ DATA_DIR: dataDir.path }, { buildDir });
	people = await deskAndPhone('xfkl-e2e-');
	({ staff, desk, phone, cadre } = people);
});

afterAll(async () => {
	await people?.close();
	await server?.stop();
	dataDir?.remove();
});

describe('supervisors', () => {
	it('an admin adds a county, a town and the town’s supervisor', async () => {
		await logIn(desk, server.url, 'admin', 'admin12345');
		await desk.waitForURL('**/admin');
		await desk.goto(`${server.url}/admin/units`);
		await desk.getByLabel('名称').fill('青山县');
		await desk.getByLabel('类别').selectOption('county');
		await desk.getByRole('button', { name: '添加', exact: true }).click();
		await desk.getByText('已添加“青山县”').waitFor();
		await desk.getByLabel('名称').fill('城关镇');
		await desk.getByLabel('类别').selectOption('town');
		await desk.getByLabel('上级单位').selectOption({ label: '青山县' });
		await desk.getByRole('button', { name: '添加', exact: true }).click();
		await desk.getByText('已添加“城关镇”').waitFor();

		await desk.goto(`${server.url}/admin/people`);
		await desk.getByLabel('姓名').fill('赵所长');
		await desk.getByLabel('账号').fill('zhao');
		await desk.getByLabel('单位').selectOption({ label: '青山县 / 城关镇' });
		await desk.getByLabel('角色').selectOption('supervisor');
		await desk.getByRole('button', { name: '添加并生成初始密码' }).click();
		const password = await issuedPassword(desk);

		// The admin signs out; the supervisor signs in on the same desk and sets a password.
		await desk.goto(`${server.url}/logout`);
		await desk.getByRole('button', { name: '退出登录' }).click();
		await desk.waitForURL(`${server.url}/`);
		await logIn(desk, server.url, 'zhao', password);
		await changePassword(desk, password, 'zhao12345');
		await desk.waitForURL('**/admin');
	});

	it('the supervisor adds a cadre, whose initial password is shown once', async () => {
		await desk.goto(`${server.url}/admin/people`);
		expect(await desk.getByLabel('角色').count()).toBe(0);
		await desk.getByLabel('姓名').fill('王五');
		await desk.getByLabel('账号').fill('wangwu');
		await desk.getByRole('button', { name: '添加并生成初始密码' }).click();
		cadrePassword = await issuedPassword(desk);
		expect(cadrePassword).toMatch(/^[a-z2-9]{10}$/);
		// The same password as a sheet to print, made in the browser from the form's response.
		const download = desk.waitForEvent('download');
		await desk.getByRole('link', { name: '下载密码表（Excel）' }).click();
		const file = join(dataDir.path, 'passwords.xlsx');
		await (await download).saveAs(file);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(file);
		const sheet = wb.getWorksheet('初始密码')!;
		expect(String(sheet.getCell('A1').value)).toMatch(/^青山县 \/ 城关镇学法考练账号初始密码（\d{4}年\d{1,2}月\d{1,2}日）$/);
		expect(sheet.getRow(4).values).toEqual([undefined, 1, '王五', '青山县 / 城关镇', 'wangwu', cadrePassword]);
		await desk.reload();
		expect(await desk.locator('.password').count()).toBe(0);
	});

	it('the cadre practises offline, logs in, agrees, and the answers are uploaded once', async () => {
		await cadre.goto(`${server.url}/practice/admin-licensing?q=${QUESTION}`);
		await cadre.locator(`#stem-${QUESTION}`).waitFor();
		await phone.setOffline(true);
		await cadre.getByRole('button', { name: '错误' }).click();
		await cadre.locator('section.feedback .verdict').waitFor();
		await phone.setOffline(false);

		await logIn(cadre, server.url, 'wangwu', cadrePassword);
		await changePassword(cadre, cadrePassword, 'wangwu2026');
		await cadre.getByRole('heading', { name: '上传登录前的练习记录？' }).waitFor();
		await cadre.getByRole('button', { name: '上传', exact: true }).click();
		await cadre.getByRole('heading', { name: '上传登录前的练习记录？' }).waitFor({ state: 'detached' });
		await expect.poll(() => cadre.locator('.sync-status').innerText(), { timeout: 20_000 }).toContain('已全部上传');
	});

	it('the supervisor sees the answer and exports the same figures to Excel', async () => {
		await desk.goto(`${server.url}/admin`);
		const row = desk.locator('tbody tr', { hasText: '王五' });
		await row.waitFor();
		const cells = await row.locator('td').allInnerTexts();
		expect(cells.slice(1, 6)).toEqual(['王五', '青山县 / 城关镇', '1', '100%', '0']);

		const download = desk.waitForEvent('download');
		await desk.getByRole('link', { name: '导出干部名单（Excel）' }).click();
		const file = join(dataDir.path, 'cadres.xlsx');
		await (await download).saveAs(file);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(file);
		const sheet = wb.getWorksheet('干部名单')!;
		expect(String(sheet.getCell('A1').value)).toContain('城关镇');
		const values = sheet.getRow(4).values as unknown[];
		expect(values.slice(1, 8)).toEqual([1, '王五', '青山县 / 城关镇', 'wangwu', 1, 100, 0]);
	});

	it('after more answers the server predicts a pass; the overview, the cadre page and the report agree', async () => {
		// 24 more answers, all right, sent as the phone's uploader sends them (its queue is tested elsewhere).
		const manifest = JSON.parse(readFileSync(join(buildDir, 'client/bank/manifest.json'), 'utf8')) as { version: string; papers: { predict: boolean; laws: Record<string, number> }[]; laws: { id: string; file: string }[] };
		const paper = manifest.papers.find((p) => p.predict)!;
		const law = manifest.laws.find((l) => l.id in paper.laws && l.id !== 'admin-licensing') ?? manifest.laws[0]!;
		const questions = (JSON.parse(readFileSync(join(buildDir, 'client/bank', law.file), 'utf8')) as { questions: { id: string; rev: number; law: string; answer: unknown; retired?: boolean }[] }).questions;
		const now = Date.now();
		const attempts = questions.filter((q) => !q.retired).slice(0, 24).map((q, i) => ({ id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: q.answer, correct: true, ms: 5000, at: now - i * 1000, bankVersion: manifest.version, source: 'practice' }));
		const status = await cadre.evaluate(async (body) => (await fetch('/api/sync', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status, JSON.stringify({ attempts, exams: [], reports: [] }));
		expect(status).toBe(200);

		// The prediction is computed in the background, shortly after the sync.
		const figure = desk.getByTestId('predicted-pass').locator('dd').first();
		await expect
			.poll(async () => {
				await desk.goto(`${server.url}/admin`);
				return figure.innerText();
			}, { timeout: 20_000 })
			.toMatch(/%$/);
		const rate = Number((await figure.innerText()).replace('%', ''));
		expect(rate).toBeGreaterThan(0);
		expect(await desk.getByTestId('predicted-pass').innerText()).toContain('1 人可估计');
		const row = desk.locator('tbody tr', { hasText: '王五' });
		// Per cadre the page shows whole percents; the unit's mean has one decimal.
		const near = (text: string | number) => Math.abs(Number(String(text).replace('%', '')) - rate) <= 0.5;
		expect(near(await row.locator('td').nth(9).innerText())).toBe(true);

		await row.getByRole('link', { name: '王五' }).click();
		await desk.waitForURL(/\/admin\/people\/\d+$/);
		await desk.getByRole('heading', { name: '王五' }).waitFor();
		expect(near(await desk.getByTestId('cadre-prediction').locator('dd').first().innerText())).toBe(true);
		expect(await desk.getByRole('img', { name: /最近 30 天共答 25 题/ }).count()).toBe(1);
		expect(await desk.getByText('累计答题').locator('..').innerText()).toContain('25');

		await desk.goto(`${server.url}/admin`);
		const download = desk.waitForEvent('download');
		await desk.getByRole('link', { name: '导出单位报表（Excel）' }).click();
		const file = join(dataDir.path, 'report.xlsx');
		await (await download).saveAs(file);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(file);
		const summary = wb.getWorksheet('汇总')!;
		const at = (summary.getColumn(1).values as unknown[]).indexOf('预测通过率(%)');
		expect(summary.getRow(at).getCell(2).value).toBe(rate);
		const cadres = wb.getWorksheet('干部明细')!;
		const col = (cadres.getRow(3).values as unknown[]).indexOf('预测通过可能(%)');
		expect(near(cadres.getRow(4).getCell(col).value as number)).toBe(true);
		expect(cadres.getRow(4).getCell(5).value).toBe(25);
	});
});
