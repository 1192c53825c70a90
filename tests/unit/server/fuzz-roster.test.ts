/**
 * Fuzzing the Excel roster import (/admin/people?/import): random rosters, random bytes, truncated
 * and bit-flipped workbooks. Always a clear answer (people created, or a list of problems), never a
 * 500, and never half a roster: either every row becomes an account or none does.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { makeWorld, fakeCookies, outcome, type World } from './support';
import { actions } from '../../../src/routes/admin/people/+page.server';

/** FUZZ_RUNS=<n> scales the number of cases (as for tests/unit/fuzz-*.test.ts); the defaults keep `npm test` quick. */
const runs = (n: number) => (process.env.FUZZ_RUNS ? Math.max(n, Number(process.env.FUZZ_RUNS) * (n / 300)) : n);

vi.setConfig({ testTimeout: process.env.FUZZ_RUNS ? 3_600_000 : 300_000, hookTimeout: 30_000 });

let world: World;
beforeAll(async () => (world = await makeWorld()));
afterAll(async () => world.close());

interface Row {
	name: string;
	staffNo: string;
	unit: string;
}

async function workbook(rows: Row[], titleRow: boolean): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('名单');
	if (titleRow) sheet.addRow(['城关镇干部名单']);
	sheet.addRow(['序号', '姓名', '手机号', '单位']);
	rows.forEach((r, i) => sheet.addRow([i + 1, r.name, /^\d{1,15}$/.test(r.staffNo) ? Number(r.staffNo) : r.staffNo, r.unit]));
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function importFile(bytes: Uint8Array) {
	const form = new FormData();
	form.append('roster', new File([new Uint8Array(bytes)], 'roster.xlsx'));
	const url = new URL('http://localhost/admin/people?/import');
	const event = { locals: { user: world.users.supTown.user }, url, request: new Request(url, { method: 'POST', body: form }), cookies: fakeCookies(), getClientAddress: () => '127.0.0.1', params: {}, parent: async () => ({}), setHeaders: () => undefined };
	return outcome(() => actions.import!(event as never)) as Promise<{ status: number; data?: any }>;
}

const userCount = async () => Number((await world.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

let serial = 0;
const staffNo = fc.oneof(
	{ weight: 6, arbitrary: fc.constant(null).map(() => `139${String(10_000_000 + serial++).padStart(8, '0')}`) },
	{ weight: 1, arbitrary: fc.constantFrom('', 'a', 'gh 001', 'x'.repeat(41), '<b>1</b>', "1' OR '1'='1", '138-0000-0000', '工号１２３') },
	{ weight: 1, arbitrary: fc.string({ maxLength: 12 }) }
);
const name = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom('张三', '李四', '王五', '欧阳修远', 'Zhang San') },
	{ weight: 1, arbitrary: fc.constantFrom('', '<script>alert(1)</script>', '=1+1', '名'.repeat(41), '  ') },
	{ weight: 1, arbitrary: fc.string({ maxLength: 45 }) }
);
const unit = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('东风村', '城关镇', '城关镇 / 东风村') }, { weight: 1, arbitrary: fc.constantFrom('河西镇', '青山县', '', '不存在村') }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
const row = fc.record({ name, staffNo, unit });

/** Either the whole roster went in (one new account per listed person) or nothing did. */
async function expectAllOrNothing(bytes: Uint8Array, listed: number | null) {
	const before = await userCount();
	const result = await importFile(bytes);
	const after = await userCount();
	expect(result.status, JSON.stringify(result.data)?.slice(0, 300)).toBeLessThan(500);
	if (result.status >= 400) {
		expect(after, `refused (${JSON.stringify(result.data?.importProblems)}) but created ${after - before} accounts`).toBe(before);
		const problems = result.data?.importProblems as string[];
		expect(problems.length).toBeGreaterThan(0);
		for (const p of problems) expect(p).toMatch(/[\u4e00-\u9fff]/);
	} else {
		const imported = (result.data as { imported: unknown[] }).imported;
		expect(after - before).toBe(imported.length);
		if (listed !== null) expect(imported.length).toBe(listed);
	}
	return result;
}

describe('roster import under fuzzing', () => {
	it('random rosters: all rows imported or none', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 6 }), fc.boolean(), async (rows, title) => {
				const listed = rows.filter((r) => r.name.trim() || String(r.staffNo).trim()).length;
				await expectAllOrNothing(await workbook(rows, title), listed);
			}),
			{ numRuns: runs(120) }
		);
	});

	it('a valid row followed by one whose 工号 is not a valid account name creates nobody', async () => {
		const bytes = await workbook([{ name: '张三', staffNo: '13900000001', unit: '东风村' }, { name: '李四', staffNo: 'gh 002', unit: '东风村' }], false);
		const result = await expectAllOrNothing(bytes, 2);
		expect(result.status).toBe(400);
	});

	it('a valid row followed by a 41-character name creates nobody', async () => {
		const bytes = await workbook([{ name: '张三', staffNo: '13900000002', unit: '东风村' }, { name: '名'.repeat(41), staffNo: '13900000003', unit: '东风村' }], false);
		const result = await expectAllOrNothing(bytes, 2);
		expect(result.status).toBe(400);
	});

	it('random bytes, truncated and bit-flipped workbooks: a clear error, nothing imported', async () => {
		const good = await workbook([{ name: '王五', staffNo: '13900000009', unit: '东风村' }], false);
		const damaged = fc.oneof(
			fc.uint8Array({ minLength: 1, maxLength: 5000 }),
			fc.integer({ min: 1, max: good.length - 1 }).map((n) => good.slice(0, n)),
			fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
				const copy = good.slice();
				for (const [at, xor] of flips) copy[at]! ^= xor;
				return copy;
			})
		);
		await fc.assert(
			fc.asyncProperty(damaged, async (bytes) => {
				await expectAllOrNothing(bytes, null);
			}),
			{ numRuns: runs(150) }
		);
	});
});
