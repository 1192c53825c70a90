/** Units (县 > 镇 > 村/部门) and people: creating them and reading the tree. */
import type { Db } from './db/database';
import type { Role, Unit, UnitKind } from './db/schema';
import { generatePassword, hashPassword } from './auth/password';

export const UNIT_KIND_LABELS: Record<UnitKind, string> = { county: '县', town: '镇', village: '村', department: '部门' };
export const ROLE_LABELS: Record<Role, string> = { admin: '管理员', supervisor: '负责人', cadre: '干部' };

/** Which kinds of unit may sit directly under which: a 镇 under a 县, a 村 or 部门 under either. */
const ALLOWED_PARENT: Record<UnitKind, (UnitKind | null)[]> = {
	county: [null],
	town: ['county'],
	village: ['town', 'county'],
	department: ['town', 'county']
};

export class DirectoryError extends Error {}

export async function createUnit(db: Db, input: { name: string; kind: UnitKind; parentId: number | null }, now = Date.now()): Promise<Unit> {
	const name = input.name.trim();
	if (!name || name.length > 60) throw new DirectoryError('请填写单位名称（60 字以内）。');
	const parent = input.parentId === null ? null : await getUnit(db, input.parentId);
	if (input.parentId !== null && !parent) throw new DirectoryError('上级单位不存在。');
	if (!Object.hasOwn(ALLOWED_PARENT, input.kind) || !ALLOWED_PARENT[input.kind].includes(parent?.kind ?? null)) throw new DirectoryError(`${UNIT_KIND_LABELS[input.kind]}不能设在这一级。`);
	return db.transaction().execute(async (tx) => {
		const { id } = await tx.insertInto('units').values({ name, kind: input.kind, parent_id: input.parentId, path: '', created_at: now }).returning('id').executeTakeFirstOrThrow();
		const path = `${parent?.path ?? '/'}${id}/`;
		await tx.updateTable('units').set({ path }).where('id', '=', id).execute();
		return { id, name, kind: input.kind, parent_id: input.parentId, path, created_at: now };
	});
}

export async function getUnit(db: Db, id: number): Promise<Unit | undefined> {
	return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A unit and everything below it, ordered as a tree (by path). */
export async function unitSubtree(db: Db, unit: Unit): Promise<Unit[]> {
	return db.selectFrom('units').selectAll().where('path', 'like', `${unit.path}%`).orderBy('path').execute();
}

export async function allUnits(db: Db): Promise<Unit[]> {
	return db.selectFrom('units').selectAll().orderBy('path').execute();
}

/** The unit's name with its parents: 城关镇 / 东风村. */
export function unitLabel(unit: Unit, byId: ReadonlyMap<number, Unit>): string {
	const ids = unit.path.split('/').filter(Boolean).map(Number);
	return ids.map((id) => byId.get(id)?.name ?? '').filter(Boolean).join(' / ');
}

export interface NewUser {
	username: string;
	displayName: string;
	role: Role;
	unitId: number | null;
	staffNo?: string | null;
	/** Omitted: a generated initial password, returned once. */
	password?: string;
	mustChangePassword?: boolean;
}

const USERNAME = /^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,40}$/;

/** What is wrong with an account name and a person's name, or null: checked before anything is written. */
export function newUserProblem(username: string, displayName: string): string | null {
	if (!USERNAME.test(username.trim())) return '账号为 2 至 40 位字母、数字或汉字。';
	const name = displayName.trim();
	if (!name || name.length > 40) return '请填写姓名（40 字以内）。';
	return null;
}

export async function createUser(db: Db, input: NewUser, now = Date.now()): Promise<{ id: number; password: string }> {
	const username = input.username.trim();
	const displayName = input.displayName.trim();
	const problem = newUserProblem(username, displayName);
	if (problem) throw new DirectoryError(problem);
	if (input.role !== 'admin' && input.unitId === null) throw new DirectoryError('请选择单位。');
	if (input.unitId !== null && !(await getUnit(db, input.unitId))) throw new DirectoryError('单位不存在。');
	const taken = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
	if (taken) throw new DirectoryError(`账号“${username}”已被使用。`);
	const password = input.password ?? generatePassword();
	const { id } = await db
		.insertInto('users')
		.values({
			username,
			display_name: displayName,
			staff_no: input.staffNo?.trim() || null,
			role: input.role,
			unit_id: input.unitId,
			password_hash: await hashPassword(password),
			must_change_password: input.mustChangePassword === false ? 0 : 1,
			disabled: 0,
			created_at: now,
			last_login_at: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id, password };
}

export async function findUserByUsername(db: Db, username: string) {
	return db.selectFrom('users').selectAll().where('username', '=', username.trim()).executeTakeFirst();
}

export async function setPassword(db: Db, userId: number, password: string, mustChange: boolean): Promise<void> {
	await db.updateTable('users').set({ password_hash: await hashPassword(password), must_change_password: mustChange ? 1 : 0 }).where('id', '=', userId).execute();
}
