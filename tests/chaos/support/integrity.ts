/**
 * What "nothing lost, nothing doubled" means, checked against the learner's real IndexedDB:
 * the stored records against the answers a test gave, and the aggregates against a full
 * recomputation from the attempts (recompute() in src/lib/core/statistics.ts).
 */
import type { Page } from 'playwright-core';
import type { AttemptRecord, DayRecord, ExamAnswerRecord, ExamRecord, OutboxRecord, QuestionStateRecord } from '../../../src/lib/client/db';
import { recompute } from '../../../src/lib/core/statistics';
import { readTable } from '../../e2e/support/learner-db';
import type { ExamChange, GivenAnswer } from './learner-driver';

export interface LearnerSnapshot {
	attempts: AttemptRecord[];
	questionStates: QuestionStateRecord[];
	days: DayRecord[];
	exams: ExamRecord[];
	examAnswers: ExamAnswerRecord[];
	outbox: OutboxRecord[];
}

/** Every table that matters, read from a page of the app's origin. */
export async function readSnapshot(page: Page): Promise<LearnerSnapshot> {
	return {
		attempts: await readTable<AttemptRecord>(page, 'attempts'),
		questionStates: await readTable<QuestionStateRecord>(page, 'questionStates'),
		days: await readTable<DayRecord>(page, 'days'),
		exams: await readTable<ExamRecord>(page, 'exams'),
		examAnswers: await readTable<ExamAnswerRecord>(page, 'examAnswers'),
		outbox: await readTable<OutboxRecord>(page, 'outbox')
	};
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const answerKey = (questionId: string, response: unknown) => `${questionId} ${JSON.stringify(response)}`;

/**
 * Problems with the database on its own: duplicated records, aggregates that differ from a
 * recomputation, submitted exams whose answers were not all fed into the record, outbox gaps.
 */
export function consistencyProblems(s: LearnerSnapshot): string[] {
	const problems: string[] = [];
	const ids = new Set(s.attempts.map((a) => a.id));
	if (ids.size !== s.attempts.length) problems.push(`attempt ids not unique: ${s.attempts.length} rows, ${ids.size} ids`);
	const stateIds = new Set(s.questionStates.map((q) => q.questionId));
	if (stateIds.size !== s.questionStates.length) problems.push('more than one questionStates row for a question');

	const expected = recompute(s.attempts);
	for (const [id, want] of expected.questions) {
		const row = s.questionStates.find((q) => q.questionId === id);
		const got = row && { rev: row.rev, seen: row.seen, right: row.right, wrong: row.wrong, lastResult: row.lastResult, streak: row.streak };
		if (!same(got, want)) problems.push(`questionStates ${id}: stored ${JSON.stringify(got)}, recomputed ${JSON.stringify(want)}`);
	}
	for (const row of s.questionStates) if (!expected.questions.has(row.questionId)) problems.push(`questionStates ${row.questionId} has no attempts`);
	for (const [day, want] of expected.days) {
		const row = s.days.find((d) => d.day === day);
		const got = row && { answered: row.answered, right: row.right, fresh: row.fresh, ms: row.ms };
		if (!same(got, want)) problems.push(`days ${day}: stored ${JSON.stringify(got)}, recomputed ${JSON.stringify(want)}`);
	}

	// A submitted exam feeds each of its answers into the record once, in the submit transaction.
	const submitted = new Set(s.exams.filter((e) => e.status === 'submitted').map((e) => e.id));
	const examAnswerCount = s.examAnswers.filter((a) => submitted.has(a.attemptId)).length;
	const examAttempts = s.attempts.filter((a) => a.source === 'exam').length;
	if (examAttempts !== examAnswerCount) problems.push(`${examAttempts} exam attempts for ${examAnswerCount} answers of submitted exams`);
	for (const e of s.exams) {
		if (e.deadline !== (e.durationMs > 0 ? e.startedAt + e.durationMs : 0)) problems.push(`exam ${e.id}: deadline is not start + duration`);
		if (e.status === 'submitted' && !e.score) problems.push(`exam ${e.id}: submitted without a score`);
	}

	// Nothing may miss the upload queue (no sync consent in these runs, so nothing has left it).
	const queued = new Set(s.outbox.map((o) => o.id));
	for (const a of s.attempts) if (!queued.has(a.id)) problems.push(`attempt ${a.id} is not in the outbox`);
	for (const id of submitted) if (!queued.has(id)) problems.push(`submitted exam ${id} is not in the outbox`);
	return problems;
}

export interface LossReport {
	problems: string[];
	/** Answers shown before the grace period that had to be stored (and were, unless in problems). */
	required: number;
	/** Answers too close to the crash to be required: how many of them were stored anyway. */
	inFlight: number;
	inFlightStored: number;
}

/** Shown by the page at least `graceMs` before the crash that followed it (or with no crash after it). */
export function shownInTime(entry: { shownAt: number | null; crashAt?: number }, graceMs: number): boolean {
	return entry.shownAt !== null && entry.shownAt <= (entry.crashAt ?? Infinity) - graceMs;
}

/**
 * Practice answers: each stored practice attempt matches an answer the test gave; every answer
 * whose verdict showed at least `graceMs` before the crash is stored, and none is stored twice.
 */
export function practiceLosses(s: LearnerSnapshot, given: readonly GivenAnswer[], graceMs: number): LossReport {
	const report: LossReport = { problems: [], required: 0, inFlight: 0, inFlightStored: 0 };
	const stored = new Map<string, number>();
	for (const a of s.attempts.filter((x) => x.source === 'practice')) stored.set(answerKey(a.questionId, a.response), (stored.get(answerKey(a.questionId, a.response)) ?? 0) + 1);
	const must = new Map<string, number>();
	const may = new Map<string, number>();
	for (const g of given) {
		const key = answerKey(g.questionId, g.response);
		const required = shownInTime(g, graceMs);
		if (required) report.required++;
		else report.inFlight++;
		(required ? must : may).set(key, ((required ? must : may).get(key) ?? 0) + 1);
	}
	for (const key of new Set([...stored.keys(), ...must.keys(), ...may.keys()])) {
		const n = stored.get(key) ?? 0;
		const low = must.get(key) ?? 0;
		const high = low + (may.get(key) ?? 0);
		if (n < low) report.problems.push(`practice answer ${key} LOST: given ${low} time(s) before the crash, stored ${n}`);
		if (n > high) report.problems.push(`practice answer ${key} stored ${n} times, given at most ${high}`);
		report.inFlightStored += Math.max(0, Math.min(n, high) - low);
	}
	return report;
}

/**
 * Exam answers of in-progress attempts: for each question, the stored response is the last one
 * shown before the grace period, or a later one; never an older one, never missing.
 */
export function examLosses(s: LearnerSnapshot, changes: readonly ExamChange[], graceMs: number): LossReport {
	const report: LossReport = { problems: [], required: 0, inFlight: 0, inFlightStored: 0 };
	const byQuestion = new Map<string, ExamChange[]>();
	for (const c of changes) {
		const key = `${c.attemptId} ${c.questionId}`;
		byQuestion.set(key, [...(byQuestion.get(key) ?? []), c]);
	}
	for (const [key, list] of byQuestion) {
		const [attemptId, questionId] = key.split(' ') as [string, string];
		const row = s.examAnswers.find((a) => a.attemptId === attemptId && a.questionId === questionId);
		const storedResponse = row ? row.response : null;
		let last = -1;
		list.forEach((c, i) => {
			if (shownInTime(c, graceMs)) last = i;
		});
		const allowed = list.slice(Math.max(0, last)).map((c) => JSON.stringify(c.response));
		if (last < 0) allowed.push(JSON.stringify(null));
		if (last >= 0) report.required++;
		if (list.length - 1 > last) report.inFlight++;
		if (!allowed.includes(JSON.stringify(storedResponse))) {
			report.problems.push(`exam ${attemptId} question ${questionId}: stored ${JSON.stringify(storedResponse)}, expected one of ${allowed.join(' | ')}`);
		} else if (list.length - 1 > last && JSON.stringify(storedResponse) === JSON.stringify(list.at(-1)!.response)) report.inFlightStored++;
	}
	return report;
}
