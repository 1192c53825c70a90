import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope } from '$lib/server/admin-scope';
import { unitAssignments } from '$lib/server/assignments/results';
import { assignmentWorkbook } from '$lib/server/assignments/excel';

export const prerender = false;

/** GET /admin/assignments/export?unit=&id= → .xlsx of one assignment's results over a unit in the caller's subtree. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	if (!scope.unit) error(404, '没有找到这个单位。');
	const id = Number(url.searchParams.get('id'));
	// Only assignments the unit's page lists: an id from elsewhere answers like one that does not exist.
	const view = (await unitAssignments(ctx, scope.staff, scope.unit)).find((a) => a.id === id);
	if (!view) error(404, '没有找到这项考试任务。');
	const body = await assignmentWorkbook(view, scope.unit.name);
	const name = `${scope.unit.name}_${view.title}_完成情况.xlsx`;
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="assignment.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'no-store'
		}
	});
};
