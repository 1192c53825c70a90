/**
 * The access matrix: every /admin route and action, called as anonymous, a cadre, a supervisor of
 * another unit, a supervisor of a parent unit, the unit's own supervisor and an admin.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeWorld, fakeEvent, outcome, type World } from './support';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';
import { load as layoutLoad } from '../../../src/routes/admin/+layout.server';
import { load as overviewLoad } from '../../../src/routes/admin/+page.server';
import { GET as exportGet } from '../../../src/routes/admin/export/+server';
import { load as peopleLoad, actions as peopleActions } from '../../../src/routes/admin/people/+page.server';
import { load as unitsLoad, actions as unitsActions } from '../../../src/routes/admin/units/+page.server';
import { load as itemsLoad } from '../../../src/routes/admin/items/+page.server';
import { load as cadreLoad } from '../../../src/routes/admin/people/[id]/+page.server';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let world: World;
beforeAll(async () => (world = await makeWorld()));
afterAll(async () => world.close());

type Who = 'anonymous' | 'cadre' | 'supOther' | 'supParent' | 'supTown' | 'admin';
const everyone: Who[] = ['anonymous', 'cadre', 'supOther', 'supParent', 'supTown', 'admin'];
const userOf = (who: Who): SessionUser | null => (who === 'anonymous' ? null : world.users[who].user);

/** What each caller gets for something inside 城关镇 (the town holding the cadre's village). */
const expectedForTown: Record<Who, number> = { anonymous: 303, cadre: 403, supOther: 404, supParent: 200, supTown: 200, admin: 200 };

