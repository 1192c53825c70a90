/** /admin/bank-import: admins only; a preview of the importer's report and YAML; nothing written. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeEvent, makeWorld, outcome, type World } from './support';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';
import { actions, load } from '../../../src/routes/admin/bank-import/+page.server';
import { reasonLabel, rowLabel } from '../../../src/routes/admin/bank-import/reasons';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let world: World;
beforeAll(async () => (world = await makeWorld()));
afterAll(async () => world.close());

type Who = 'anonymous' | 'cadre' | 'supOther' | 'supParent' | 'supTown' | 'admin';
const everyone: Who[] = ['anonymous', 'cadre', 'supOther', 'supParent', 'supTown', 'admin'];
const expected: Record<Who, number> = { anonymous: 303, cadre: 403, supOther: 403, supParent: 403, supTown: 403, admin: 200 };
const userOf = (who: Who): SessionUser | null => (who === 'anonymous' ? null : world.users[who].user);

const fixture = readFileSync(join(process.cwd(), 'tests/fixtures/bank-io/common-layout.csv'));
const questionsDir = join(process.cwd(), 'question-bank/questions/admin-licensing');

function uploadEvent(user: SessionUser | null, fields: Record<string, string | File>) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	const event = fakeEvent(user, '/admin/bank-import?/preview');
	return { ...event, request: new Request(event.url, { method: 'POST', body: form }) };
}

describe('/admin/bank-import', () => {
	it('only admins may open the page or run an import', async () => {
		for (const who of everyone) {
			expect((await outcome(() => load(fakeEvent(userOf(who), '/admin/bank-import') as never))).status, who).toBe(expected[who]);
			const file = new File([fixture], 'bank.csv');
			expect((await outcome(() => actions.preview!(uploadEvent(userOf(who), { law: 'admin-licensing', file }) as never))).status, who).toBe(expected[who]);
		}
	});

	it('lists the laws of the source bank', async () => {
		const res = await outcome(() => load(fakeEvent(world.users.admin.user, '/admin/bank-import') as never));
		const laws = (res.data as { laws: { id: string }[] }).laws.map((l) => l.id);
		expect(laws).toContain('admin-licensing');
		expect(laws).toContain('civil-code');
	});

	it('previews a CSV file: the report and the YAML, without writing into the bank', async () => {
		const before = readdirSync(questionsDir);
		const res = await outcome(() => actions.preview!(uploadEvent(world.users.admin.user, { law: 'admin-licensing', file: new File([fixture], '本单位题库.csv') }) as never));
		expect(res.status).toBe(200);
		const { preview } = res.data as { preview: { ok: true; report: { rowsRead: number; imported: { id: string }[]; skipped: unknown[] }; yaml: string } };
		expect(preview.report.rowsRead).toBe(preview.report.imported.length + preview.report.skipped.length);
		expect(preview.report.imported.length).toBeGreaterThan(0);
		expect(preview.yaml).toContain('imported, check quote');
		expect(preview.yaml).toContain(preview.report.imported[0]!.id);
		expect(readdirSync(questionsDir)).toEqual(before);
	});

	it('says clearly what is wrong with an unusable upload', async () => {
		const admin = world.users.admin.user;
		const cases: [Record<string, string | File>, RegExp][] = [
			[{ law: 'admin-licensing', file: new File([fixture], 'old.xls') }, /\.xls is the old binary format/],
			[{ law: 'admin-licensing', file: new File([new Uint8Array([1, 2, 3])], 'broken.xlsx') }, /not a readable \.xlsx file/],
			[{ law: 'admin-licensing', file: new File([], 'empty.csv') }, /请选择要导入的文件/],
			[{ law: 'no-such-law', file: new File([fixture], 'a.csv') }, /请选择题目所属的法律/],
			[{ law: 'admin-licensing' }, /请选择要导入的文件/]
		];
		for (const [fields, message] of cases) {
			const res = await outcome(() => actions.preview!(uploadEvent(admin, fields) as never));
			expect(res.status).toBe(400);
			expect((res.data as { message: string }).message).toMatch(message);
		}
	});

	it('gives each importer reason a Chinese category', () => {
		expect(reasonLabel('missing answer')).toBe('缺少答案');
		expect(reasonLabel('options on a 判断 row: a judge question has no options')).toBe('判断题不应有选项');
		expect(reasonLabel('options A and B are the same ("x")')).toBe('选项重复');
		expect(reasonLabel('option C is empty but a later option is not')).toBe('选项不完整');
		expect(reasonLabel('duplicate of row 3 in this file')).toBe('与本文件中的题目重复');
		expect(reasonLabel('duplicate of an existing question: admin-licensing-0001')).toBe('与题库已有题目重复');
		expect(rowLabel('row 12')).toBe('第 12 行');
		expect(rowLabel('单选 row 3')).toBe('单选 第 3 行');
	});
});
