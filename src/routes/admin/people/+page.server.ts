import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope } from '$lib/server/admin-scope';
import { requireStaff, type StaffUser } from '$lib/server/access';
import { allUnits, DirectoryError, unitLabel } from '$lib/server/directory';
import { addPerson, listPeople, moveCadre, resetPassword, setDisabled } from '$lib/server/people';
import { importRoster, MAX_ROSTER_BYTES, parseRoster } from '$lib/server/roster';
import { passwordSheetDownload, type IssuedPassword } from '$lib/server/reports/password-sheet';
import type { ServerContext } from '$lib/server/context';

export const prerender = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	return {
		units: scope.units,
		unitId: scope.unit?.id ?? null,
		canAddSupervisor: scope.staff.role === 'admin',
		people: scope.unit ? await listPeople(ctx, scope.staff, scope.unit.path) : []
	};
};

async function staffAndForm(locals: App.Locals, url: URL, request: Request) {
	const staff = requireStaff(locals.user, url);
	return { ctx: await serverContext(), staff, form: await request.formData() };
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

/**
 * The issued passwords as a workbook in this one response: the page offers it for download and
 * nothing is kept on the server. The title names the people's unit when they share one.
 */
async function sheetFor(ctx: ServerContext, staff: StaffUser, issued: (Omit<IssuedPassword, 'unit'> & { unitId: number | null })[]) {
	const label = await unitLabels(ctx);
	const rows = issued.map((p) => ({ displayName: p.displayName, username: p.username, password: p.password, unit: label(p.unitId) }));
	const units = new Set(rows.map((r) => r.unit));
	const title = units.size === 1 ? [...units][0]! : label(staff.unitId) || '各单位';
	return passwordSheetDownload(title, rows);
}

/**
 * Unit labels for what an action has just done (in units the caller may see, checked by then).
 * Not from ?unit=: a query string that fails its check must not turn a done action into an error.
 */
async function unitLabels(ctx: ServerContext) {
	const all = await allUnits(ctx.db);
	const byId = new Map(all.map((u) => [u.id, u]));
	return (id: number | null) => {
		const unit = id === null ? undefined : byId.get(id);
		return unit ? unitLabel(unit, byId) : '';
	};
}

export const actions: Actions = {
	add: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		const input = { displayName: text(form, 'displayName'), username: text(form, 'username'), staffNo: text(form, 'staffNo'), unitId: Number(text(form, 'unitId')), role: text(form, 'role') === 'supervisor' ? ('supervisor' as const) : ('cadre' as const) };
		try {
			const issued = await addPerson(ctx, staff, input);
			return { issued, action: 'add', sheet: await sheetFor(ctx, staff, [issued]) };
		} catch (e) {
			if (e instanceof DirectoryError) return fail(400, { message: e.message, values: input });
			throw e;
		}
	},
	import: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		const file = form.get('roster');
		if (!(file instanceof File) || file.size === 0) return fail(400, { importProblems: ['请选择名单文件。'] });
		if (file.size > MAX_ROSTER_BYTES) return fail(413, { importProblems: ['文件太大（最大 2 MB）。'] });
		const { units } = await adminScope(ctx, staff, url);
		try {
			const result = await importRoster(ctx, staff, units, await parseRoster(await file.arrayBuffer()));
			if (result.problems.length) return fail(400, { importProblems: result.problems });
			return { imported: result.issued, sheet: await sheetFor(ctx, staff, result.issued) };
		} catch (e) {
			if (e instanceof DirectoryError) return fail(400, { importProblems: [e.message] });
			throw e;
		}
	},
	reset: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		const issued = await resetPassword(ctx, staff, Number(text(form, 'userId')));
		return { issued, action: 'reset', sheet: await sheetFor(ctx, staff, [issued]) };
	},
	disable: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		await setDisabled(ctx, staff, Number(text(form, 'userId')), text(form, 'disabled') === '1');
		return { done: true };
	},
	move: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		const userId = Number(text(form, 'userId'));
		const unitId = Number(text(form, 'unitId'));
		await moveCadre(ctx, staff, userId, unitId);
		const name = (await ctx.db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirstOrThrow()).display_name;
		return { done: true, moved: { name, unit: (await unitLabels(ctx))(unitId) } };
	}
};
