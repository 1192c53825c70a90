import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope } from '$lib/server/admin-scope';
import { requireStaff } from '$lib/server/access';
import { DirectoryError } from '$lib/server/directory';
import { addPerson, listPeople, moveCadre, resetPassword, setDisabled } from '$lib/server/people';
import { adminScope as scopeFor } from '$lib/server/admin-scope';
import { importRoster, MAX_ROSTER_BYTES, parseRoster } from '$lib/server/roster';

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

export const actions: Actions = {
	add: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		const input = { displayName: text(form, 'displayName'), username: text(form, 'username'), staffNo: text(form, 'staffNo'), unitId: Number(text(form, 'unitId')), role: text(form, 'role') === 'supervisor' ? ('supervisor' as const) : ('cadre' as const) };
		try {
			return { issued: await addPerson(ctx, staff, input), action: 'add' };
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
		const { units } = await scopeFor(ctx, staff, url);
		try {
			const result = await importRoster(ctx, staff, units, await parseRoster(await file.arrayBuffer()));
			if (result.problems.length) return fail(400, { importProblems: result.problems });
			return { imported: result.issued };
		} catch (e) {
			if (e instanceof DirectoryError) return fail(400, { importProblems: [e.message] });
			throw e;
		}
	},
	reset: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		return { issued: await resetPassword(ctx, staff, Number(text(form, 'userId'))), action: 'reset' };
	},
	disable: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		await setDisabled(ctx, staff, Number(text(form, 'userId')), text(form, 'disabled') === '1');
		return { done: true };
	},
	move: async ({ locals, url, request }) => {
		const { ctx, staff, form } = await staffAndForm(locals, url, request);
		await moveCadre(ctx, staff, Number(text(form, 'userId')), Number(text(form, 'unitId')));
		return { done: true };
	}
};
