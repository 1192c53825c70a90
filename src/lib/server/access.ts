/**
 * Who may see what. Admins see everything; a supervisor sees their unit and all below it; a cadre
 * sees only their own records. Every /admin and /api handler goes through these checks.
 */
import { error, redirect } from '@sveltejs/kit';
import type { Db } from './db/database';
import type { Unit } from './db/schema';
import type { SessionUser } from './auth/sessions';
import { getUnit } from './directory';

export type StaffUser = SessionUser & { role: 'admin' | 'supervisor' };

/** For /admin pages: anonymous → /login; a cadre → 403; a supervisor or admin passes. */
export function requireStaff(user: SessionUser | null, url: URL): StaffUser {
	if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	if (user.mustChangePassword) redirect(303, '/login/password');
	if (user.role !== 'admin' && user.role !== 'supervisor') error(403, '此页面仅供单位负责人和管理员使用。');
	return user as StaffUser;
}

/** The unit a staff member's view starts from; null for an admin (the whole tree). */
export async function homeUnit(db: Db, user: StaffUser): Promise<Unit | null> {
	if (user.role === 'admin') return null;
	const unit = user.unitId === null ? undefined : await getUnit(db, user.unitId);
	if (!unit) error(403, '您的账号没有所属单位，请联系管理员。');
	return unit;
}

/** Whether a unit lies in the staff member's subtree. */
export async function canSeeUnit(db: Db, user: StaffUser, unit: Unit): Promise<boolean> {
	const home = await homeUnit(db, user);
	return home === null || unit.path.startsWith(home.path);
}

/**
 * A unit the staff member asked for by id, or 404 when it does not exist or is outside their
 * subtree: the same answer either way, so ids of other units reveal nothing.
 */
export async function visibleUnit(db: Db, user: StaffUser, unitId: number): Promise<Unit> {
	const unit = Number.isSafeInteger(unitId) ? await getUnit(db, unitId) : undefined;
	if (!unit || !(await canSeeUnit(db, user, unit))) error(404, '没有找到这个单位。');
	return unit;
}

/** A cadre account the staff member may manage (in their subtree), or 404. */
export async function visibleCadre(db: Db, user: StaffUser, userId: number) {
	const row = Number.isSafeInteger(userId)
		? await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select(['users.id', 'users.role', 'units.path']).where('users.id', '=', userId).executeTakeFirst()
		: undefined;
	const home = await homeUnit(db, user);
	if (!row || row.role !== 'cadre' || (home !== null && !row.path.startsWith(home.path))) error(404, '没有找到这位干部。');
	return row;
}
