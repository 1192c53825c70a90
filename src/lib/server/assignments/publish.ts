/**
 * Supervisors' side of assigned exams: publishing a paper of the served bank to a unit in their
 * subtree for a time window, withdrawing it, and which papers can be assigned.
 */
import { error } from '@sveltejs/kit';
import type { ServerContext } from '../context';
import { canSeeUnit, visibleUnit, type StaffUser } from '../access';
import { getUnit } from '../directory';
import { parseChinaDateTime } from './window';

export class AssignmentError extends Error {}

export interface PaperChoice {
	id: string;
	title: string;
	durationMinutes: number;
}

/** The papers of the bank this server serves now: the ones phones can draw. */
export function servedPapers(ctx: ServerContext): PaperChoice[] {
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	return (bank?.manifest.papers ?? []).map((p) => ({ id: p.id, title: p.title, durationMinutes: p.durationMinutes }));
}

export interface PublishInput {
	unitId: number;
	paperId: string;
	title: string;
	/** datetime-local values, China time. */
	opens: string;
	closes: string;
}

const MAX_WINDOW_MS = 366 * 86_400_000;

export async function publishAssignment(ctx: ServerContext, staff: StaffUser, input: PublishInput, now = Date.now()): Promise<{ id: number }> {
	const unit = await visibleUnit(ctx.db, staff, input.unitId);
	const paper = servedPapers(ctx).find((p) => p.id === input.paperId);
	if (!paper) throw new AssignmentError('请选择题库中的一套试卷。');
	const title = input.title.trim() || paper.title;
	if (title.length > 60) throw new AssignmentError('任务名称请在 60 字以内。');
	const opensAt = parseChinaDateTime(input.opens);
	const closesAt = parseChinaDateTime(input.closes);
	if (opensAt === null || closesAt === null) throw new AssignmentError('请填写开始时间和截止时间。');
	if (closesAt <= opensAt) throw new AssignmentError('截止时间须晚于开始时间。');
	if (closesAt <= now) throw new AssignmentError('截止时间已经过去，请重新填写。');
	if (closesAt - opensAt > MAX_WINDOW_MS) throw new AssignmentError('考试时间段最长一年。');
	// A timed paper must fit: the exam has to start inside the window and takes this long.
	if (paper.durationMinutes > 0 && closesAt - opensAt < paper.durationMinutes * 60_000) throw new AssignmentError(`这套试卷考试时长 ${paper.durationMinutes} 分钟，时间段不能比它短。`);
	const { id } = await ctx.db
		.insertInto('assignments')
		.values({ unit_id: unit.id, paper_id: paper.id, title, opens_at: opensAt, closes_at: closesAt, created_by: staff.id, created_at: now, withdrawn: 0 })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id };
}

/** Withdraws an assignment published to a unit in the caller's subtree; any other id is 404. */
export async function withdrawAssignment(ctx: ServerContext, staff: StaffUser, assignmentId: number): Promise<void> {
	const row = Number.isSafeInteger(assignmentId) ? await ctx.db.selectFrom('assignments').select(['id', 'unit_id']).where('id', '=', assignmentId).executeTakeFirst() : undefined;
	const unit = row ? await getUnit(ctx.db, row.unit_id) : undefined;
	if (!row || !unit || !(await canSeeUnit(ctx.db, staff, unit))) error(404, '没有找到这项考试任务。');
	await ctx.db.updateTable('assignments').set({ withdrawn: 1 }).where('id', '=', row.id).execute();
}
