import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope, predictPaperId } from '$lib/server/admin-scope';
import { unitReport } from '$lib/server/reports/unit-report';
import { rangeFromQuery } from '$lib/server/reports/dates';
import { cadreListWorkbook, unitReportWorkbook } from '$lib/server/reports/excel';
import { weakSpots } from '$lib/server/reports/weak-spots';

export const prerender = false;

/** GET /admin/export?kind=report|cadres&unit=&from=&to= → .xlsx of a unit in the caller's subtree. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	const kind = url.searchParams.get('kind') ?? 'report';
	if (kind !== 'report' && kind !== 'cadres') error(400, '未知的导出类型。');
	if (!scope.unit) error(404, '没有找到这个单位。');
	const range = rangeFromQuery(url.searchParams);
	const report = await unitReport(ctx.db, scope.unit, range, { predictPaper: predictPaperId(ctx) });
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	const weak = kind === 'report' && bank ? await weakSpots(ctx.db, bank, scope.unit, range) : undefined;
	const body = kind === 'report' ? await unitReportWorkbook(report, weak) : await cadreListWorkbook(report);
	const name = `${report.unit.name}${kind === 'report' ? '学法考练情况' : '干部名单'}_${range.fromDay}_${range.toDay}.xlsx`;
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'no-store'
		}
	});
};
