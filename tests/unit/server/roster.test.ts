import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { makeWorld, fakeEvent, outcome, type World } from './support';
import { actions as peopleActions } from '../../../src/routes/admin/people/+page.server';
import { parseRoster } from '../../../src/lib/server/roster';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chineseDate } from '../../../src/lib/server/reports/dates';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

async function rosterFile(rows: string[][]): Promise<File> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('名单');
	sheet.addRow(['城关镇干部名单']);
	sheet.addRow(['序号', '姓名', '手机号', '单位']);
	rows.forEach((r, i) => sheet.addRow([i + 1, ...r]));
	return new File([new Uint8Array(await wb.xlsx.writeBuffer())], 'roster.xlsx');
}

async function upload(user: SessionUser | null, file: File) {
	const form = new FormData();
	form.set('roster', file);
	const event = fakeEvent(user, '/admin/people?/import');
	const request = new Request(event.url, { method: 'POST', body: form });
	return outcome(() => peopleActions.import!({ ...event, request } as never));
}

describe('roster import', () => {
	it('reads the header under a title row', async () => {
		const file = await rosterFile([['张三', '13800000001', '东风村']]);
		expect(await parseRoster(await file.arrayBuffer())).toEqual([{ line: 3, name: '张三', staffNo: '13800000001', unit: '东风村' }]);
	});

	it('creates every cadre with a generated password, or none when a row is wrong', async () => {
		const good = await rosterFile([['张三', '13800000001', '东风村'], ['李四', '13800000002', '城关镇']]);
		const res = await upload(world.users.supTown.user, good);
		expect(res.status).toBe(200);
		const imported = (res.data as { imported: { username: string; password: string; unit: string }[] }).imported;
		expect(imported.map((p) => [p.username, p.unit])).toEqual([['13800000001', '青山县 / 城关镇 / 东风村'], ['13800000002', '青山县 / 城关镇']]);
		expect(imported.every((p) => /^[a-z2-9]{10}$/.test(p.password))).toBe(true);

		const bad = await rosterFile([['王五', '13800000003', '东风村'], ['赵六', '13800000001', '东风村'], ['钱七', '13800000004', '河西镇']]);
		const again = await upload(world.users.supTown.user, bad);
		expect(again.status).toBe(400);
		expect((again.data as { importProblems: string[] }).importProblems).toEqual([
			'第 4 行：账号“13800000001”已存在。',
			'第 5 行：找不到单位“河西镇”（或不在您管理的范围内）。'
		]);
		const names = await world.ctx.db.selectFrom('users').select('display_name').where('role', '=', 'cadre').execute();
		expect(names.map((n) => n.display_name)).not.toContain('王五');
	});

	it('follows the access matrix', async () => {
		const file = await rosterFile([['张三', '13800000001', '东风村']]);
		expect((await upload(null, file)).status).toBe(303);
		expect((await upload(world.users.cadre.user, file)).status).toBe(403);
		expect((await upload(world.users.supOther.user, file)).status).toBe(400);
		expect((await upload(world.users.supParent.user, file)).status).toBe(200);
	});

	it('returns the issued passwords as a one-off sheet, and keeps none of them on the server', async () => {
		const file = await rosterFile([['张三', '13800000001', '东风村'], ['=SUM(A1)', '13800000002', '东风村']]);
		const res = await upload(world.users.supTown.user, file);
		const data = res.data as { imported: { username: string; password: string }[]; sheet: { name: string; base64: string } };
		expect(data.sheet.name).toMatch(/^青山县城关镇东风村初始密码_\d{4}-\d{2}-\d{2}\.xlsx$/);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(data.sheet.base64, 'base64') as never);
		const sheet = wb.getWorksheet('初始密码')!;
		expect(sheet.getCell('A1').value).toBe(`青山县 / 城关镇 / 东风村学法考练账号初始密码（${chineseDate(Date.now())}）`);
		expect(sheet.getRow(3).values).toEqual([undefined, '序号', '姓名', '单位', '登录名', '初始密码']);
		expect(sheet.getRow(4).values).toEqual([undefined, 1, '张三', '青山县 / 城关镇 / 东风村', '13800000001', data.imported[0]!.password]);
		// A name that looks like a formula is text, not a formula.
		expect(sheet.getRow(5).getCell(2).value).toBe("'=SUM(A1)");
		expect(sheet.getRow(5).getCell(5).value).toBe(data.imported[1]!.password);
		// No file and no database page under DATA_DIR holds a password in plain text.
		await world.ctx.db.destroy().catch(() => undefined);
		const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
		for (const f of files(world.dir)) {
			const bytes = readFileSync(f).toString('latin1');
			for (const p of data.imported) expect(bytes.includes(p.password), f).toBe(false);
		}
	});

	it('refuses files that are not Excel', async () => {
		const res = await upload(world.users.supTown.user, new File(['not excel'], 'x.xlsx'));
		expect(res).toMatchObject({ status: 400, data: { importProblems: ['无法读取这个文件，请上传 Excel（.xlsx）文件。'] } });
	});
});
