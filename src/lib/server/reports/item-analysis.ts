/**
 * Item analysis over a unit's practice, after Moodle's quiz statistics: facility (share right),
 * discrimination (do the cadres who do well overall get this one right?), the most chosen wrong
 * answer, and 纠错 reports. Each cadre counts once per question, with their latest answer.
 */
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

function correlation(xs: number[], ys: number[]): number | null {
	const n = xs.length;
	const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / n;
	const mx = mean(xs);
	const my = mean(ys);
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		sxy += (xs[i]! - mx) * (ys[i]! - my);
		sxx += (xs[i]! - mx) ** 2;
		syy += (ys[i]! - my) ** 2;
	}
	return sxx === 0 || syy === 0 ? null : Math.round((sxy / Math.sqrt(sxx * syy)) * 100) / 100;
}

export async function itemAnalysis(db: Db, bank: ArchivedBank, unit: Unit, range: DateRange): Promise<ItemStats[]> {
	const rows = await db
		.selectFrom('attempts')
		.innerJoin('users', 'users.id', 'attempts.user_id')
		.innerJoin('units', 'units.id', 'users.unit_id')
		.select(['attempts.user_id', 'attempts.question_id', 'attempts.correct', 'attempts.response', 'attempts.at'])
		.where('units.path', 'like', `${unit.path}%`)
		.where('users.role', '=', 'cadre')
		.where('attempts.at', '>=', range.from)
		.where('attempts.at', '<', range.to)
		.orderBy('attempts.at')
		.execute();
	// Latest answer per (cadre, question): later rows overwrite earlier ones.
	const latest = new Map<string, (typeof rows)[number]>();
	for (const r of rows) latest.set(`${r.user_id}|${r.question_id}`, r);
	const perUser = new Map<number, { right: number; total: number }>();
	for (const r of latest.values()) {
		const u = perUser.get(r.user_id) ?? { right: 0, total: 0 };
		perUser.set(r.user_id, u);
		u.total++;
		u.right += r.correct;
	}
	const byQuestion = new Map<string, (typeof rows)[number][]>();
	for (const r of latest.values()) byQuestion.set(r.question_id, [...(byQuestion.get(r.question_id) ?? []), r]);

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
	for (const [questionId, answers] of byQuestion) {
		const q = bank.questions.get(questionId);
		const n = answers.length;
		const right = answers.reduce((s, a) => s + a.correct, 0);
		// The rest score: the cadre's accuracy on the other questions they answered.
		const rest = answers.map((a) => {
			const u = perUser.get(a.user_id)!;
			return u.total > 1 ? (u.right - a.correct) / (u.total - 1) : 0;
		});
		const discrimination = n >= MIN_N ? correlation(answers.map((a) => a.correct), rest) : null;
		const wrong = new Map<string, number>();
		for (const a of answers) if (!a.correct) wrong.set(formatResponse(a.response), (wrong.get(formatResponse(a.response)) ?? 0) + 1);
		const top = [...wrong].sort((a, b) => b[1] - a[1])[0];
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
