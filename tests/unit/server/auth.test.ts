import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { makeWorld, fakeCookies, fakeEvent, outcome, type World } from './support';
import { migrate } from '../../../src/lib/server/db/database';
import { hashPassword, verifyPassword, generatePassword, passwordProblem } from '../../../src/lib/server/auth/password';
import { FailureLimiter } from '../../../src/lib/server/auth/rate-limit';
import { logIn, changePassword, safeNext } from '../../../src/lib/server/auth/login';
import { SESSION_COOKIE, sessionUser, createSession } from '../../../src/lib/server/auth/sessions';
import { createUser } from '../../../src/lib/server/directory';
import { actions as loginActions } from '../../../src/routes/login/+page.server';

// scrypt is deliberately slow, and every test seeds six accounts.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

describe('database', () => {
	it('runs migrations once, with WAL and foreign keys on', async () => {
		await migrate(world.ctx.db); // a second run is a no-op
		const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(world.ctx.db);
		const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(world.ctx.db);
		expect(journal.rows[0]!.journal_mode).toBe('wal');
		expect(fk.rows[0]!.foreign_keys).toBe(1);
		await expect(world.ctx.db.insertInto('sessions').values({ id: 'x', user_id: 9999, created_at: 0, expires_at: 1 }).execute()).rejects.toThrow(/FOREIGN KEY/);
	});

	it('archives the served bank version for regrading', () => {
		expect(world.ctx.currentBank).toBeTruthy();
		const bank = world.ctx.banks.get(world.ctx.currentBank!);
		expect(bank?.questions.size).toBeGreaterThan(100);
		expect(world.ctx.banks.get('0.0.0-never')).toBeNull();
		expect(world.ctx.banks.get('../etc')).toBeNull();
	});
});

describe('passwords', () => {
	it('hashes with scrypt and a salt, and verifies', async () => {
		const a = await hashPassword('correct horse 1');
		const b = await hashPassword('correct horse 1');
		expect(a).toMatch(/^scrypt\$/);
		expect(a).not.toBe(b);
		expect(await verifyPassword('correct horse 1', a)).toBe(true);
		expect(await verifyPassword('correct horse 2', a)).toBe(false);
		expect(await verifyPassword('x', 'garbage')).toBe(false);
	});

	it('generates readable initial passwords and checks chosen ones', () => {
		const p = generatePassword();
		expect(p).toMatch(/^[a-z2-9]{10}$/);
		expect(passwordProblem('short1')).toBeTruthy();
		expect(passwordProblem('onlyletters')).toBeTruthy();
		expect(passwordProblem('letters123')).toBeNull();
	});
});

describe('login', () => {
	const address = '10.0.0.1';

	it('sets an httpOnly SameSite=Lax session cookie and rotates it at each login', async () => {
		const cookies = fakeCookies();
		const first = await logIn(world.ctx, cookies, { username: 'cadre', password: 'secret123', address });
		expect(first).toMatchObject({ ok: true, role: 'cadre' });
		const c1 = cookies.jar.get(SESSION_COOKIE)!;
		expect(c1.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
		await logIn(world.ctx, cookies, { username: 'cadre', password: 'secret123', address });
		const c2 = cookies.jar.get(SESSION_COOKIE)!;
		expect(c2.value).not.toBe(c1.value);
		expect(await sessionUser(world.ctx.db, c1.value)).toBeNull();
		expect((await sessionUser(world.ctx.db, c2.value))?.username).toBe('cadre');
	});

	it('expires sessions', async () => {
		const { token } = await createSession(world.ctx.db, world.users.cadre.id, 0);
		expect(await sessionUser(world.ctx.db, token, 31 * 86_400_000)).toBeNull();
		expect(await sessionUser(world.ctx.db, token, 86_400_000)).not.toBeNull();
	});

	it('gives the same answer for a wrong password and an unknown account', async () => {
		const a = await logIn(world.ctx, fakeCookies(), { username: 'cadre', password: 'nope', address });
		const b = await logIn(world.ctx, fakeCookies(), { username: 'nobody', password: 'nope', address });
		expect(a).toEqual(b);
		expect(a.ok).toBe(false);
	});

	it('refuses a disabled account', async () => {
		await world.ctx.db.updateTable('users').set({ disabled: 1 }).where('id', '=', world.users.cadre.id).execute();
		expect(await logIn(world.ctx, fakeCookies(), { username: 'cadre', password: 'secret123', address })).toMatchObject({ ok: false });
		expect(await sessionUser(world.ctx.db, world.users.cadre.token)).toBeNull();
	});

	it('rate-limits per account, even with the right password afterwards', async () => {
		for (let i = 0; i < 5; i++) await logIn(world.ctx, fakeCookies(), { username: 'cadre', password: 'wrong', address: `10.0.0.${i}` });
		const r = await logIn(world.ctx, fakeCookies(), { username: 'cadre', password: 'secret123', address: '10.9.9.9' });
		expect(r).toMatchObject({ ok: false });
		expect((r as { message: string }).message).toContain('分钟后再试');
	});

	it('rate-limits per address across accounts', async () => {
		for (let i = 0; i < 20; i++) await logIn(world.ctx, fakeCookies(), { username: `guess${i}`, password: 'wrong', address });
		expect(await logIn(world.ctx, fakeCookies(), { username: 'cadre', password: 'secret123', address })).toMatchObject({ ok: false });
		expect(await logIn(world.ctx, fakeCookies(), { username: 'cadre', password: 'secret123', address: '10.0.0.2' })).toMatchObject({ ok: true });
	});

	it('lets the window slide', () => {
		let now = 0;
		const limiter = new FailureLimiter({ limit: 2, windowMs: 1000 }, () => now);
		limiter.fail('k');
		limiter.fail('k');
		expect(limiter.retryAfter('k')).toBe(1000);
		now = 1001;
		expect(limiter.retryAfter('k')).toBe(0);
	});

	it('sends a first-time user to change the password, and the change ends old sessions', async () => {
		const { id, password } = await createUser(world.ctx.db, { username: 'newbie', displayName: '新人', role: 'cadre', unitId: world.units.village });
		const event = fakeEvent(null, '/login', { form: { username: 'newbie', password } });
		const res = await outcome(() => loginActions.default!(event as never));
		expect(res).toMatchObject({ status: 303, location: '/login/password' });
		const oldToken = event.cookies.jar.get(SESSION_COOKIE)!.value;
		const user = (await sessionUser(world.ctx.db, oldToken))!;
		expect(user.mustChangePassword).toBe(true);
		const cookies = fakeCookies({ [SESSION_COOKIE]: oldToken });
		expect(await changePassword(world.ctx, cookies, id, { current: password, next: 'abc', confirm: 'abc' })).toMatchObject({ ok: false });
		expect(await changePassword(world.ctx, cookies, id, { current: password, next: 'newpass123', confirm: 'newpass123' })).toEqual({ ok: true });
		expect(await sessionUser(world.ctx.db, oldToken)).toBeNull();
		expect((await sessionUser(world.ctx.db, cookies.get(SESSION_COOKIE)))?.mustChangePassword).toBe(false);
	});

	it('follows only same-site next paths', () => {
		expect(safeNext('/admin?unit=2', '/')).toBe('/admin?unit=2');
		expect(safeNext('//evil.example', '/')).toBe('/');
		expect(safeNext('https://evil.example', '/')).toBe('/');
		expect(safeNext('/\\evil.example', '/')).toBe('/');
	});
});
