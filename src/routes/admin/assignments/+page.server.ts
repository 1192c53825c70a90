import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serverContext } from '$lib/server/context';
import { adminScope } from '$lib/server/admin-scope';
import { requireStaff } from '$lib/server/access';
import { AssignmentError, publishAssignment, servedPapers, withdrawAssignment } from '$lib/server/assignments/publish';
import { unitAssignments } from '$lib/server/assignments/results';
import { formatChinaDateTimeInput } from '$lib/server/assignments/window';
import { chineseDateTime } from '$lib/server/reports/dates';

export const prerender = false;

const DAY = 86_400_000;

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = await serverContext();
	const scope = await adminScope(ctx, locals.user, url);
	const now = Date.now();
	const assignments = scope.unit ? await unitAssignments(ctx, scope.staff, scope.unit, now) : [];
	// Dates are formatted here, in China time, so the page reads the same on any desk's clock.
	return {
		units: scope.units,
		unitId: scope.unit?.id ?? null,
		papers: servedPapers(ctx),
		defaults: { opens: formatChinaDateTimeInput(now), closes: formatChinaDateTimeInput(now + 7 * DAY) },
		assignments: assignments.map((a) => ({
			...a,
			window: `${chineseDateTime(a.opensAt)} 至 ${chineseDateTime(a.closesAt)}`,
			taken: a.taken.map((t) => ({ ...t, submitted: chineseDateTime(t.submittedAt) }))
		}))
	};
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	publish: async ({ locals, url, request }) => {
		const staff = requireStaff(locals.user, url);
		const ctx = await serverContext();
		const form = await request.formData();
		const input = { unitId: Number(text(form, 'unitId')), paperId: text(form, 'paperId'), title: text(form, 'title'), opens: text(form, 'opens'), closes: text(form, 'closes') };
		try {
			await publishAssignment(ctx, staff, input);
			return { published: input.title.trim() || (servedPapers(ctx).find((p) => p.id === input.paperId)?.title ?? '') };
		} catch (e) {
			if (e instanceof AssignmentError) return fail(400, { message: e.message, values: input });
			throw e;
		}
	},
	withdraw: async ({ locals, url, request }) => {
		const staff = requireStaff(locals.user, url);
		const ctx = await serverContext();
		await withdrawAssignment(ctx, staff, Number(text(await request.formData(), 'assignmentId')));
		return { withdrawn: true };
	}
};
