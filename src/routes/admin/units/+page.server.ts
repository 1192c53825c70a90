import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope } from '$lib/server/admin-scope';
import { requireStaff, visibleUnit } from '$lib/server/access';
import { createUnit, DirectoryError, UNIT_KIND_LABELS } from '$lib/server/directory';
import type { UnitKind } from '$lib/server/db/schema';

export const prerender = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	return { units: scope.units.map((u) => ({ ...u, kindLabel: UNIT_KIND_LABELS[u.kind] })), isAdmin: scope.staff.role === 'admin' };
};

export const actions: Actions = {
	add: async ({ locals, url, request }) => {
		const staff = requireStaff(locals.user, url);
		const ctx = await serverContext();
		const form = await request.formData();
		const name = String(form.get('name') ?? '');
		const kind = String(form.get('kind') ?? '') as UnitKind;
		const parentRaw = String(form.get('parentId') ?? '');
		// Own keys only: `in` would accept toString, constructor, __proto__ and fail later with a 500.
		if (!Object.hasOwn(UNIT_KIND_LABELS, kind)) return fail(400, { message: '请选择单位类别。' });
		// A top-level 县 only by an admin; anything else under a unit the caller may see.
		const parentId = parentRaw ? (await visibleUnit(ctx.db, staff, Number(parentRaw))).id : null;
		if (parentId === null && staff.role !== 'admin') return fail(403, { message: '只有管理员可以添加县级单位。' });
		try {
			const unit = await createUnit(ctx.db, { name, kind, parentId });
			return { created: unit.name };
		} catch (e) {
			if (e instanceof DirectoryError) return fail(400, { message: e.message });
			throw e;
		}
	}
};
