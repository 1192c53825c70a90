/**
 * A cadre's predicted pass, computed on the server from their synced attempts with the model the
 * phone uses (src/lib/core/pass-prediction.ts), on the bank the server serves now, and stored as
 * one row per cadre per China-time day: a later computation the same day replaces the row.
 */
import { sql } from 'kysely';
import { predictPass, type QuestionRecord } from '$lib/core/pass-prediction';
import { poolFromIndex } from '$lib/core/question-pool';
import type { PoolQuestion } from '$lib/core/exam-assembly';
import type { Paper } from '$lib/core/paper-types';
import type { ArchivedBank } from '../bank-archive';
import type { ServerContext } from '../context';
import { isoDay } from '../reports/dates';

/**
 * Below this many distinct questions of the predicting paper's pool answered, the estimate is
 * mostly the prior for a typical candidate, so reports show 未知 instead of a percentage. 20 is a
 * quarter of the 80-question 综合模拟卷.
 */
export const ENOUGH_ANSWERED = 20;

export interface PredictionModel {
	version: string;
	paper: Paper;
	pool: PoolQuestion[];
	/** Live revision per question id: answers to an older revision do not count, as on the phone. */
	live: Map<string, number>;
}

const models = new WeakMap<ArchivedBank, PredictionModel | null>();

/** The predicting paper and pool of the bank served now, or null (no bank, or no `predict` paper). */
export function predictionModel(ctx: ServerContext): PredictionModel | null {
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	if (!bank) return null;
	if (!models.has(bank)) {
		const paper = bank.manifest.papers.find((p) => p.predict);
		const pool = poolFromIndex(bank.index);
		models.set(bank, paper ? { version: bank.version, paper, pool, live: new Map(pool.map((q) => [q.id, q.rev])) } : null);
	}
	return models.get(bank)!;
}

/** Per question {seen, right} over the cadre's attempts on the live revision. */
export async function answerRecords(ctx: ServerContext, model: PredictionModel, userId: number): Promise<Map<string, QuestionRecord>> {
	const rows = await ctx.db
		.selectFrom('attempts')
		.select(['question_id', 'rev', sql<number>`count(*)`.as('seen'), sql<number>`sum(correct)`.as('right')])
		.where('user_id', '=', userId)
		.groupBy(['question_id', 'rev'])
		.execute();
	const records = new Map<string, QuestionRecord>();
	for (const r of rows) {
		if (model.live.get(r.question_id) === r.rev) records.set(r.question_id, { seen: Number(r.seen), right: Number(r.right) });
	}
	return records;
}

/** Computes and stores today's prediction for one cadre. Returns the stored row, or null without a model. */
export async function recomputePrediction(ctx: ServerContext, userId: number, now = Date.now()) {
	const model = predictionModel(ctx);
	if (!model) return null;
	const records = await answerRecords(ctx, model, userId);
	const prediction = predictPass(model.paper, model.pool, records);
	const row = {
		user_id: userId,
		day: isoDay(now),
		computed_at: now,
		bank_version: model.version,
		paper_id: model.paper.id,
		probability: prediction.probability,
		expected_score: prediction.expectedScore,
		answered: prediction.basis.answered,
		pool_size: prediction.basis.poolSize
	};
	const { user_id: _u, day: _d, ...update } = row;
	await ctx.db.insertInto('predictions').values(row).onConflict((oc) => oc.columns(['user_id', 'day']).doUpdateSet(update)).execute();
	return row;
}

/**
 * Cadres whose prediction is out of date: their newest attempt (by when it was answered) is newer
 * than their newest prediction, or that prediction was made on another bank version (live
 * revisions may differ). Two index lookups per cadre, in slices with a pause between them: a
 * single grouped scan takes seconds on millions of attempts and would hold up the first requests.
 * (An answer made before the prediction but synced after it is caught by that sync's own request.)
 */
export async function staleCadres(ctx: ServerContext, slice = 200): Promise<number[]> {
	const model = predictionModel(ctx);
	if (!model) return [];
	const cadres = await ctx.db.selectFrom('users').select('id').where('role', '=', 'cadre').orderBy('id').execute();
	const stale: number[] = [];
	for (let i = 0; i < cadres.length; i += slice) {
		for (const { id } of cadres.slice(i, i + slice)) {
			// cadre_totals (migration 0009): the newest day's row holds the cadre's newest attempt time.
			const newest = await ctx.db.selectFrom('cadre_totals').select('last_at as at').where('user_id', '=', id).orderBy('day', 'desc').limit(1).executeTakeFirst();
			if (newest?.at === null || newest?.at === undefined) continue;
			const latest = await ctx.db.selectFrom('predictions').select(['computed_at', 'bank_version']).where('user_id', '=', id).orderBy('day', 'desc').limit(1).executeTakeFirst();
			if (!latest || Number(newest.at) > latest.computed_at || latest.bank_version !== model.version) stale.push(id);
		}
		await new Promise((r) => setImmediate(r));
	}
	return stale;
}
