/**
 * GET /api/assignments: a signed-in cadre's open and upcoming assignments (published to their unit
 * or any unit above it, not withdrawn), and whether the server already holds an exam of theirs
 * marked for each. The phone keeps the last answer so the home page shows them offline.
 */
import { json } from '@sveltejs/kit';
import type { AssignmentInfo } from '$lib/core/assignment-types';
import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import type { ServerContext } from '../context';
import { getUnit } from '../directory';
import { servedPapers } from './publish';
import { ancestorIds } from './results';

export async function cadreAssignments(db: Db, userId: number, unitId: number, paperTitles: ReadonlyMap<string, string>, now = Date.now()): Promise<AssignmentInfo[]> {
	const unit = await getUnit(db, unitId);
	if (!unit) return [];
	const rows = await db
		.selectFrom('assignments')
		.select(['id', 'title', 'paper_id', 'opens_at', 'closes_at'])
		.where('unit_id', 'in', ancestorIds(unit.path))
		.where('withdrawn', '=', 0)
		.where('closes_at', '>', now)
		.orderBy('closes_at')
		.orderBy('id')
		.execute();
	if (!rows.length) return [];
	const done = await db
		.selectFrom('exams')
		.select('assignment_id')
		.distinct()
		.where('user_id', '=', userId)
		.where('assignment_id', 'in', rows.map((r) => r.id))
		.execute();
	const doneIds = new Set(done.map((d) => d.assignment_id));
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		paperId: r.paper_id,
		paperTitle: paperTitles.get(r.paper_id) ?? r.paper_id,
		opensAt: r.opens_at,
		closesAt: r.closes_at,
		done: doneIds.has(r.id)
	}));
}

/** The endpoint: cadres only (401 anonymous, 403 other roles or a password still to change), like /api/sync. */
export async function handleCadreAssignments(ctx: ServerContext, user: SessionUser | null, now = Date.now()): Promise<Response> {
	if (!user) return json({ error: 'login-required' }, { status: 401 });
	if (user.role !== 'cadre') return json({ error: 'cadres-only' }, { status: 403 });
	if (user.mustChangePassword) return json({ error: 'password-change-required' }, { status: 403 });
	const titles = new Map(servedPapers(ctx).map((p) => [p.id, p.title]));
	const assignments = user.unitId === null ? [] : await cadreAssignments(ctx.db, user.id, user.unitId, titles, now);
	return json({ userId: user.id, assignments });
}
