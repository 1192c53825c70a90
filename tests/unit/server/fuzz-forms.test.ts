/**
 * Fuzzing every form action under /admin, /login and /logout with random form bodies, as each
 * kind of user. The actions are found on disk (import.meta.glob), and the field names are read off
 * the pages' forms, so actions added later are fuzzed too. An action may answer with a form error
 * (4xx), an HTTP error (403/404), a redirect or success, never with an unexpected exception
 * (a 500); and nothing in the database changes unless the action succeeded.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { sql } from 'kysely';
import { makeWorld, fakeCookies, outcome, type World } from './support';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';

/** FUZZ_RUNS=<n> scales the number of cases (as for tests/unit/fuzz-*.test.ts); the defaults keep `npm test` quick. */
const runs = (n: number) => (process.env.FUZZ_RUNS ? Math.max(n, Number(process.env.FUZZ_RUNS) * (n / 300)) : n);

vi.setConfig({ testTimeout: process.env.FUZZ_RUNS ? 3_600_000 : 300_000, hookTimeout: 30_000 });

type Actions = Record<string, (event: unknown) => unknown>;
const modules = import.meta.glob<{ actions?: Actions }>(['../../../src/routes/admin/**/+page.server.ts', '../../../src/routes/login/**/+page.server.ts', '../../../src/routes/logout/+page.server.ts']);

let world: World;
beforeAll(async () => (world = await makeWorld()));
afterAll(async () => world.close());

/** Field names the page's forms use, plus the ones every action here reads. */
function fieldNames(serverFile: string): string[] {
	const page = serverFile.replace('+page.server.ts', '+page.svelte').replace('../../../', '');
	const names = new Set(['username', 'password', 'displayName', 'staffNo', 'unitId', 'role', 'userId', 'disabled', 'name', 'kind', 'parentId', 'current', 'next', 'confirm']);
	const source = [page, ...['Form.svelte']].filter((p) => existsSync(p)).map((p) => readFileSync(p, 'utf8')).join('\n');
	for (const m of source.matchAll(/name="([A-Za-z_][\w-]*)"/g)) names.add(m[1]!);
	return [...names];
}

/** A hash of every row of every table: "nothing changed" means the same hash. */
async function snapshot(): Promise<string> {
	const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(world.ctx.db)).rows;
	const hash = createHash('sha256');
	for (const { name } of tables) {
		const rows = (await sql.raw(`select * from "${name}" order by rowid`).execute(world.ctx.db)).rows;
		hash.update(name + JSON.stringify(rows));
	}
	return hash.digest('hex');
}

const tricky = ['', ' ', '0', '-1', '1.5', 'NaN', '1e309', '9007199254740993', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'admin', 'supervisor', 'cadre', 'county', 'town', 'village', 'department', '1', '<script>alert(1)</script>', "' OR 1=1 --", '"; DROP TABLE users; --', '=HYPERLINK("http://x")', '2026-01-01', '2026-13-45T99:99', 'x'.repeat(5000)];

function valueArb(ids: number[]): fc.Arbitrary<string> {
	return fc.oneof(fc.constantFrom(...tricky), fc.constantFrom(...ids.map(String)), fc.string({ maxLength: 50 }), fc.integer({ min: -5, max: 50 }).map(String), fc.string({ unit: 'binary', maxLength: 20 }));
}

/** Mostly the form's own fields (each present or not) with odd values, sometimes stray ones or a file. */
function formArb(names: string[], ids: number[]) {
	const value = valueArb(ids);
	const file = fc.uint8Array({ maxLength: 3000 }).map((b) => ({ file: new File([b], 'x.xlsx') }));
	const field = fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: file });
	const own = fc.record(Object.fromEntries(names.map((n) => [n, field])), { requiredKeys: [] });
	const stray = fc.dictionary(fc.string({ maxLength: 8 }), field, { maxKeys: 3 });
	return fc.tuple(own, stray).map(([a, b]) => ({ ...b, ...a }) as Record<string, string | { file: File }>);
}

function event(user: SessionUser | null, route: string, form: Record<string, string | { file: File }>, action: string) {
	const url = new URL(`http://localhost${route}?/${action}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(form)) body.append(k, typeof v === 'string' ? v : v.file);
	const params = Object.fromEntries([...route.matchAll(/\[(\w+)\]/g)].map((m) => [m[1]!, '1']));
	return { locals: { user }, url, request: new Request(url, { method: 'POST', body }), cookies: fakeCookies(), getClientAddress: () => '10.0.0.9', params, parent: async () => ({}), setHeaders: () => undefined, route: { id: route } };
}

describe('form actions under fuzzing', () => {
	const files = Object.keys(modules).sort();
	it('finds the admin and login actions', () => {
		expect(files.some((f) => f.includes('admin/people'))).toBe(true);
		expect(files.some((f) => f.includes('/login/+page.server.ts'))).toBe(true);
	});
	it('/admin/units: a unit kind named like an Object.prototype member is a form error, not a 500', async () => {
		const { actions } = await modules['../../../src/routes/admin/units/+page.server.ts']!();
		for (const kind of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
			const before = await snapshot();
			const result = await outcome(() => actions!.add!(event(world.users.supTown.user, '/admin/units', { name: '新村', kind, parentId: String(world.units.town) }, 'add')));
			expect(result.status).toBe(400);
			expect(await snapshot()).toBe(before);
		}
	});
	for (const file of files) {
		const route = file.replace('../../../src/routes', '').replace('/+page.server.ts', '') || '/';
		it(`${route}: random forms never cause a 500, and change nothing unless accepted`, async () => {
			const { actions } = await modules[file]!();
			if (!actions) return;
			const ids = [...Object.values(world.units), ...Object.values(world.users).map((u) => u.id), 999];
			const names = fieldNames(file);
			const users = [world.users.admin.user, world.users.supTown.user, world.users.cadre.user, null];
			await fc.assert(
				fc.asyncProperty(fc.constantFrom(...Object.keys(actions)), fc.constantFrom(...users), formArb(names, ids), async (action, user, form) => {
					const before = await snapshot();
					let result: { status: number };
					try {
						result = await outcome(() => actions[action]!(event(user, route, form, action)));
					} catch (e) {
						throw new Error(`${route}?/${action} as ${user?.username ?? 'anonymous'} threw (a 500): ${String(e)}\nform: ${JSON.stringify(form).slice(0, 400)}`);
					}
					if (result.status >= 300) expect(await snapshot(), `${route}?/${action} answered ${result.status} but changed the database`).toBe(before);
				}),
				// Password checks cost a scrypt hash each: fewer runs where every one hashes.
				{ numRuns: route.startsWith('/login') ? runs(40) : runs(300) }
			);
		});
	}
});
