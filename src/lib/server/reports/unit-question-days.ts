/**
 * Answers and right answers per question over a unit's subtree and a date range, for the weak
 * spots. Whole China-time days read the tallies of migration 0007-unit-question-days (kept by
 * triggers on attempts and on users.unit_id) for the cadres below the unit, plus the attempts of
 * the unit's own cadres; any other range counts the attempts themselves.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Unit } from '../db/schema';
import { dayNumber, wholeDays } from './attempt-days';
import type { DateRange } from './unit-report';

export interface UnitQuestionDayTable {
	/** A unit strictly above the cadre's unit. */
	unit_id: number;
	day: number;
	question_id: string;
	answered: number;
	right: number;
}

export interface QuestionTally {
	question_id: string;
	answered: number;
	right: number;
}

export async function questionTallies(db: Db, unit: Unit, range: DateRange): Promise<QuestionTally[]> {
	if (!wholeDays(range)) {
		return db
			.selectFrom('attempts')
			.innerJoin('users', 'users.id', 'attempts.user_id')
			.innerJoin('units', 'units.id', 'users.unit_id')
			.select(['attempts.question_id', sql<number>`count(*)`.as('answered'), sql<number>`sum(attempts.correct)`.as('right')])
			.where('units.path', 'like', `${unit.path}%`)
			.where('users.role', '=', 'cadre')
			.where('attempts.at', '>=', range.from)
			.where('attempts.at', '<', range.to)
			.groupBy('attempts.question_id')
			.execute();
	}
	const { rows } = await sql<QuestionTally>`
		SELECT question_id, sum(answered) AS answered, sum("right") AS "right" FROM (
			SELECT question_id, answered, "right" FROM unit_question_days
			WHERE unit_id = ${unit.id} AND day >= ${dayNumber(range.from)} AND day < ${dayNumber(range.to)}
			UNION ALL
			SELECT question_id, 1, correct FROM attempts
			WHERE user_id IN (SELECT id FROM users WHERE unit_id = ${unit.id} AND role = 'cadre') AND at >= ${range.from} AND at < ${range.to}
		) GROUP BY question_id HAVING sum(answered) > 0`.execute(db);
	return rows;
}
