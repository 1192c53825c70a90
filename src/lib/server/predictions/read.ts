/** Reading stored predictions for reports: each cadre's latest, and one cadre's history. */
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';

/** A subquery selecting user ids (`SELECT users.id …`). */
export type UserIdQuery = SelectQueryBuilder<Database, 'users' | 'units', { id: number }>;
import { ENOUGH_ANSWERED } from './compute';

export interface StoredPrediction {
	day: string;
	/** 0-1. */
	probability: number;
	expectedScore: number;
	answered: number;
	poolSize: number;
	/** False below ENOUGH_ANSWERED answered questions: reports say 未知. */
	enough: boolean;
}

type Row = { day: string; probability: number; expected_score: number; answered: number; pool_size: number };

const toStored = (r: Row): StoredPrediction => ({
	day: r.day,
	probability: r.probability,
	expectedScore: r.expected_score,
	answered: r.answered,
	poolSize: r.pool_size,
	enough: r.answered >= ENOUGH_ANSWERED
});

/**
 * Each cadre's newest prediction made on or before `upToDay` ('YYYY-MM-DD', China time). `users` is
 * a list of ids or a subquery selecting them (a county's 10,000 cadres as a subquery: no bound
 * parameter per cadre). One grouped pass over the (user_id, day) key finds each cadre's day.
 */
export async function latestPredictions(db: Db, users: readonly number[] | UserIdQuery, upToDay: string): Promise<Map<number, StoredPrediction>> {
	if (Array.isArray(users) && users.length === 0) return new Map();
	const newest = db
		.selectFrom('predictions')
		.select(['user_id', (eb) => eb.fn.max('day').as('d')])
		.where('user_id', 'in', users as UserIdQuery)
		.where('day', '<=', upToDay)
		.groupBy('user_id')
		.as('m');
	const rows = await db
		.selectFrom(newest)
		.innerJoin('predictions as p', (join) => join.onRef('p.user_id', '=', 'm.user_id').onRef('p.day', '=', 'm.d'))
		.select(['p.user_id', 'p.day', 'p.probability', 'p.expected_score', 'p.answered', 'p.pool_size'])
		.execute();
	return new Map(rows.map((r) => [r.user_id, toStored(r)]));
}

/** One cadre's predictions, oldest first (at most the last 180 days with a computation). */
export async function predictionHistory(db: Db, userId: number): Promise<StoredPrediction[]> {
	const rows = await db
		.selectFrom('predictions')
		.select(['day', 'probability', 'expected_score', 'answered', 'pool_size'])
		.where('user_id', '=', userId)
		.orderBy('day', 'desc')
		.limit(180)
		.execute();
	return rows.reverse().map(toStored);
}