describe('admin pages', () => {
	it('the layout lets in supervisors and admins only', async () => {
		for (const who of everyone) {
			const res = await outcome(() => layoutLoad(fakeEvent(userOf(who), '/admin') as never));
			const expected = who === 'anonymous' ? 303 : who === 'cadre' ? 403 : 200;
			expect(res.status, who).toBe(expected);
			if (who === 'anonymous') expect(res.location).toBe('/login?next=%2Fadmin');
		}
	});

	it('the overview of 城关镇 follows the matrix and lists only that subtree', async () => {
		for (const who of everyone) {
			const res = await outcome(() => overviewLoad(fakeEvent(userOf(who), `/admin?unit=${world.units.town}`) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
			if (res.status === 200) {
				const data = res.data as { report: { cadres: { id: number }[] } };
				expect(data.report.cadres.map((c) => c.id)).toEqual([world.users.cadre.id]);
			}
		}
	});

	it('a supervisor without ?unit= sees their own unit, and only units in their subtree', async () => {
		const res = await outcome(() => overviewLoad(fakeEvent(world.users.supOther.user, '/admin') as never));
		const data = res.data as { unitId: number; units: { id: number }[]; report: { cadres: { id: number }[] } };
		expect(data.unitId).toBe(world.units.otherTown);
		expect(data.units.map((u) => u.id)).toEqual([world.units.otherTown]);
		expect(data.report.cadres.map((c) => c.id)).toEqual([world.users.otherCadre.id]);
	});

	it('an unknown unit id and a foreign one get the same 404', async () => {
		for (const unit of [world.units.county, 99999, 'abc']) {
			const res = await outcome(() => overviewLoad(fakeEvent(world.users.supTown.user, `/admin?unit=${unit}`) as never));
			expect(res.status, String(unit)).toBe(404);
		}
	});

	it('the item analysis follows the matrix', async () => {
		for (const who of everyone) {
			const res = await outcome(() => itemsLoad(fakeEvent(userOf(who), `/admin/items?unit=${world.units.town}`) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
		}
	});

	it('the Excel export follows the matrix', async () => {
		for (const who of everyone) {
			const res = await outcome(() => exportGet(fakeEvent(userOf(who), `/admin/export?kind=report&unit=${world.units.town}`) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
			if (res.status === 200) expect((res.data as Response).headers.get('content-type')).toContain('spreadsheetml');
		}
	});

	it('the people list follows the matrix and never shows people outside the subtree', async () => {
		for (const who of everyone) {
			const res = await outcome(() => peopleLoad(fakeEvent(userOf(who), `/admin/people?unit=${world.units.town}`) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
			if (res.status === 200) {
				const ids = (res.data as { people: { id: number }[] }).people.map((p) => p.id).sort();
				expect(ids).toEqual([world.users.supTown.id, world.users.cadre.id].sort());
			}
		}
	});

	it('the cadre page follows the matrix, and ids outside the subtree look like missing ones', async () => {
		const open = (who: Who, id: string) => outcome(() => cadreLoad({ ...fakeEvent(userOf(who), `/admin/people/${id}`), params: { id } } as never));
		for (const who of everyone) {
			const res = await open(who, String(world.users.cadre.id));
			expect(res.status, who).toBe(expectedForTown[who]);
			if (res.status === 200) expect((res.data as { cadre: { id: number; unit: string } }).cadre).toMatchObject({ id: world.users.cadre.id, unit: '青山县 / 城关镇 / 东风村' });
		}
		// Guessing ids: another town's cadre, a supervisor, an admin, a missing id and junk all answer 404.
		for (const id of [world.users.otherCadre.id, world.users.supTown.id, world.users.admin.id, 99999, '1e3', '-1', 'abc']) {
			expect((await open('supTown', String(id))).status, String(id)).toBe(404);
		}
		expect((await open('supOther', String(world.users.otherCadre.id))).status).toBe(200);
		expect((await open('anonymous', '99999')).status).toBe(303);
		expect((await open('cadre', String(world.users.cadre.id))).status).toBe(403);
	});

	it('the units page shows each caller only their subtree', async () => {
		const seen = async (who: Who) => ((await outcome(() => unitsLoad(fakeEvent(userOf(who), '/admin/units') as never))).data as { units: { id: number }[] }).units.map((u) => u.id);
		expect(await seen('supTown')).toEqual([world.units.town, world.units.village]);
		expect(await seen('supParent')).toHaveLength(4);
		expect(await seen('admin')).toHaveLength(4);
		expect((await outcome(() => unitsLoad(fakeEvent(null, '/admin/units') as never))).status).toBe(303);
		expect((await outcome(() => unitsLoad(fakeEvent(userOf('cadre'), '/admin/units') as never))).status).toBe(403);
	});
});

describe('admin actions', () => {
	const act = (fn: ((e: never) => unknown) | undefined, who: Who, path: string, form: Record<string, string>) => outcome(() => fn!(fakeEvent(userOf(who), path, { form }) as never));

	it('resetting a password follows the matrix (by user id, no leaks)', async () => {
		for (const who of everyone) {
			const res = await act(peopleActions.reset, who, '/admin/people?/reset', { userId: String(world.users.cadre.id) });
			expect(res.status, who).toBe(expectedForTown[who]);
			if (res.status === 200) {
				const data = res.data as { issued: { password: string }; sheet: { base64: string } };
				expect(data.issued.password).toMatch(/^[a-z2-9]{10}$/);
				// The password sheet comes back in this response only.
				expect(Buffer.from(data.sheet.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
			}
		}
		// A supervisor cannot reset another supervisor or an admin through a crafted id.
		expect((await act(peopleActions.reset, 'supParent', '/admin/people?/reset', { userId: String(world.users.supTown.id) })).status).toBe(404);
		expect((await act(peopleActions.reset, 'supParent', '/admin/people?/reset', { userId: String(world.users.admin.id) })).status).toBe(404);
	});

	it('disabling follows the matrix', async () => {
		for (const who of everyone) {
			const res = await act(peopleActions.disable, who, '/admin/people?/disable', { userId: String(world.users.cadre.id), disabled: '0' });
			expect(res.status, who).toBe(expectedForTown[who]);
		}
	});

	it('adding a cadre follows the matrix; supervisors cannot add supervisors', async () => {
		let n = 0;
		for (const who of everyone) {
			const res = await act(peopleActions.add, who, '/admin/people?/add', { displayName: '张三', username: `zhang${n++}`, staffNo: '', unitId: String(world.units.village), role: 'cadre' });
			expect(res.status, who).toBe(expectedForTown[who]);
		}
		const sup = await act(peopleActions.add, 'supParent', '/admin/people?/add', { displayName: '李四', username: 'lisi', staffNo: '', unitId: String(world.units.village), role: 'supervisor' });
		expect(sup.status).toBe(400);
		const byAdmin = await act(peopleActions.add, 'admin', '/admin/people?/add', { displayName: '李四', username: 'lisi', staffNo: '', unitId: String(world.units.village), role: 'supervisor' });
		expect(byAdmin.status).toBe(200);
	});

	it('moving a cadre follows the matrix and needs both units in the subtree', async () => {
		for (const who of everyone) {
			const res = await act(peopleActions.move, who, '/admin/people?/move', { userId: String(world.users.cadre.id), unitId: String(world.units.village) });
			expect(res.status, who).toBe(expectedForTown[who]);
		}
		// Another town's cadre cannot be pulled in, nor a supervisor moved, by a crafted id.
		expect((await act(peopleActions.move, 'supTown', '/admin/people?/move', { userId: String(world.users.otherCadre.id), unitId: String(world.units.village) })).status).toBe(404);
		expect((await act(peopleActions.move, 'supParent', '/admin/people?/move', { userId: String(world.users.supTown.id), unitId: String(world.units.village) })).status).toBe(404);
		expect((await act(peopleActions.move, 'supTown', '/admin/people?/move', { userId: String(world.users.cadre.id), unitId: String(world.units.otherTown) })).status).toBe(404);
		expect((await act(peopleActions.move, 'supTown', '/admin/people?/move', { userId: String(world.users.cadre.id), unitId: String(world.units.town) })).status).toBe(200);
		expect((await act(peopleActions.move, 'supParent', '/admin/people?/move', { userId: String(world.users.cadre.id), unitId: String(world.units.village) })).status).toBe(200);
	});

	it('adding a unit follows the matrix; only admins add a 县', async () => {
		for (const who of everyone) {
			const res = await act(unitsActions.add, who, '/admin/units?/add', { name: `新村${who}`, kind: 'village', parentId: String(world.units.town) });
			expect(res.status, who).toBe(expectedForTown[who]);
		}
		expect((await act(unitsActions.add, 'supParent', '/admin/units?/add', { name: '外县', kind: 'county', parentId: '' })).status).toBe(403);
		expect((await act(unitsActions.add, 'admin', '/admin/units?/add', { name: '外县', kind: 'county', parentId: '' })).status).toBe(200);
	});
});
