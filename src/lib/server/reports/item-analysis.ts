/**
 * Item analysis over a unit's practice, after Moodle's quiz statistics: facility (share right),
 * discrimination (do the cadres who do well overall get this one right?), the most chosen wrong
 * answer, and 纠错 reports. Each cadre counts once per question, with their latest answer.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Unit } from '../db/schema';
import type { ArchivedBank } from '../bank-archive';
import type { DateRange } from './unit-report';

export interface ItemStats {
	questionId: string;
	law: string;
	short: string;
	/** Cadres who answered it. */
	n: number;
	/** Percent right. */
	facility: number;
	/** Pearson correlation of right/wrong with the cadre's accuracy on the other questions; null when n < 5 or no spread. */
	discrimination: number | null;
	/** The wrong answer chosen most often (正确/错误, B, AC) and by how many. */
	commonWrong: { answer: string; count: number } | null;
	reports: number;
	/** For the bank editors: negative discrimination or two or more reports. */
	flagged: boolean;
}

const MIN_N = 5;

function formatResponse(json: string): string {
	const value = JSON.parse(json) as unknown;
	if (typeof value === 'boolean') return value ? '正确' : '错误';
	if (Array.isArray(value)) return [...value].sort().join('');
	return String(value);
}

/**
 * Pearson correlation of x (right/wrong, 0/1) and y from one pass of sums, rounded to two places;
 * null without spread. n·Σx² − (Σx)² is an integer (x² = x), so "no spread in x" is exact; for y a
 * relative tolerance stands in for zero, since all-equal rest scores can leave a rounding residue.
 */
function correlation(n: number, sx: number, sy: number, sxy: number, syy: number): number | null {
	const vx = n * sx - sx * sx;
	const vy = n * syy - sy * sy;
	if (vx <= 0 || vy <= 1e-9 * n * syy) return null;
	return Math.round(((n * sxy - sx * sy) / Math.sqrt(vx * vy)) * 100) / 100;
}

interface QuestionRow {
	kind: 'stats' | 'wrong';
	question_id: string;
	n: number;
	sx: number | null;
	sy: number | null;
	sxy: number | null;
	syy: number | null;
	response: string | null;
}

export async function itemAnalysis(db: Db, bank: ArchivedBank, unit: Unit, range: DateRange): Promise<ItemStats[]> {
	// Aggregated in SQLite so that one row per question (and per wrong answer) comes back instead of
	// every attempt of the subtree (a county: 1.2 million rows in 30 days). `latest` is each cadre's
	// latest answer per question in the range (with max(), SQLite takes the bare columns from the
	// row holding the max); x is right/wrong, y the cadre's accuracy on their other questions (the
	// rest score). Plain sums in one pass: a second pass centred on the means took twice as long.
	const { rows } = await sql<QuestionRow>`
		WITH latest AS MATERIALIZED (
			SELECT user_id, question_id, correct, response, max(at) AS at FROM attempts
			WHERE user_id IN (
				SELECT users.id FROM users JOIN units ON units.id = users.unit_id
				WHERE units.path LIKE ${`${unit.path}%`} AND users.role = 'cadre')
			AND at >= ${range.from} AND at < ${range.to}
			GROUP BY user_id, question_id),
		per_user AS MATERIALIZED (SELECT user_id, count(*) AS total, sum(correct) AS right FROM latest GROUP BY user_id),
		scored AS (
			SELECT l.question_id, l.correct AS x,
				CASE WHEN p.total > 1 THEN (p.right - l.correct) * 1.0 / (p.total - 1) ELSE 0.0 END AS y
			FROM latest l JOIN per_user p ON p.user_id = l.user_id)
		SELECT 'stats' AS kind, question_id, count(*) AS n, sum(x) AS sx, sum(y) AS sy, sum(x * y) AS sxy, sum(y * y) AS syy, NULL AS response
		FROM scored GROUP BY question_id
		UNION ALL
		SELECT 'wrong', question_id, count(*), NULL, NULL, NULL, NULL, response FROM latest WHERE correct = 0 GROUP BY question_id, response
	`.execute(db);

	const byQuestion = new Map<string, QuestionRow>();
	// Responses that format alike (["C","A"] and ["A","C"]) are one answer.
	const wrongBy = new Map<string, Map<string, number>>();
	for (const r of rows) {
		if (r.kind === 'stats') {
			byQuestion.set(r.question_id, r);
			continue;
		}
		const wrong = wrongBy.get(r.question_id) ?? new Map<string, number>();
		wrongBy.set(r.question_id, wrong);
		const answer = formatResponse(r.response!);
		wrong.set(answer, (wrong.get(answer) ?? 0) + Number(r.n));
	}

	const reportRows = await db
		.selectFrom('question_reports')
		.innerJoin('users', 'users.id', 'question_reports.user_id')
		.innerJoin('units', 'units.id', 'users.unit_id')
		.select(['question_reports.question_id'])
		.where('units.path', 'like', `${unit.path}%`)
		.where('question_reports.at', '>=', range.from)
		.where('question_reports.at', '<', range.to)
		.execute();
	const reports = new Map<string, number>();
	for (const r of reportRows) reports.set(r.question_id, (reports.get(r.question_id) ?? 0) + 1);

	const stats: ItemStats[] = [];
	for (const [questionId, r] of byQuestion) {
		const q = bank.questions.get(questionId);
		const n = Number(r.n);
		const right = Number(r.sx);
		const discrimination = n >= MIN_N ? correlation(n, right, Number(r.sy), Number(r.sxy), Number(r.syy)) : null;
		const top = [...(wrongBy.get(questionId) ?? [])].sort((a, b) => b[1] - a[1])[0];
		const reported = reports.get(questionId) ?? 0;
		stats.push({
			questionId,
			law: q?.law ?? '',
			short: q ? (bank.lawShort.get(q.law) ?? q.law) : '',
			n,
			facility: Math.round((1000 * right) / n) / 10,
			discrimination,
			commonWrong: top ? { answer: top[0], count: top[1] } : null,
			reports: reported,
			flagged: (discrimination !== null && discrimination < 0) || reported >= 2
		});
	}
	return stats.sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.facility - b.facility || b.n - a.n);
}
