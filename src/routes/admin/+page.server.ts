import type { PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope, predictPaperId } from '$lib/server/admin-scope';
import { unitReport } from '$lib/server/reports/unit-report';
import { rangeFromQuery } from '$lib/server/reports/dates';
import { weakSpots } from '$lib/server/reports/weak-spots';
import { cadrePage, PAGE_SIZE } from '$lib/server/reports/cadre-page';
import { ENOUGH_ANSWERED } from '$lib/server/predictions/compute';

export const prerender = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	const range = rangeFromQuery(url.searchParams);
	const report = scope.unit ? await unitReport(ctx.db, scope.unit, range, { predictPaper: predictPaperId(ctx) }) : null;
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	const weak = scope.unit && bank ? await weakSpots(ctx.db, bank, scope.unit, range) : null;
	const page = report && cadrePage(report.cadres, url.searchParams);
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
			// This page of the cadre table (100 rows), and where it sits in the whole list.
			cadres: page!.rows,
			paging: { sort: page!.sort, page: page!.page, pages: page!.pages, total: page!.total },
			// The first page of the at-risk list; the count is the whole list's (the export has everyone).
			atRiskTotal: report.atRisk.length,
			atRisk: report.atRisk.slice(0, PAGE_SIZE).map((c) => ({ id: c.id, name: c.name, unit: c.unit, lastActive: c.lastActive, reasons: c.reasons }))
		}
	};
};
