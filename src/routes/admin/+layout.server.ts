import type { LayoutServerLoad } from './$types';
import { requireStaff } from '$lib/server/access';

export const prerender = false;

// Each page checks access itself too (layout and page loads run in parallel); this is for the header.
export const load: LayoutServerLoad = async ({ locals, url }) => {
	const staff = requireStaff(locals.user, url);
	return { staff: { displayName: staff.displayName, role: staff.role } };
};
