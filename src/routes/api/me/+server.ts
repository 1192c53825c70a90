import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const prerender = false;

/** Who is signed in, for the learner app (the uploader starts only for a cadre). */
export const GET: RequestHandler = async ({ locals }) => {
	const user = locals.user;
	if (!user) return json({ user: null });
	return json({ user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, mustChangePassword: user.mustChangePassword } });
};
