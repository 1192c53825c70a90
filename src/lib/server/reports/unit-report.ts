/** The unit overview: per cadre and for the whole subtree, over a date range. */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Unit } from '../db/schema';
import { allUnits, unitLabel } from '../directory';
import type { StoredPrediction } from '../predictions/read';
import { ENOUGH_ANSWERED } from '../predictions/compute';
import { isoDay } from './dates';
import { answeredByCadre, dayNumber, wholeDays } from './attempt-days';

const DAY = 86_400_000;

export interface DateRange {
	/** Inclusive, epoch ms (start of the first day). */
	from: number;
	/** Exclusive, epoch ms (start of the day after the last). */
	to: number;
}

export interface CadreRow {
	id: number;
	name: string;
	username: string;
	unit: string;
	disabled: boolean;
	answered: number;
	right: number;
	mocks: number;
	/** Percent of the paper's total, one decimal; null without mocks. */
	averageScore: number | null;
	bestScore: number | null;
	/** The latest 综合模拟卷 in the range. */
	latestMock: { score: number; total: number; passed: boolean } | null;
	/** Exams whose phone score disagreed with the server's regrading. */
	flagged: number;
	lastActive: number | null;
	/** The newest predicted pass on or before the range's last day; null when never computed. */
	prediction: StoredPrediction | null;
}

/** A cadre who needs attention, and why (predicted pass below 50%, inactive for 14 days). */
export interface AtRiskRow extends CadreRow {
	reasons: string[];
}

