/**
 * A new bank release reaches a phone that has been offline-capable on the old one: serve build A,
 * practise, then serve build B (one question revised, one retired, ten added) on the same origin.
 * The update is offered, taken only when accepted, and every answer survives.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { freeLocalPort, launchPersistent, root, startServer, tempDir, type RunningServer } from './support/browser';
import { putSettings, readTable } from './support/learner-db';

const REVISED = 'admin-licensing-0101';
const RETIRED = 'admin-licensing-0102';
let work: { path: string; remove: () => void };
let profile: ReturnType<typeof tempDir>;
let context: BrowserContext;
let page: Page;
let server: RunningServer | null = null;
let port: number;
let nextVersion: string;

/** Builds app B from a changed copy of the bank into a folder of its own. */
async function buildB(dir: string): Promise<string> {
	const bank = join(dir, 'question-bank');
	cpSync(join(root, 'question-bank'), bank, { recursive: true });
	const bankYaml = readFileSync(join(bank, 'bank.yaml'), 'utf8');
	const [major, minor] = /version: (\d+)\.(\d+)\.\d+/.exec(bankYaml)!.slice(1).map(Number);
	const version = `${major}.${minor! + 1}.0`;
	writeFileSync(join(bank, 'bank.yaml'), bankYaml.replace(/version: \S+/, `version: ${version}`));
	const examples = join(bank, 'questions', 'admin-licensing', '00-worked-examples.yaml');
	let text = readFileSync(examples, 'utf8');
	text = text.replace(/(id: admin-licensing-0101\n  rev: )1/, '$12').replace('起十日内提出听证申请。', '起十五日内提出听证申请。');
	text = text.replace(/(id: admin-licensing-0102[\s\S]*?tags: \[设定\])/, '$1\n  retired: 测试：本题退役');
	writeFileSync(examples, text);
	const added = Array.from({ length: 10 }, (_, i) => `- id: admin-licensing-${9001 + i}
  rev: 1
  type: judge
  articles: [47]
  stem: 测试新增题${i + 1}：行政机关应当在申请人、利害关系人提出听证申请之日起${['三十', '十', '十五', '四十', '六十', '九十', '七', '五', '二', '一'][i]}日内组织听证。
  answer: false
  quote: 申请人、利害关系人在被告知听证权利之日起五日内提出听证申请的，行政机关应当在二十日内组织听证
  explanation: >-
    错误。第四十七条规定为二十日内组织听证。
  difficulty: 1
  tags: [听证]
`);
	writeFileSync(join(bank, 'questions', 'admin-licensing', 'zz-update-test.yaml'), added.join('\n'));
	const changelog = readFileSync(join(bank, 'CHANGELOG.md'), 'utf8');
	writeFileSync(join(bank, 'CHANGELOG.md'), changelog.replace('\n## ', `\n## ${version} — 2026-12-01\n\n- 新增行政许可法听证题 10 道\n- 修订 ${REVISED}\n- 退役 ${RETIRED}\n\n## `));
	const staticDir = join(dir, 'static');
	cpSync(join(root, 'static'), staticDir, { recursive: true });
	const env = { ...process.env, BANK_SOURCE: bank, STATIC_DIR: staticDir, BUILD_OUT: join(dir, 'build'), APP_VERSION: `update-test-${Date.now()}` };
	// Asynchronously: a blocked worker would miss the test runner's heartbeats during the build.
	const run = promisify(execFile);
	await run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bank.ts', 'build'], { cwd: root, env, maxBuffer: 64 << 20 });
	await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, env, maxBuffer: 64 << 20 });
	return version;
}

beforeAll(async () => {
	// Inside the project, so that build B's server resolves the project's node_modules.
	mkdirSync(join(root, 'test-results'), { recursive: true });
	const path = mkdtempSync(join(root, 'test-results', 'update-'));
	work = { path, remove: () => rmSync(path, { recursive: true, force: true }) };
	nextVersion = await buildB(work.path);
	port = await freeLocalPort();
	server = await startServer({}, { port });
	profile = tempDir('xfkl-update-profile-');
	context = await launchPersistent(profile.path);
	page = context.pages()[0] ?? (await context.newPage());
}, 240_000);

