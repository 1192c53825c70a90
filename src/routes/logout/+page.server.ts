import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { logOut } from '$lib/server/auth/login';

export const prerender = false;

export const load: PageServerLoad = async ({ locals }) => ({ signedIn: !!locals.user });

// Logging out is a POST (a form), so a link on another site cannot sign anyone out.
export const actions: Actions = {
	default: async ({ cookies }) => {
		await logOut(await serverContext(), cookies);
		redirect(303, '/');
	}
};
