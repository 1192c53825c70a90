/**
 * Running totals per cadre, for the unit overview of a county (10,000 cadres): per cadre and
 * China-time day with answers, the answers and right answers up to and including that day, and
 * that day's newest attempt time. A range's counts are then two probes per cadre (the totals
 * through the range's last day minus those through the day before it) instead of summing every
 * cadre-day in the range (attempt_days: 240,000 rows for a county's 30 days), and the last
 * activity is one probe into this small table instead of into the 5-million-row attempts index.
 *
 * Kept by triggers in the transaction that writes an attempt, whatever writes it; an INSERT ...
 * ON CONFLICT DO NOTHING that skips a resent attempt fires nothing. An attempt adds one to its
 * day's row (created from the previous row's totals) and to every later row of the cadre — in
 * practice one row, as phones upload in time order. A deleted or rewritten attempt takes itself
 * out again, and a day left without attempts loses its row (the totals of the rows around it stay
 * right). A cadre moving units changes nothing here. SQLite dialect: a PostgreSQL port needs its own.
 */
import { sql, type Kysely, type Migration } from 'kysely';

// The China-time day number, as dayNumber() in reports/attempt-days.ts, and that day's bounds.
const DAY = (row: string) => `((${row}.at + 28800000) / 86400000)`;
const dayStart = (row: string) => `(${DAY(row)} * 86400000 - 28800000)`;
const before = (row: string, column: string) =>
	`coalesce((SELECT ${column} FROM cadre_totals WHERE user_id = ${row}.user_id AND day < ${DAY(row)} ORDER BY day DESC LIMIT 1), 0)`;

const add = (row: 'NEW') => `
	INSERT INTO cadre_totals (user_id, day, answered_through, right_through, last_at)
	VALUES (${row}.user_id, ${DAY(row)}, ${before(row, 'answered_through')}, ${before(row, 'right_through')}, ${row}.at)
	ON CONFLICT (user_id, day) DO UPDATE SET last_at = max(last_at, excluded.last_at);
	UPDATE cadre_totals SET answered_through = answered_through + 1, right_through = right_through + ${row}.correct
	WHERE user_id = ${row}.user_id AND day >= ${DAY(row)};`;

const remove = (row: 'OLD') => `
	UPDATE cadre_totals SET answered_through = answered_through - 1, right_through = right_through - ${row}.correct
	WHERE user_id = ${row}.user_id AND day >= ${DAY(row)};
	DELETE FROM cadre_totals WHERE user_id = ${row}.user_id AND day = ${DAY(row)} AND NOT EXISTS (
		SELECT 1 FROM attempts WHERE user_id = ${row}.user_id AND at >= ${dayStart(row)} AND at < ${dayStart(row)} + 86400000);
	UPDATE cadre_totals SET last_at = (
		SELECT max(at) FROM attempts WHERE user_id = ${row}.user_id AND at >= ${dayStart(row)} AND at < ${dayStart(row)} + 86400000)
	WHERE user_id = ${row}.user_id AND day = ${DAY(row)};`;

export const cadreTotalsMigration: Migration = {
	async up(db: Kysely<unknown>) {
		await sql`CREATE TABLE cadre_totals (
			user_id INTEGER NOT NULL REFERENCES users (id),
			day INTEGER NOT NULL,
			answered_through INTEGER NOT NULL,
			right_through INTEGER NOT NULL,
			last_at BIGINT NOT NULL,
			PRIMARY KEY (user_id, day)
		)`.execute(db);
		// From the attempts themselves (the covering (user_id, at, correct, ...) index: one ordered pass).
		await sql`INSERT INTO cadre_totals (user_id, day, answered_through, right_through, last_at)
			SELECT user_id, day, sum(n) OVER w, sum(r) OVER w, last_at FROM (
				SELECT user_id, (at + 28800000) / 86400000 AS day, count(*) AS n, sum(correct) AS r, max(at) AS last_at FROM attempts GROUP BY 1, 2)
			WINDOW w AS (PARTITION BY user_id ORDER BY day)`.execute(db);
		const triggers = [
			`CREATE TRIGGER cadre_totals_insert AFTER INSERT ON attempts BEGIN ${add('NEW')} END`,
			`CREATE TRIGGER cadre_totals_delete AFTER DELETE ON attempts BEGIN ${remove('OLD')} END`,
			`CREATE TRIGGER cadre_totals_update AFTER UPDATE OF user_id, at, correct ON attempts BEGIN ${remove('OLD')} ${add('NEW')} END`
		];
		for (const t of triggers) await sql.raw(t).execute(db);
	},
	async down(db: Kysely<unknown>) {
		for (const t of ['insert', 'delete', 'update']) await sql.raw(`DROP TRIGGER IF EXISTS cadre_totals_${t}`).execute(db);
		await sql`DROP TABLE cadre_totals`.execute(db);
	}
};
