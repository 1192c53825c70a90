import type { PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope } from '$lib/server/admin-scope';
import { rangeFromQuery } from '$lib/server/reports/dates';
import { itemAnalysis } from '$lib/server/reports/item-analysis';

export const prerender = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	const range = rangeFromQuery(url.searchParams);
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	const items = scope.unit && bank ? await itemAnalysis(ctx.db, bank, scope.unit, range) : [];
	return { units: scope.units, unitId: scope.unit?.id ?? null, fromDay: range.fromDay, toDay: range.toDay, items: items.slice(0, 200), total: items.length };
};
