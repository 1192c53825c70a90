/**
 * The assignments a supervisor sees for a unit, each with who in that unit's subtree took it
 * (server score and pass of their first marked exam) and who did not.
 */
import type { ServerContext } from '../context';
import { homeUnit, type StaffUser } from '../access';
import type { Unit } from '../db/schema';
import { allUnits, unitLabel } from '../directory';
import { servedPapers } from './publish';

export interface TakenRow {
	userId: number;
	name: string;
	unit: string;
	score: number;
	total: number;
	passed: boolean;
	startedAt: number;
	submittedAt: number;
	/** Marked exams of this cadre for the assignment; the first one counts. */
	attempts: number;
	/** The phone's score differed from the server's regrading. */
	mismatch: boolean;
}

export interface MissingRow {
	userId: number;
	name: string;
	unit: string;
}

export interface AssignmentView {
	id: number;
	title: string;
	paperId: string;
	paperTitle: string;
	unitId: number;
	unitLabel: string;
	opensAt: number;
	closesAt: number;
	state: 'upcoming' | 'open' | 'closed' | 'withdrawn';
	/** Published to a unit in the caller's subtree (one above it is only shown). */
	canWithdraw: boolean;
	taken: TakenRow[];
	missing: MissingRow[];
	passed: number;
}

/** Ids of a unit and everything above it, from its materialised path. */
export const ancestorIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/**
 * Assignments published to the unit, to a unit above it (they cover it too) or to one below it.
 * Each is reported over the cadres both cover: the deeper of the two subtrees.
 */
export async function unitAssignments(ctx: ServerContext, staff: StaffUser, unit: Unit, now = Date.now()): Promise<AssignmentView[]> {
	const units = await allUnits(ctx.db);
	const byId = new Map(units.map((u) => [u.id, u]));
	const rows = await ctx.db
		.selectFrom('assignments')
		.innerJoin('units', 'units.id', 'assignments.unit_id')
		.selectAll('assignments')
		.select('units.path')
		.where((eb) => eb.or([eb('assignments.unit_id', 'in', ancestorIds(unit.path)), eb('units.path', 'like', `${unit.path}%`)]))
		.orderBy('assignments.opens_at', 'desc')
		.orderBy('assignments.id', 'desc')
		.execute();
	if (!rows.length) return [];
	const home = await homeUnit(ctx.db, staff);
	const cadres = await ctx.db
		.selectFrom('users')
		.innerJoin('units', 'units.id', 'users.unit_id')
		.select(['users.id', 'users.display_name', 'users.disabled', 'users.unit_id', 'units.path'])
		.where('users.role', '=', 'cadre')
		.where('units.path', 'like', `${unit.path}%`)
		.orderBy('units.path')
		.orderBy('users.display_name')
		.execute();
	const exams = await ctx.db
		.selectFrom('exams')
		.select(['assignment_id', 'user_id', 'score', 'total', 'passed', 'started_at', 'submitted_at', 'score_mismatch'])
		.where('assignment_id', 'in', rows.map((r) => r.id))
		.orderBy('started_at')
		.execute();
	const papers = new Map(servedPapers(ctx).map((p) => [p.id, p.title]));
	const labelOf = (unitId: number) => {
		const u = byId.get(unitId);
		return u ? unitLabel(u, byId) : '';
	};
	const views: AssignmentView[] = [];
	for (const a of rows) {
		const scopePath = a.path.length > unit.path.length ? a.path : unit.path;
		const roster = cadres.filter((c) => c.path.startsWith(scopePath));
		const mine = exams.filter((e) => e.assignment_id === a.id);
		const taken: TakenRow[] = [];
		const missing: MissingRow[] = [];
		for (const c of roster) {
			const theirs = mine.filter((e) => e.user_id === c.id);
			const first = theirs[0];
			const base = { userId: c.id, name: c.display_name, unit: labelOf(c.unit_id!) };
			if (first) {
				taken.push({ ...base, score: first.score, total: first.total, passed: !!first.passed, startedAt: first.started_at, submittedAt: first.submitted_at, attempts: theirs.length, mismatch: !!first.score_mismatch });
			} else if (!c.disabled) missing.push(base);
		}
		views.push({
			id: a.id,
			title: a.title,
			paperId: a.paper_id,
			paperTitle: papers.get(a.paper_id) ?? a.paper_id,
			unitId: a.unit_id,
			unitLabel: labelOf(a.unit_id),
			opensAt: a.opens_at,
			closesAt: a.closes_at,
			state: a.withdrawn ? 'withdrawn' : now < a.opens_at ? 'upcoming' : now < a.closes_at ? 'open' : 'closed',
			canWithdraw: !a.withdrawn && (home === null || a.path.startsWith(home.path)),
			taken,
			missing,
			passed: taken.filter((t) => t.passed).length
		});
	}
	return views;
}