export interface UnitReport {
	unit: Unit;
	unitName: string;
	range: DateRange;
	cadres: CadreRow[];
	summary: {
		cadres: number;
		active7: number;
		answered: number;
		accuracy: number | null;
		mocks: number;
		averageScore: number | null;
		bestScore: number | null;
		/** Share of cadres (with a 综合模拟卷 in the range) whose latest one passed. */
		passRate: number | null;
		tookMock: number;
		/** Mean predicted pass probability (percent) over cadres with enough answers; null when none. */
		predictedPassRate: number | null;
		/** Percent of those cadres whose predicted pass is at least 50%. */
		predictedPassShare: number | null;
		/** Cadres with enough answers for a prediction, and those shown as 未知. */
		predictedKnown: number;
		predictedUnknown: number;
	};
	/** Enabled cadres predicted below 50%, or with no activity for 14 days (or never). */
	atRisk: AtRiskRow[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function unitReport(db: Db, unit: Unit, range: DateRange, options: { predictPaper: string; now?: number }): Promise<UnitReport> {
	const now = options.now ?? Date.now();
	const units = await allUnits(db);
	const byId = new Map(units.map((u) => [u.id, u]));
	// The subtree's cadres as a subquery, never as a list of bound ids: SQLite allows 32,766
	// parameters, and a county's list would also be parsed and planned anew on every request.
	const cadreIds = db
		.selectFrom('users')
		.innerJoin('units', 'units.id', 'users.unit_id')
		.select('users.id')
		.where('users.role', '=', 'cadre')
		.where('units.path', 'like', `${unit.path}%`);
	const upToDay = isoDay(range.to - 1);
	const whole = wholeDays(range);
	// Two probes per cadre into the running totals (migration 0009) for the range's counts: the
	// totals through the range's last day minus those through the day before its first.
	const throughDay = (day: number) => sql<boolean>`= (SELECT max(t.day) FROM cadre_totals t WHERE t.user_id = users.id AND t.day < ${day})`;
	const people = await db
		.selectFrom('users')
		.innerJoin('units', 'units.id', 'users.unit_id')
		.leftJoin('cadre_totals as hi', (join) => join.onRef('hi.user_id', '=', 'users.id').on(sql<boolean>`hi.day ${throughDay(dayNumber(range.to))}`))
		.leftJoin('cadre_totals as lo', (join) => join.onRef('lo.user_id', '=', 'users.id').on(sql<boolean>`lo.day ${throughDay(dayNumber(range.from))}`))
		// Each cadre's newest prediction on or before the range's last day, by two probes of the
		// (user_id, day) key per cadre: cheaper than grouping every prediction of the subtree.
		.leftJoin('predictions as p', (join) =>
			join.onRef('p.user_id', '=', 'users.id').on(sql<boolean>`p.day = (SELECT max(q.day) FROM predictions q WHERE q.user_id = users.id AND q.day <= ${upToDay})`)
		)
		.select([
			'users.id',
			'users.display_name',
			'users.username',
			'users.disabled',
			'users.unit_id',
			// The newest attempt ever (not only in the range): the newest day's row of the totals.
			sql<number | null>`(SELECT t.last_at FROM cadre_totals t WHERE t.user_id = users.id ORDER BY t.day DESC LIMIT 1)`.as('last'),
			sql<number>`coalesce(hi.answered_through, 0) - coalesce(lo.answered_through, 0)`.as('answered'),
			sql<number>`coalesce(hi.right_through, 0) - coalesce(lo.right_through, 0)`.as('right'),
			'p.day as p_day',
			'p.probability as p_probability',
			'p.expected_score as p_expected_score',
			'p.answered as p_answered',
			'p.pool_size as p_pool_size'
		])
		.where('users.role', '=', 'cadre')
		.where('units.path', 'like', `${unit.path}%`)
		.orderBy('units.path')
		.orderBy('users.display_name')
		.execute();

	// A range that cuts through a day (not made by rangeFromQuery): counted from the attempts.
	const partial = whole ? null : new Map((await answeredByCadre(db, cadreIds, range)).map((a) => [a.user_id, a]));
	const exams = await db
		.selectFrom('exams')
		.select(['user_id', 'paper_id', 'score', 'total', 'passed', 'submitted_at', 'score_mismatch'])
		.where('user_id', 'in', cadreIds)
		.where('submitted_at', '>=', range.from)
		.where('submitted_at', '<', range.to)
		.orderBy('submitted_at')
		.execute();

	// Exams are in submission order, so each cadre's list is too (one pass, not a filter per cadre).
	const examsBy = new Map<number, (typeof exams)[number][]>();
	for (const e of exams) {
		const list = examsBy.get(e.user_id);
		if (list) list.push(e);
		else examsBy.set(e.user_id, [e]);
	}
	// Thousands of cadres share a few hundred units: each unit's label is built once.
	const labels = new Map<number, string>();
	const labelOf = (unitId: number) => labels.get(unitId) ?? labels.set(unitId, unitLabel(byId.get(unitId)!, byId)).get(unitId)!;
	const none: (typeof exams)[number][] = [];
	const cadres: CadreRow[] = people.map((p) => {
		const mine = examsBy.get(p.id) ?? none;
		const a = partial ? partial.get(p.id) : p;
		let latest: (typeof exams)[number] | undefined;
		let sum = 0;
		let best = -Infinity;
		let flagged = 0;
		for (const e of mine) {
			const percent = e.total > 0 ? (100 * e.score) / e.total : 0;
			sum += percent;
			if (percent > best) best = percent;
			if (e.score_mismatch) flagged++;
			if (e.paper_id === options.predictPaper) latest = e;
		}
		const last = Math.max(Number(p.last ?? 0), mine.at(-1)?.submitted_at ?? 0);
		return {
			id: p.id,
			name: p.display_name,
			username: p.username,
			unit: p.unit_id === null ? '' : labelOf(p.unit_id),
			disabled: !!p.disabled,
			answered: Number(a?.answered ?? 0),
			right: Number(a?.right ?? 0),
			mocks: mine.length,
			averageScore: mine.length ? round1(sum / mine.length) : null,
			bestScore: mine.length ? round1(best) : null,
			latestMock: latest ? { score: latest.score, total: latest.total, passed: !!latest.passed } : null,
			flagged,
			lastActive: last > 0 ? last : null,
			prediction:
				p.p_day === null
					? null
					: { day: p.p_day, probability: p.p_probability!, expectedScore: p.p_expected_score!, answered: p.p_answered!, poolSize: p.p_pool_size!, enough: p.p_answered! >= ENOUGH_ANSWERED }
		};
	});

	const enabled = cadres.filter((c) => !c.disabled);
	const answered = enabled.reduce((s, c) => s + c.answered, 0);
	const right = enabled.reduce((s, c) => s + c.right, 0);
	const enabledIds = new Set(enabled.map((c) => c.id));
	const percents = exams.filter((e) => enabledIds.has(e.user_id)).map((e) => (e.total > 0 ? (100 * e.score) / e.total : 0));
	const took = enabled.filter((c) => c.latestMock);
	const known = enabled.filter((c) => c.prediction?.enough).map((c) => c.prediction!.probability);
	// Only the cadres at risk are copied with their reasons (a county: thousands, not all 10,000).
	const atRisk: AtRiskRow[] = [];
	for (const c of enabled) {
		const reasons = riskReasons(c, now);
		if (reasons.length > 0) atRisk.push({ ...c, reasons });
	}
	return {
		unit,
		unitName: unitLabel(unit, byId),
		range,
		cadres,
		summary: {
			cadres: enabled.length,
			active7: enabled.filter((c) => c.lastActive !== null && c.lastActive >= now - 7 * DAY).length,
			answered,
			accuracy: answered ? round1((100 * right) / answered) : null,
			mocks: percents.length,
			averageScore: percents.length ? round1(percents.reduce((s, x) => s + x, 0) / percents.length) : null,
			bestScore: percents.length ? round1(Math.max(...percents)) : null,
			passRate: took.length ? round1((100 * took.filter((c) => c.latestMock!.passed).length) / took.length) : null,
			tookMock: took.length,
			predictedPassRate: known.length ? round1((100 * known.reduce((s, p) => s + p, 0)) / known.length) : null,
			predictedPassShare: known.length ? round1((100 * known.filter((p) => p >= 0.5).length) / known.length) : null,
			predictedKnown: known.length,
			predictedUnknown: enabled.length - known.length
		},
		atRisk
	};
}

/** Why a cadre needs attention; empty when they do not. */
export function riskReasons(c: CadreRow, now: number): string[] {
	const reasons: string[] = [];
	if (c.prediction?.enough && c.prediction.probability < 0.5) reasons.push(`预测通过可能 ${Math.round(c.prediction.probability * 100)}%`);
	if (c.lastActive === null) reasons.push('从未练习');
	else if (c.lastActive < now - 14 * DAY) reasons.push(`${Math.floor((now - c.lastActive) / DAY)} 天未练习`);
	return reasons;
}
