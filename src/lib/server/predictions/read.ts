/** Reading stored predictions for reports: each cadre's latest, and one cadre's history. */
import { sql } from 'kysely';
import type { Db } from '../db/database';
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

/** Each cadre's newest prediction made on or before `upToDay` ('YYYY-MM-DD', China time). */
export async function latestPredictions(db: Db, userIds: number[], upToDay: string): Promise<Map<number, StoredPrediction>> {
	if (userIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('predictions as p')
		.select(['p.user_id', 'p.day', 'p.probability', 'p.expected_score', 'p.answered', 'p.pool_size'])
		.where('p.user_id', 'in', userIds)
		.where('p.day', '=', (eb) => eb.selectFrom('predictions as q').select(sql<string>`max(q.day)`.as('d')).whereRef('q.user_id', '=', 'p.user_id').where('q.day', '<=', upToDay))
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
