/** Writing answers and reading progress. The only code that touches attempts and questionStates. */
import type { Question } from '$lib/core/bank-types';
import { isCorrect, type Response } from '$lib/core/grading';
import { capDue, dayKey, ratingFor, review } from '$lib/core/scheduling';
import { uuid } from '$lib/core/uuid';
import type { AttemptRecord, AttemptSource, DayRecord, LearnerDb, QuestionStateRecord } from './db';
import { parseStoredSettings, SETTINGS_KEY } from './settings.svelte';

/** The option keys (or 正确/错误) chosen in a wrong answer that were not part of the key. */
function wrongChoicesOf(question: Pick<Question, 'answer'>, response: Response): string[] {
	if (typeof response === 'boolean') return [response ? 'true' : 'false'];
	const key = Array.isArray(question.answer) ? question.answer : [question.answer];
	return (Array.isArray(response) ? response : [response]).filter((k) => !key.includes(k as never));
}

export interface AnswerInput {
	question: Pick<Question, 'id' | 'rev' | 'law' | 'type' | 'answer'>;
	response: Response;
	ms: number;
	bankVersion: string;
	source: AttemptSource;
	at?: number;
	/** Answered in 背题 mode, with the answer showing: counts as Hard when right. */
	studyMode?: boolean;
	/** The attempt's id, fixed by the caller so that retrying a failed save can never store it twice. */
	id?: string;
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

/** What recordAnswer reads before it writes: the stored settings, the question's state, the day. */
interface AnswerReads {
	settings: unknown;
	state: QuestionStateRecord | undefined;
	day: DayRecord | undefined;
}

/** The question's and the day's records after this answer. */
function nextRecords(input: AnswerInput, attempt: AttemptRecord, key: string, reads: AnswerReads): { state: QuestionStateRecord; day: DayRecord } {
	const { question } = input;
	const { correct } = attempt;
	const policy = parseStoredSettings(reads.settings);
	// A revised question starts its record again; the old attempts stay readable.
	const base = reads.state && reads.state.rev === question.rev ? reads.state : undefined;
	const streak = correct ? (base?.streak ?? 0) + 1 : 0;
	const card = review(base?.card, ratingFor({ correct, studyMode: input.studyMode ?? false, ms: attempt.ms }), attempt.at, question.id, policy.examDate);
	const wrongChoices = { ...(base?.wrongChoices ?? {}) };
	if (!correct) for (const k of wrongChoicesOf(question, input.response)) wrongChoices[k] = (wrongChoices[k] ?? 0) + 1;
	const wasInWrong = base?.inWrong === 1;
	const state: QuestionStateRecord = {
		questionId: question.id,
		lawId: question.law,
		rev: question.rev,
		seen: (base?.seen ?? 0) + 1,
		right: (base?.right ?? 0) + (correct ? 1 : 0),
		wrong: (base?.wrong ?? 0) + (correct ? 0 : 1),
		lastResult: correct,
		lastAt: attempt.at,
		streak,
		card,
		due: card.due,
		inWrong: !correct ? 1 : wasInWrong && streak < policy.wrongGraduation ? 1 : 0,
		wrongChoices,
		...(correct ? (base?.lastWrong !== undefined ? { lastWrong: base.lastWrong } : {}) : { lastWrong: input.response })
	};
	const day: DayRecord = reads.day ? { ...reads.day } : { day: key, answered: 0, right: 0, fresh: 0, ms: 0 };
	day.answered++;
	if (correct) day.right++;
	if (!base) day.fresh++;
	day.ms += attempt.ms;
	return { state, day };
}

export class ProgressRepository {
	constructor(private readonly db: LearnerDb) {}

