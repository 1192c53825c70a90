/**
 * Weak spots of a county without reading its million attempts: per unit, China-time day and
 * question, how many answers its cadres gave and how many were right. A unit's row counts the
 * cadres of the units BELOW it (strict descendants); its own cadres are read from `attempts`
 * (reports/unit-question-days.ts adds them), so the leaves (villages: most units, thin data) cost
 * no rows. A county's 30 days are then ~75,000 rows instead of 1.2 million attempts.
 *
 * Triggers keep it exact in the transaction that writes: an attempt adds to the strict ancestors
 * of its cadre's unit (ids from the unit's path '/1/4/9/'; only cadres count, as in the reports;
 * a resent attempt skipped by ON CONFLICT DO NOTHING fires nothing); moving a cadre (users.unit_id)
 * takes their whole history from the old ancestors to the new. Units never move (directory.ts
 * writes a path once). SQLite dialect (json_each, UPDATE ... FROM): a PostgreSQL port needs its own.
 */
import { sql, type Kysely, type Migration } from 'kysely';

const DAY = (col: string) => `((${col} + 28800000) / 86400000)`;
/** The strict ancestors of a unit as json_each rows, from the unit's path. */
const ANCESTORS = (unitId: string) =>
	`json_each('[' || replace(trim((SELECT path FROM units WHERE id = ${unitId}), '/'), '/', ',') || ']') j`;

/** Adds (sign 1) or removes (-1) a grouped set of tallies `s(day, question_id, n, r)` for a unit's ancestors. */
const apply = (unitId: string, source: string, sign: 1 | -1) =>
	sign === 1
		? `INSERT INTO unit_question_days (unit_id, day, question_id, answered, "right")
			SELECT j.value, s.day, s.question_id, s.n, s.r FROM (${source}) s, ${ANCESTORS(unitId)} WHERE j.value != ${unitId}
			ON CONFLICT (unit_id, day, question_id) DO UPDATE SET answered = answered + excluded.answered, "right" = "right" + excluded."right";`
		: `UPDATE unit_question_days SET answered = answered - s.n, "right" = "right" - s.r
			FROM (${source}) s, ${ANCESTORS(unitId)}
			WHERE j.value != ${unitId} AND unit_question_days.unit_id = j.value AND unit_question_days.day = s.day AND unit_question_days.question_id = s.question_id;`;

const one = (row: 'NEW' | 'OLD') => `SELECT ${DAY(`${row}.at`)} AS day, ${row}.question_id AS question_id, 1 AS n, ${row}.correct AS r`;
const history = (userId: string) => `SELECT ${DAY('at')} AS day, question_id, count(*) AS n, sum(correct) AS r FROM attempts WHERE user_id = ${userId} GROUP BY 1, 2`;
const cadreUnit = (row: 'NEW' | 'OLD') => `(SELECT unit_id FROM users WHERE id = ${row}.user_id AND role = 'cadre')`;

export const unitQuestionDaysMigration: Migration = {
	async up(db: Kysely<unknown>) {
		await sql`CREATE TABLE unit_question_days (
			unit_id INTEGER NOT NULL REFERENCES units (id),
			day INTEGER NOT NULL,
			question_id TEXT NOT NULL,
			answered INTEGER NOT NULL,
			"right" INTEGER NOT NULL,
			PRIMARY KEY (unit_id, day, question_id)
		)`.execute(db);
		await sql`INSERT INTO unit_question_days (unit_id, day, question_id, answered, "right")
			SELECT j.value, (a.at + 28800000) / 86400000, a.question_id, count(*), sum(a.correct)
			FROM attempts a JOIN users u ON u.id = a.user_id JOIN units c ON c.id = u.unit_id,
				json_each('[' || replace(trim(c.path, '/'), '/', ',') || ']') j
			WHERE u.role = 'cadre' AND j.value != c.id
			GROUP BY 1, 2, 3`.execute(db);
		const triggers = [
			`CREATE TRIGGER unit_question_days_insert AFTER INSERT ON attempts WHEN ${cadreUnit('NEW')} IS NOT NULL BEGIN ${apply(cadreUnit('NEW'), one('NEW'), 1)} END`,
			`CREATE TRIGGER unit_question_days_delete AFTER DELETE ON attempts WHEN ${cadreUnit('OLD')} IS NOT NULL BEGIN ${apply(cadreUnit('OLD'), one('OLD'), -1)} END`,
			`CREATE TRIGGER unit_question_days_update AFTER UPDATE OF user_id, question_id, at, correct ON attempts BEGIN
				${apply(cadreUnit('OLD'), one('OLD'), -1)} ${apply(cadreUnit('NEW'), one('NEW'), 1)} END`,
			`CREATE TRIGGER unit_question_days_move AFTER UPDATE OF unit_id ON users
				WHEN NEW.role = 'cadre' AND OLD.unit_id IS NOT NEW.unit_id BEGIN
				${apply('OLD.unit_id', history('OLD.id'), -1)} ${apply('NEW.unit_id', history('NEW.id'), 1)} END`
		];
		for (const t of triggers) await sql.raw(t).execute(db);
	},
	async down(db: Kysely<unknown>) {
		for (const t of ['insert', 'delete', 'update', 'move']) await sql.raw(`DROP TRIGGER IF EXISTS unit_question_days_${t}`).execute(db);
		await sql`DROP TABLE unit_question_days`.execute(db);
	}
};
