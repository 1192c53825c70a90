import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { logIn, safeNext } from '$lib/server/auth/login';

export const prerender = false;

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	return { user: user ? { displayName: user.displayName, role: user.role } : null };
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		if (!username.trim() || !password) return fail(400, { username, message: '请填写账号和密码。' });
		const result = await logIn(await serverContext(), cookies, { username, password, address: getClientAddress() });
		if (!result.ok) return fail(400, { username, message: result.message });
		// A cadre lands on the signed-in view of this page, which starts the upload and asks about earlier work.
		if (result.mustChangePassword) redirect(303, '/login/password');
		redirect(303, safeNext(url.searchParams.get('next'), result.role === 'cadre' ? '/login' : '/admin'));
	}
};