	/**
	 * Stores the attempt, its outbox row, the question's state and the day's aggregate in one
	 * transaction: all or none. The three reads go out together and the writes are queued without
	 * waiting on each other: one round of requests instead of seven in a row (bench/storage.bench.ts).
	 */
	async recordAnswer(input: AnswerInput): Promise<AttemptRecord> {
		const { question } = input;
		const correct = isCorrect(question, input.response);
		const attempt: AttemptRecord = {
			id: input.id ?? uuid(),
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
		const key = dayKey(attempt.at);
		const outboxRow = { id: attempt.id, kind: 'attempt' as const, createdAt: attempt.at };
		await this.db.transaction('rw', [this.db.attempts, this.db.questionStates, this.db.days, this.db.kv, this.db.outbox], async () => {
			const [settings, state, day] = await Promise.all([this.db.kv.get(SETTINGS_KEY), this.db.questionStates.get(question.id), this.db.days.get(key)]);
			const writes: Promise<unknown>[] = [this.db.attempts.add(attempt), this.db.outbox.add(outboxRow)];
			const reads = { settings: settings?.value, state, day };
			const next = nextRecords(input, attempt, key, reads);
			// An answer older than the question's last one (saves are queued after the next frame, so two
			// tabs can commit out of tap order): the question's record is replayed in time order.
			if (state && state.rev === question.rev && attempt.at < state.lastAt) next.state = await this.replayedState(input, attempt, key, reads);
			writes.push(this.db.questionStates.put(next.state), this.db.days.put(next.day));
			await Promise.all(writes);
		});
		return attempt;
	}

	/** The question's record rebuilt from all its answers at this rev, `attempt` included, oldest first. */
	private async replayedState(input: AnswerInput, attempt: AttemptRecord, key: string, reads: AnswerReads): Promise<QuestionStateRecord> {
		const stored = await this.db.attempts.where('questionId').equals(input.question.id).toArray();
		const answers = [...stored.filter((a) => a.rev === input.question.rev && a.id !== attempt.id), attempt].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
		let state: QuestionStateRecord | undefined;
		// Whether an older answer was given in 背题 mode is not stored: replayed as a plain answer.
		for (const a of answers) state = nextRecords({ ...input, response: a.response, studyMode: a.id === attempt.id ? input.studyMode : false }, a, key, { ...reads, state }).state;
		return state!;
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

	/**
	 * Brings every scheduled review before a newly set exam date, spread over the days left
	 * (reviews already before it stay). Returns how many were moved.
	 */
	async applyExamDate(examDate: string | null, now = Date.now()): Promise<number> {
		if (!examDate) return 0;
		let moved = 0;
		await this.db.questionStates.toCollection().modify((s) => {
			if (s.due === undefined || !s.card) return;
			const due = capDue(s.due, s.questionId, now, examDate);
			if (due !== s.due) {
				s.due = due;
				s.card = { ...s.card, due };
				moved++;
			}
		});
		return moved;
	}

	/** Questions in the 错题本. */
	async wrongBook(): Promise<QuestionStateRecord[]> {
		return this.db.questionStates.where('inWrong').equals(1).toArray();
	}

	async removeFromWrongBook(questionId: string): Promise<void> {
		await this.db.questionStates.update(questionId, { inWrong: 0 });
	}

	/** Questions due for review up to `until` (epoch ms), soonest first. */
	async due(until: number): Promise<QuestionStateRecord[]> {
		return this.db.questionStates.where('due').belowOrEqual(until).sortBy('due');
	}

	async dueCount(until: number): Promise<number> {
		return this.db.questionStates.where('due').belowOrEqual(until).count();
	}

	async allStates(): Promise<QuestionStateRecord[]> {
		return this.db.questionStates.toArray();
	}

	/** Daily aggregates from `fromDay` (2026-10-29) on. */
	async days(fromDay: string): Promise<DayRecord[]> {
		return this.db.days.where('day').aboveOrEqual(fromDay).toArray();
	}

	/** Progress of every law from one read of the per-question states (the home page's query). */
	async progressByLaw(): Promise<Map<string, LawProgress>> {
		const out = new Map<string, LawProgress>();
		for (const s of await this.db.questionStates.toArray()) {
			let p = out.get(s.lawId);
			if (!p) out.set(s.lawId, (p = { lawId: s.lawId, answered: 0, lastRight: 0, attempts: 0, right: 0 }));
			p.answered++;
			if (s.lastResult) p.lastRight++;
			p.attempts += s.seen;
			p.right += s.right;
		}
		return out;
	}

	async hasAttempt(id: string): Promise<boolean> {
		return (await this.db.attempts.get(id)) !== undefined;
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
