/**
 * Reports over a county (10,000 cadres, millions of attempts) read every attempt of the subtree's
 * cadres in a date range: counts and accuracy per cadre, per question, latest answer per cadre and
 * question. With attempts_user_at (user_id, at) each of those rows cost a random read of the table
 * row for `correct`, `question_id` and `response`. This index carries those columns, so the reports
 * read one contiguous stretch of index per cadre and never touch the table (see
 * docs/PERFORMANCE.md, "Reports at scale"). It replaces attempts_user_at, whose (user_id, at) prefix
 * it keeps, so a sync writes no more index entries than before.
 */
import type { Kysely, Migration } from 'kysely';

export const reportIndexesMigration: Migration = {
	async up(db: Kysely<unknown>) {
		await db.schema.createIndex('attempts_user_at_covering').on('attempts').columns(['user_id', 'at', 'correct', 'question_id', 'response']).execute();
		await db.schema.dropIndex('attempts_user_at').execute();
	},
	async down(db: Kysely<unknown>) {
		await db.schema.createIndex('attempts_user_at').on('attempts').columns(['user_id', 'at']).execute();
		await db.schema.dropIndex('attempts_user_at_covering').execute();
	}
};
