/** Writing answers and reading progress. The only code that touches attempts and questionStates. */
import type { Question } from '$lib/core/bank-types';
import { isCorrect, type Response } from '$lib/core/grading';
import { uuid } from '$lib/core/uuid';
import type { AttemptRecord, AttemptSource, LearnerDb, QuestionStateRecord } from './db';

export interface AnswerInput {
	question: Pick<Question, 'id' | 'rev' | 'law' | 'type' | 'answer'>;
	response: Response;
	ms: number;
	bankVersion: string;
	source: AttemptSource;
	at?: number;
}

export interface LawProgress {
	lawId: string;
	/** Questions answered at least once (current rev). */
	answered: number;
	/** Of those, the ones whose latest answer was right. */
	lastRight: number;
	attempts: number;
	right: number;
}

export class ProgressRepository {
	constructor(private readonly db: LearnerDb) {}

	/** Stores the attempt and updates the question's state in one transaction: both or neither. */
	async recordAnswer(input: AnswerInput): Promise<AttemptRecord> {
		const { question } = input;
		const correct = isCorrect(question, input.response);
		const attempt: AttemptRecord = {
			id: uuid(),
			questionId: question.id,
			rev: question.rev,
			lawId: question.law,
			response: input.response,
			correct,
			ms: Math.max(0, Math.round(input.ms)),
			at: input.at ?? Date.now(),
			bankVersion: input.bankVersion,
			source: input.source
		};
		await this.db.transaction('rw', this.db.attempts, this.db.questionStates, async () => {
			await this.db.attempts.add(attempt);
			const before = await this.db.questionStates.get(question.id);
			// A revised question starts its record again; the old attempts stay readable.
			const base = before && before.rev === question.rev ? before : undefined;
			const next: QuestionStateRecord = {
				questionId: question.id,
				lawId: question.law,
				rev: question.rev,
				seen: (base?.seen ?? 0) + 1,
				right: (base?.right ?? 0) + (correct ? 1 : 0),
				wrong: (base?.wrong ?? 0) + (correct ? 0 : 1),
				lastResult: correct,
				lastAt: attempt.at,
				streak: correct ? (base?.streak ?? 0) + 1 : 0
			};
			await this.db.questionStates.put(next);
		});
		return attempt;
	}

	async statesForLaw(lawId: string): Promise<Map<string, QuestionStateRecord>> {
		const rows = await this.db.questionStates.where('lawId').equals(lawId).toArray();
		return new Map(rows.map((r) => [r.questionId, r]));
	}

	/**
	 * Progress per law. With `live` (id → current rev), only questions still served at their current
	 * rev count; without it, every recorded question of the law counts.
	 */
	async lawProgress(lawId: string, live?: ReadonlyMap<string, number>): Promise<LawProgress> {
		const progress: LawProgress = { lawId, answered: 0, lastRight: 0, attempts: 0, right: 0 };
		await this.db.questionStates
			.where('lawId')
			.equals(lawId)
			.each((s) => {
				if (live && live.get(s.questionId) !== s.rev) return;
				progress.answered++;
				if (s.lastResult) progress.lastRight++;
				progress.attempts += s.seen;
				progress.right += s.right;
			});
		return progress;
	}

	async attemptsFor(questionId: string): Promise<AttemptRecord[]> {
		return this.db.attempts.where('questionId').equals(questionId).sortBy('at');
	}

	async getCursor(lawId: string, mode: string): Promise<string | undefined> {
		const row = await this.db.kv.get(`cursor:${lawId}:${mode}`);
		return typeof row?.value === 'string' ? row.value : undefined;
	}

	async setCursor(lawId: string, mode: string, questionId: string): Promise<void> {
		await this.db.kv.put({ key: `cursor:${lawId}:${mode}`, value: questionId });
	}
}
