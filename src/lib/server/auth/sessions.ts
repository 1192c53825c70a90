/** Sessions: a random token in an httpOnly cookie, stored hashed, expiring, rotated at login. */
import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/database';
import type { Role } from '../db/schema';

export const SESSION_COOKIE = 'xk_session';
export const SESSION_DAYS = 30;
const DAY = 86_400_000;

export interface SessionUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	unitId: number | null;
	mustChangePassword: boolean;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Db, userId: number, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = now + SESSION_DAYS * DAY;
	await db.insertInto('sessions').values({ id: digest(token), user_id: userId, created_at: now, expires_at: expiresAt }).execute();
	return { token, expiresAt };
}

/** The user of a session token, or null when the token is unknown, expired or the account disabled. */
export async function sessionUser(db: Db, token: string | undefined, now = Date.now()): Promise<SessionUser | null> {
	if (!token || token.length > 100) return null;
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.must_change_password', 'users.disabled', 'sessions.expires_at', 'sessions.created_at'])
		.where('sessions.id', '=', digest(token))
		.executeTakeFirst();
	if (!row || row.expires_at <= now || row.disabled) return null;
	// Sliding expiry: a session in use is extended, at most once a day.
	if (row.expires_at - now < (SESSION_DAYS - 1) * DAY) {
		await db.updateTable('sessions').set({ expires_at: now + SESSION_DAYS * DAY }).where('id', '=', digest(token)).execute();
	}
	return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, unitId: row.unit_id, mustChangePassword: !!row.must_change_password };
}

export async function deleteSession(db: Db, token: string | undefined): Promise<void> {
	if (token) await db.deleteFrom('sessions').where('id', '=', digest(token)).execute();
}

/** Ends every session of a user (password reset, disabling). */
export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function purgeExpiredSessions(db: Db, now = Date.now()): Promise<void> {
	await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

/** Secure only when the site is served over https (ORIGIN says so): a LAN http install must still work. */
export function cookieSecure(): boolean {
	return (process.env.ORIGIN ?? '').startsWith('https:');
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(), expires: new Date(expiresAt) });
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure() });
}
