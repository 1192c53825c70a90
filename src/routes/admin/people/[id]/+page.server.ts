import type { PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { requireStaff, visibleCadre } from '$lib/server/access';
import { cadreReport } from '$lib/server/reports/cadre-report';
import { ENOUGH_ANSWERED } from '$lib/server/predictions/compute';

export const prerender = false;

/** One cadre: admins, and supervisors of the cadre's unit or above; anyone else gets the same 404 as a missing id. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const staff = requireStaff(locals.user, url);
	const ctx = await serverContext();
	const id = /^\d{1,12}$/.test(params.id) ? Number(params.id) : NaN;
	await visibleCadre(ctx.db, staff, id);
	return { cadre: await cadreReport(ctx, id), enoughAnswered: ENOUGH_ANSWERED };
};
