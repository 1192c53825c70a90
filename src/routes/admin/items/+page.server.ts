import type { PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope } from '$lib/server/admin-scope';
import { computedLabel, rangeFromQuery } from '$lib/server/reports/dates';
import { servedItemAnalysis } from '$lib/server/reports/item-analysis-store';
import { itemAnalysisWarmer } from '$lib/server/reports/item-analysis-warmer';

export const prerender = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = await serverContext();
	// Access first, as for every /admin page: only a unit in the caller's subtree gets this far, and
	// stored results are keyed by that unit's id.
	const scope = await adminScope(ctx, locals.user, url);
	const range = rangeFromQuery(url.searchParams);
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	const served =
		scope.unit && bank && ctx.currentBank
			? await servedItemAnalysis(ctx.db, bank, scope.unit, range, ctx.currentBank, { onStale: (key) => itemAnalysisWarmer(ctx).request(key) })
			: null;
	const items = served?.items ?? [];
	return {
		units: scope.units,
		unitId: scope.unit?.id ?? null,
		fromDay: range.fromDay,
		toDay: range.toDay,
		items: items.slice(0, 200),
		total: items.length,
		computedAt: served ? computedLabel(served.computedAt) : null,
		exact: served?.exact ?? true
	};
};
