/**
 * Reading the per cadre-day tallies that migration 0006 keeps (table attempt_days, maintained by
 * triggers on attempts): answers and right answers per cadre over a date range.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database';
import type { DateRange } from './unit-report';

const CST = 8 * 3_600_000;
const DAY = 86_400_000;

export interface AttemptDayTable {
	user_id: number;
	/** China-time day number: floor((at + 8 h) / 1 day). */
	day: number;
	answered: number;
	right: number;
}

/** The China-time day number of an epoch-ms instant, as the triggers compute it. */
export const dayNumber = (t: number) => Math.floor((t + CST) / DAY);

/** True when the range runs from a China-time midnight to another: the tallies then cover it exactly. */
export const wholeDays = (range: DateRange) => (range.from + CST) % DAY === 0 && (range.to + CST) % DAY === 0;

// The cadre subquery of a report (`SELECT users.id ...`), typed loosely: it is only used inside IN (...).
type IdQuery = SelectQueryBuilder<any, any, { id: number }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Answers and right answers per cadre in the range; cadres without any are absent. */
export async function answeredByCadre(db: Db, cadreIds: IdQuery, range: DateRange): Promise<{ user_id: number; answered: number; right: number }[]> {
	if (wholeDays(range)) {
		return db
			.withTables<{ attempt_days: AttemptDayTable }>()
			.selectFrom('attempt_days')
			.select(['user_id', sql<number>`sum(answered)`.as('answered'), sql<number>`sum("right")`.as('right')])
			.where('user_id', 'in', cadreIds)
			.where('day', '>=', dayNumber(range.from))
			.where('day', '<', dayNumber(range.to))
			.groupBy('user_id')
			.having(sql<number>`sum(answered)`, '>', 0)
			.execute();
	}
	// A range that cuts through a day (not made by rangeFromQuery): from the attempts themselves.
	return db
		.selectFrom('attempts')
		.select(['user_id', sql<number>`count(*)`.as('answered'), sql<number>`sum(correct)`.as('right')])
		.where('user_id', 'in', cadreIds)
		.where('at', '>=', range.from)
		.where('at', '<', range.to)
		.groupBy('user_id')
		.execute();
}
