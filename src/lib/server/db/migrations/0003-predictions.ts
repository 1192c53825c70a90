/**
 * One pass estimate per cadre per day, computed on the server from the cadre's synced attempts
 * with the same model the phone uses (src/lib/core/pass-prediction.ts). The latest row is the
 * cadre's current prediction; the rows together are the prediction over time.
 */
import type { Kysely, Migration } from 'kysely';

export const predictionsMigration: Migration = {
	async up(db: Kysely<unknown>) {
		await db.schema
			.createTable('predictions')
			.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
			/** Day in China Standard Time, 'YYYY-MM-DD': a later computation on the same day replaces the row. */
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('computed_at', 'bigint', (c) => c.notNull())
			.addColumn('bank_version', 'text', (c) => c.notNull())
			.addColumn('paper_id', 'text', (c) => c.notNull())
			.addColumn('probability', 'real', (c) => c.notNull())
			.addColumn('expected_score', 'real', (c) => c.notNull())
			.addColumn('answered', 'integer', (c) => c.notNull())
			.addColumn('pool_size', 'integer', (c) => c.notNull())
			.addPrimaryKeyConstraint('predictions_pk', ['user_id', 'day'])
			.execute();
	}
};
