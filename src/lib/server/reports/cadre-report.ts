/** One cadre's page: activity by day, mock exams as the server graded them, weak chapters, prediction over time. */
import { sql } from 'kysely';
import type { ServerContext } from '../context';
import { allUnits, unitLabel } from '../directory';
import { predictionHistory, type StoredPrediction } from '../predictions/read';
import { isoDay, dayStart } from './dates';
import { weakSpots, type WeakSpots } from './weak-spots';

const DAY = 86_400_000;
const CST = 8 * 3_600_000;
/** Days shown in the activity chart, today included. */
export const ACTIVITY_DAYS = 30;

export interface CadreReport {
	id: number;
	name: string;
	username: string;
	staffNo: string | null;
	unit: string;
	disabled: boolean;
	lastLoginAt: number | null;
	/** Oldest first, one entry per China-time day, days without answers included. */
	activity: { day: string; answered: number; right: number; ms: number }[];
	totals: { answered: number; right: number };
	mocks: { id: string; title: string; submittedAt: number; score: number; total: number; pass: number; passed: boolean; mismatch: boolean; clientScore: number; assigned: boolean }[];
	weak: WeakSpots | null;
	predictions: StoredPrediction[];
}

/** The report of a cadre the caller may see (check with visibleCadre first). */
export async function cadreReport(ctx: ServerContext, userId: number, now = Date.now()): Promise<CadreReport> {
	const { db } = ctx;
	const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
	const units = await allUnits(db);
	const byId = new Map(units.map((u) => [u.id, u]));
	const unit = user.unit_id === null ? undefined : byId.get(user.unit_id);

	const firstDay = dayStart(isoDay(now))! - (ACTIVITY_DAYS - 1) * DAY;
	const perDay = await db
		.selectFrom('attempts')
		.select([sql<number>`cast((at + ${sql.lit(CST)}) / ${sql.lit(DAY)} as integer)`.as('d'), sql<number>`count(*)`.as('answered'), sql<number>`sum(correct)`.as('right'), sql<number>`sum(ms)`.as('ms')])
		.where('user_id', '=', userId)
		.where('at', '>=', firstDay)
		.groupBy('d')
		.execute();
	// Literal constants keep the division integral (bound numbers could arrive as REAL).
	const byDay = new Map(perDay.map((r) => [isoDay(Number(r.d) * DAY), r]));
	const activity = Array.from({ length: ACTIVITY_DAYS }, (_, i) => {
		const day = isoDay(firstDay + i * DAY);
		const r = byDay.get(day);
		return { day, answered: Number(r?.answered ?? 0), right: Number(r?.right ?? 0), ms: Number(r?.ms ?? 0) };
	});
	const totals = await db
		.selectFrom('attempts')
		.select([sql<number>`count(*)`.as('answered'), sql<number>`coalesce(sum(correct), 0)`.as('right')])
		.where('user_id', '=', userId)
		.executeTakeFirstOrThrow();

	const exams = await db
		.selectFrom('exams')
		.select(['id', 'paper_title', 'submitted_at', 'score', 'total', 'pass', 'passed', 'score_mismatch', 'client_score', 'assignment_id'])
		.where('user_id', '=', userId)
		.orderBy('submitted_at', 'desc')
		.limit(100)
		.execute();

	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	const weak = bank && unit ? await weakSpots(db, bank, unit, { from: 0, to: Number.MAX_SAFE_INTEGER }, { userId }) : null;

	return {
		id: user.id,
		name: user.display_name,
		username: user.username,
		staffNo: user.staff_no,
		unit: unit ? unitLabel(unit, byId) : '',
		disabled: !!user.disabled,
		lastLoginAt: user.last_login_at,
		activity,
		totals: { answered: Number(totals.answered), right: Number(totals.right) },
		mocks: exams.map((e) => ({
			id: e.id,
			title: e.paper_title,
			submittedAt: e.submitted_at,
			score: e.score,
			total: e.total,
			pass: e.pass,
			passed: !!e.passed,
			mismatch: !!e.score_mismatch,
			clientScore: e.client_score,
			assigned: e.assignment_id !== null
		})),
		weak,
		predictions: await predictionHistory(db, userId)
	};
}