afterAll(async () => {
	await context?.close();
	await server?.stop();
	profile?.remove();
	work?.remove();
});

describe('bank update', () => {
	let examId = '';

	it('on build A: practise three questions and start an exam', async () => {
		await page.goto(server!.url);
		await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
		await putSettings(page, { autoAdvance: false });
		await page.goto(`${server!.url}/practice/admin-licensing?q=${REVISED}`);
		await page.getByRole('button', { name: '错误' }).click(); // right: the statement is false
		await page.locator('section.feedback[data-saved="true"]').waitFor();
		await page.goto(`${server!.url}/practice/admin-licensing?q=${RETIRED}`);
		await page.locator('.question .choice').first().click();
		await page.getByRole('button', { name: /提交答案/ }).click(); // wrong: only A chosen
		await page.locator('section.feedback[data-saved="true"]').waitFor();
		await page.goto(`${server!.url}/practice/civil-code`);
		await page.locator('.question .choice').first().click();
		if (await page.getByRole('button', { name: /提交答案/ }).count()) await page.getByRole('button', { name: /提交答案/ }).click();
		await page.locator('section.feedback[data-saved="true"]').waitFor();
		await page.goto(`${server!.url}/exam`);
		await page.locator('[data-paper="admin-licensing"] button:not([disabled])').click();
		await page.waitForURL(/\/exam\/[0-9a-f-]{36}$/);
		examId = page.url().split('/').pop()!;
		await page.locator('[data-question-id] .choice').first().click();
		await expect.poll(async () => (await readTable(page, 'examAnswers')).length).toBe(1);
		expect((await readTable(page, 'attempts')).length).toBe(3);
	});

	it('on build B: offers the new bank, changes nothing until accepted, then reloads into it', async () => {
		await server!.stop();
		server = await startServer({}, { buildDir: join(work.path, 'build'), port });
		await page.goto(server.url);
		const banner = page.getByText(`题库已更新至 v${nextVersion}`);
		await banner.waitFor({ timeout: 60_000 });
		expect(await page.getByRole('status').filter({ hasText: '新增行政许可法听证题 10 道' }).count()).toBe(1);
		// Not yet accepted: still the old version on screen.
		expect(await page.locator('.intro').innerText()).not.toContain(nextVersion);
		await page.getByRole('button', { name: '立即更新' }).click();
		await page.waitForEvent('load');
		await expect.poll(() => page.locator('.intro').innerText(), { timeout: 20_000 }).toContain(`题库版本 ${nextVersion}`);
	});

	it('keeps every answer; the revised question starts again, the retired one is gone from practice', async () => {
		expect((await readTable(page, 'attempts')).length).toBe(3);
		await expect.poll(async () => (await readTable<{ key: string; value: unknown }>(page, 'kv')).find((r) => r.key === 'reconciledBankVersion')?.value).toBe(nextVersion);
		const states = await readTable<{ questionId: string; card?: unknown; due: number; inWrong: number }>(page, 'questionStates');
		const revised = states.find((s) => s.questionId === REVISED)!;
		expect(revised.card).toBeUndefined();
		expect(revised.due).toBeLessThanOrEqual(Date.now());
		expect(states.find((s) => s.questionId === RETIRED)!.inWrong).toBe(0);
		await page.goto(`${server!.url}/practice/admin-licensing?q=${RETIRED}`);
		await page.locator('.question').waitFor();
		expect(await page.locator(`#stem-${RETIRED}`).count()).toBe(0);
		await page.goto(`${server!.url}/practice/admin-licensing?q=admin-licensing-9001`);
		await page.locator('#stem-admin-licensing-9001').waitFor();
	});

	it('an exam in progress finishes on the version it started with', async () => {
		await page.goto(`${server!.url}/exam/${examId}`);
		await page.locator('[data-question-id]').waitFor();
		expect(await page.locator('.progress').innerText()).toContain('已答 1 题');
	});
});
