/** Managing people from /admin: add, disable / re-enable, reset a password; all scoped to the caller. */
import type { ServerContext } from './context';
import { homeUnit, visibleCadre, visibleUnit, type StaffUser } from './access';
import { createUser, DirectoryError, ROLE_LABELS } from './directory';
import { generatePassword } from './auth/password';
import { deleteUserSessions } from './auth/sessions';
import { setPassword } from './directory';
import type { Role } from './db/schema';

export interface PersonRow {
	id: number;
	name: string;
	username: string;
	staffNo: string | null;
	role: Role;
	roleLabel: string;
	unitId: number | null;
	disabled: boolean;
	mustChangePassword: boolean;
	lastLoginAt: number | null;
}

/** Everyone with a unit in the caller's subtree (admins: everyone but other admins). */
export async function listPeople(ctx: ServerContext, staff: StaffUser, unitPath: string): Promise<PersonRow[]> {
	const home = await homeUnit(ctx.db, staff);
	const path = home && !unitPath.startsWith(home.path) ? home.path : unitPath;
	const rows = await ctx.db
		.selectFrom('users')
		.innerJoin('units', 'units.id', 'users.unit_id')
		.select(['users.id', 'users.display_name', 'users.username', 'users.staff_no', 'users.role', 'users.unit_id', 'users.disabled', 'users.must_change_password', 'users.last_login_at'])
		.where('units.path', 'like', `${path}%`)
		.orderBy('units.path')
		.orderBy('users.role')
		.orderBy('users.display_name')
		.execute();
	return rows.map((r) => ({
		id: r.id, name: r.display_name, username: r.username, staffNo: r.staff_no, role: r.role, roleLabel: ROLE_LABELS[r.role], unitId: r.unit_id,
		disabled: !!r.disabled, mustChangePassword: !!r.must_change_password, lastLoginAt: r.last_login_at
	}));
}

export interface AddPersonInput {
	displayName: string;
	username: string;
	staffNo: string;
	unitId: number;
	role: Role;
}

/** Adds a cadre (or, for an admin, a supervisor) to a unit in the caller's subtree. Returns the initial password once. */
export async function addPerson(ctx: ServerContext, staff: StaffUser, input: AddPersonInput) {
	await visibleUnit(ctx.db, staff, input.unitId);
	if (input.role !== 'cadre' && !(input.role === 'supervisor' && staff.role === 'admin')) throw new DirectoryError('您只能添加干部账号。');
	const password = generatePassword();
	const { id } = await createUser(ctx.db, { ...input, password, mustChangePassword: true });
	return { id, username: input.username.trim(), displayName: input.displayName.trim(), unitId: input.unitId, password };
}

export async function resetPassword(ctx: ServerContext, staff: StaffUser, userId: number) {
	await visibleCadre(ctx.db, staff, userId);
	const password = generatePassword();
	await setPassword(ctx.db, userId, password, true);
	await deleteUserSessions(ctx.db, userId);
	const user = await ctx.db.selectFrom('users').select(['username', 'display_name', 'unit_id']).where('id', '=', userId).executeTakeFirstOrThrow();
	return { id: userId, username: user.username, displayName: user.display_name, unitId: user.unit_id, password };
}

export async function setDisabled(ctx: ServerContext, staff: StaffUser, userId: number, disabled: boolean): Promise<void> {
	await visibleCadre(ctx.db, staff, userId);
	await ctx.db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', userId).execute();
	if (disabled) await deleteUserSessions(ctx.db, userId);
}

/** Moves a cadre to another unit; both units must be in the caller's subtree. */
export async function moveCadre(ctx: ServerContext, staff: StaffUser, userId: number, unitId: number): Promise<void> {
	await visibleCadre(ctx.db, staff, userId);
	await visibleUnit(ctx.db, staff, unitId);
	await ctx.db.updateTable('users').set({ unit_id: unitId }).where('id', '=', userId).execute();
}
