/** State of one practice run over a law: which question is shown, the learner's choice, the result. */
import type { OptionKey, Question } from '$lib/core/bank-types';
import { isCorrect, type Response } from '$lib/core/grading';
import { randomOrder, resumeIndex, sequentialOrder } from '$lib/core/practice-order';
import type { QuestionStateRecord } from '$lib/client/db';
import type { ProgressRepository } from '$lib/client/progress-repository';

export type PracticeMode = 'sequential' | 'random';

export const MODE_LABELS: Record<PracticeMode, string> = {
	sequential: '顺序练习',
	random: '随机练习'
};

export interface AnswerResult {
	response: Response;
	correct: boolean;
	/** False until IndexedDB has the answer; the learner is told if saving fails. */
	saved: boolean;
}

export class PracticeSession {
	order = $state<Question[]>([]);
	index = $state(0);
	/** Options toggled so far on a multiple-choice question. */
	selected = $state<OptionKey[]>([]);
	result = $state<AnswerResult | null>(null);
	saveError = $state<string | null>(null);
	rightCount = $state(0);
	wrongCount = $state(0);

	readonly current = $derived(this.order[this.index]);
	private shownAt = 0;

	constructor(
		private readonly repo: ProgressRepository,
		private readonly bankVersion: string,
		readonly lawId: string,
		readonly mode: PracticeMode
	) {}

	/** Sets the order for the mode and finds where to start (sequential resumes after the last answer). */
	async start(questions: Question[], states: Map<string, QuestionStateRecord>, startAt?: string): Promise<void> {
		if (this.mode === 'sequential') {
			this.order = sequentialOrder(questions);
			const cursor = await this.repo.getCursor(this.lawId, this.mode);
			this.index = resumeIndex(this.order, cursor);
		} else {
			const seen = new Set([...states.values()].filter((s) => s.seen > 0).map((s) => s.questionId));
			this.order = randomOrder(questions, seen, Math.random);
			this.index = 0;
		}
		if (startAt) {
			const at = this.order.findIndex((q) => q.id === startAt);
			if (at >= 0) this.index = at;
		}
		this.reset();
	}

	private reset(): void {
		this.selected = [];
		this.result = null;
		this.saveError = null;
		this.shownAt = performance.now();
	}

	toggle(key: OptionKey): void {
		if (this.result) return;
		this.selected = this.selected.includes(key) ? this.selected.filter((k) => k !== key) : [...this.selected, key].sort();
	}

	async answer(response: Response): Promise<void> {
		const question = this.current;
		if (!question || this.result) return;
		const correct = isCorrect(question, response);
		this.result = { response, correct, saved: false };
		if (correct) this.rightCount++;
		else this.wrongCount++;
		await this.save(question, response, performance.now() - this.shownAt);
	}

	private pendingSave: (() => Promise<void>) | null = null;

	private async save(question: Question, response: Response, ms: number): Promise<void> {
		const attempt = async () => {
			await this.repo.recordAnswer({ question, response, ms, bankVersion: this.bankVersion, source: 'practice' });
			if (this.mode === 'sequential') await this.repo.setCursor(this.lawId, this.mode, question.id);
			if (this.current?.id === question.id && this.result) this.result = { ...this.result, saved: true };
			this.saveError = null;
			this.pendingSave = null;
		};
		this.pendingSave = attempt;
		try {
			await attempt();
		} catch (e) {
			// The answer stays in memory; the learner can retry (e.g. after freeing storage).
			this.saveError = describeStorageError(e);
		}
	}

	async retrySave(): Promise<void> {
		if (!this.pendingSave) return;
		try {
			await this.pendingSave();
		} catch (e) {
			this.saveError = describeStorageError(e);
		}
	}

	next(): void {
		if (this.order.length === 0) return;
		this.index = (this.index + 1) % this.order.length;
		this.reset();
	}

	previous(): void {
		if (this.order.length === 0) return;
		this.index = (this.index - 1 + this.order.length) % this.order.length;
		this.reset();
	}
}

function describeStorageError(e: unknown): string {
	const name = e instanceof Error ? e.name : '';
	const inner = e instanceof Error && 'inner' in e ? (e as { inner?: { name?: string } }).inner?.name : undefined;
	if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
		return '手机存储空间已满，本题答案暂未保存。请清理空间后点“重新保存”。';
	}
	return '答案暂未保存到本机，请点“重新保存”。';
}
