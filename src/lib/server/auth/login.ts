/** Signing in and changing one's password: the checks, the throttling and the session rotation. */
import type { Cookies } from '@sveltejs/kit';
import type { ServerContext } from '../context';
import { findUserByUsername, setPassword } from '../directory';
import { dummyPasswordHash, passwordProblem, verifyPassword } from './password';
import { clearSessionCookie, createSession, deleteSession, deleteUserSessions, SESSION_COOKIE, setSessionCookie } from './sessions';

export type LoginResult = { ok: true; userId: number; role: string; mustChangePassword: boolean } | { ok: false; message: string };

const WRONG = '账号或密码不正确。';

function waitMessage(ms: number): string {
	return `尝试次数过多，请 ${Math.max(1, Math.ceil(ms / 60_000))} 分钟后再试。`;
}

export async function logIn(ctx: ServerContext, cookies: Cookies, input: { username: string; password: string; address: string }, now = Date.now()): Promise<LoginResult> {
	const accountKey = input.username.trim().toLowerCase().slice(0, 60);
	const wait = Math.max(ctx.limiters.account.retryAfter(accountKey), ctx.limiters.address.retryAfter(input.address));
	if (wait > 0) return { ok: false, message: waitMessage(wait) };
	const user = accountKey ? await findUserByUsername(ctx.db, input.username) : undefined;
	// Verify against a dummy hash when there is no such account, so the timing is the same.
	const valid = await verifyPassword(input.password.slice(0, 200), user?.password_hash ?? (await dummyPasswordHash()));
	if (!user || !valid) {
		ctx.limiters.account.fail(accountKey);
		ctx.limiters.address.fail(input.address);
		return { ok: false, message: WRONG };
	}
	if (user.disabled) return { ok: false, message: '该账号已停用，请联系单位负责人。' };
	ctx.limiters.account.clear(accountKey);
	// Rotation: whatever session the browser had is ended and a new token is issued.
	await deleteSession(ctx.db, cookies.get(SESSION_COOKIE));
	const session = await createSession(ctx.db, user.id, now);
	setSessionCookie(cookies, session.token, session.expiresAt);
	await ctx.db.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
	return { ok: true, userId: user.id, role: user.role, mustChangePassword: !!user.must_change_password };
}

export async function logOut(ctx: ServerContext, cookies: Cookies): Promise<void> {
	await deleteSession(ctx.db, cookies.get(SESSION_COOKIE));
	clearSessionCookie(cookies);
}

export async function changePassword(
	ctx: ServerContext,
	cookies: Cookies,
	userId: number,
	input: { current: string; next: string; confirm: string }
): Promise<{ ok: true } | { ok: false; message: string }> {
	const user = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst();
	if (!user || !(await verifyPassword(input.current.slice(0, 200), user.password_hash))) return { ok: false, message: '当前密码不正确。' };
	const problem = passwordProblem(input.next);
	if (problem) return { ok: false, message: problem };
	if (input.next !== input.confirm) return { ok: false, message: '两次输入的新密码不一致。' };
	if (input.next === input.current) return { ok: false, message: '新密码不能与当前密码相同。' };
	await setPassword(ctx.db, userId, input.next, false);
	// Every other session of the account ends; this browser gets a fresh one.
	await deleteUserSessions(ctx.db, userId);
	const session = await createSession(ctx.db, userId);
	setSessionCookie(cookies, session.token, session.expiresAt);
	return { ok: true };
}

/** Only same-site paths are followed after login (no open redirect). */
export function safeNext(next: string | null, fallback: string): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}
