import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { changePassword } from '$lib/server/auth/login';

export const prerender = false;

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	return { mustChange: locals.user.mustChangePassword, displayName: locals.user.displayName };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		if (!locals.user) redirect(303, '/login');
		const form = await request.formData();
		const field = (name: string) => String(form.get(name) ?? '');
		const result = await changePassword(await serverContext(), cookies, locals.user.id, { current: field('current'), next: field('next'), confirm: field('confirm') });
		if (!result.ok) return fail(400, { message: result.message });
		redirect(303, locals.user.role === 'cadre' ? '/login' : '/admin');
	}
};
