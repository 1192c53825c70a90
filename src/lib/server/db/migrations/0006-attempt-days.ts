/**
 * Per cadre and China-time day, how many answers and how many right: the unit overview's counts
 * over a date range read one row per cadre-day (a county's 30 days: ~250,000) instead of every
 * attempt (1.2 million). SQLite triggers keep the table in step with `attempts` inside the very
 * transaction that writes an attempt, whatever code path writes it (sync, restore, tests): an
 * INSERT ... ON CONFLICT DO NOTHING that skips a resent attempt fires no trigger, so duplicates
 * are never counted. The backfill fills it from the attempts already stored.
 * Triggers are SQLite's dialect (written as SQL): a PostgreSQL port needs its own trigger functions.
 */
import { sql, type Kysely, type Migration } from 'kysely';

// The China-time day number, (at + 8 h) div 1 day, as dayNumber() in reports/attempt-days.ts.
const ADD_NEW = `INSERT INTO attempt_days (user_id, day, answered, "right") VALUES (NEW.user_id, (NEW.at + 28800000) / 86400000, 1, NEW.correct)
		ON CONFLICT (user_id, day) DO UPDATE SET answered = answered + 1, "right" = "right" + excluded."right";`;
const REMOVE_OLD = `UPDATE attempt_days SET answered = answered - 1, "right" = "right" - OLD.correct
		WHERE user_id = OLD.user_id AND day = (OLD.at + 28800000) / 86400000;`;

export const attemptDaysMigration: Migration = {
	async up(db: Kysely<unknown>) {
		await sql`CREATE TABLE attempt_days (
			user_id INTEGER NOT NULL REFERENCES users (id),
			day INTEGER NOT NULL,
			answered INTEGER NOT NULL,
			"right" INTEGER NOT NULL,
			PRIMARY KEY (user_id, day)
		)`.execute(db);
		// The covering index attempts_user_at_covering delivers attempts by cadre and time: one pass.
		await sql`INSERT INTO attempt_days (user_id, day, answered, "right")
			SELECT user_id, (at + 28800000) / 86400000, count(*), sum(correct) FROM attempts GROUP BY 1, 2`.execute(db);
		await sql.raw(`CREATE TRIGGER attempt_days_insert AFTER INSERT ON attempts BEGIN ${ADD_NEW} END`).execute(db);
		await sql.raw(`CREATE TRIGGER attempt_days_delete AFTER DELETE ON attempts BEGIN ${REMOVE_OLD} END`).execute(db);
		await sql.raw(`CREATE TRIGGER attempt_days_update AFTER UPDATE OF user_id, at, correct ON attempts BEGIN ${REMOVE_OLD} ${ADD_NEW} END`).execute(db);
	},
	async down(db: Kysely<unknown>) {
		for (const t of ['attempt_days_insert', 'attempt_days_delete', 'attempt_days_update']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
		await sql`DROP TABLE attempt_days`.execute(db);
	}
};
