import type { PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope, predictPaperId } from '$lib/server/admin-scope';
import { unitReport } from '$lib/server/reports/unit-report';
import { rangeFromQuery } from '$lib/server/reports/dates';
import { weakSpots } from '$lib/server/reports/weak-spots';
import { ENOUGH_ANSWERED } from '$lib/server/predictions/compute';

export const prerender = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	const range = rangeFromQuery(url.searchParams);
	const report = scope.unit ? await unitReport(ctx.db, scope.unit, range, { predictPaper: predictPaperId(ctx) }) : null;
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	const weak = scope.unit && bank ? await weakSpots(ctx.db, bank, scope.unit, range) : null;
	return {
		units: scope.units,
		unitId: scope.unit?.id ?? null,
		fromDay: range.fromDay,
		toDay: range.toDay,
		weak,
		enoughAnswered: ENOUGH_ANSWERED,
		report: report && {
			unitName: report.unitName,
			summary: report.summary,
			cadres: report.cadres,
			atRisk: report.atRisk.map((c) => ({ id: c.id, name: c.name, unit: c.unit, lastActive: c.lastActive, reasons: c.reasons }))
		}
	};
};
