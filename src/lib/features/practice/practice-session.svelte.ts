/**
 * State of one practice run over an ordered set of questions (a law in some mode, the 错题本,
 * favourites, today's review): which question is shown, the choice, the result, and this run's
 * record for the 答题卡.
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { OptionKey, Question } from '$lib/core/bank-types';
import { isCorrect, type Response } from '$lib/core/grading';
import type { ProgressRepository } from '$lib/client/progress-repository';
import { rememberResume } from '$lib/client/practice-preview';
import { requestPersistenceOnce } from '$lib/client/storage';
import { uuid } from '$lib/core/uuid';
import { afterNextPaint } from './after-paint';

export interface AnswerResult {
	response: Response;
	correct: boolean;
	/** False until IndexedDB has the answer; the learner is told if saving fails. */
	saved: boolean;
}

export interface SessionOptions {
	/** kv key remembering the last answered question, for 顺序练习 to resume. */
	cursorKey?: { lawId: string; mode: string };
}

export class PracticeSession {
	// Raw state: these are replaced, never changed in place, and a deep proxy would turn every
	// read of a question's fields while rendering it into a tracked signal (a tap's cost, at 4x CPU).
	order = $state.raw<Question[]>([]);
	index = $state(0);
	/** Options toggled so far on a multiple-choice question. */
	selected = $state.raw<OptionKey[]>([]);
	result = $state.raw<AnswerResult | null>(null);
	saveError = $state<string | null>(null);
	/** 背题: show the answer and the law at once, without answering. */
	studyMode = $state(false);
	/** This run's results by question id, for the 答题卡. */
	readonly results = new SvelteMap<string, boolean>();
	private readonly studied = new SvelteSet<string>();

	readonly current = $derived(this.order[this.index]);
	readonly rightCount = $derived([...this.results.values()].filter(Boolean).length);
	readonly wrongCount = $derived([...this.results.values()].filter((r) => !r).length);
	private shownAt = 0;
	private readonly unsaved: (() => Promise<void>)[] = [];
	private retryTimer: ReturnType<typeof setInterval> | null = null;
	/** Answers kept in memory because storage refused them. */
	unsavedCount = $state(0);

	constructor(
		private readonly repo: ProgressRepository,
		private readonly bankVersion: string,
		order: Question[],
		startIndex: number,
		private readonly options: SessionOptions = {}
	) {
		this.order = order;
		this.index = Math.min(Math.max(0, startIndex), Math.max(0, order.length - 1));
		this.shownAt = performance.now();
	}

	private reset(): void {
		this.selected = [];
		this.result = null;
		this.saveError = null;
		this.shownAt = performance.now();
		if (this.studyMode && this.current) this.studied.add(this.current.id);
	}

	setStudyMode(on: boolean): void {
		this.studyMode = on;
		if (on && this.current) this.studied.add(this.current.id);
	}

	toggle(key: OptionKey): void {
		if (this.result || this.studyMode) return;
		this.selected = this.selected.includes(key) ? this.selected.filter((k) => k !== key) : [...this.selected, key].sort();
	}

	async answer(response: Response): Promise<void> {
		const question = this.current;
		if (!question || this.result || this.studyMode) return;
		const correct = isCorrect(question, response);
		this.result = { response, correct, saved: false };
		this.results.set(question.id, correct);
		await this.save(question, response, performance.now() - this.shownAt);
	}

	private async save(question: Question, response: Response, ms: number): Promise<void> {
		const studyMode = this.studied.has(question.id);
		const at = Date.now();
		const id = uuid();
		this.unsaved.push(async () => {
			try {
				await this.repo.recordAnswer({ question, response, ms, bankVersion: this.bankVersion, source: 'practice', studyMode, at, id });
			} catch (e) {
				// Already stored by an earlier try whose answer was lost on the way: saved, not twice.
				if ((e as Error).name !== 'ConstraintError' || !(await this.repo.hasAttempt(id))) throw e;
			}
			if (this.options.cursorKey) {
				await this.repo.setCursor(this.options.cursorKey.lawId, this.options.cursorKey.mode, question.id);
				// The next visit resumes here: the prerendered first question must not flash up first.
				if (this.options.cursorKey.mode === 'sequential') rememberResume(this.options.cursorKey.lawId);
			}
			if (this.current?.id === question.id && this.result) this.result = { ...this.result, saved: true };
		});
		// The feedback is painted first: the write's own work (and the FSRS update when its reads
		// come back) would otherwise sit between the tap and the frame that shows the result. The
		// answer is already queued in `unsaved`, so leaving the page now still warns.
		await afterNextPaint();
		await this.flush();
	}

	/**
	 * Writes the answers not yet saved, oldest first. When storage is full they stay in memory,
	 * the learner is told, and they are retried every few seconds, on 重新保存, and with the next
	 * answer: moving on to the next question never drops one.
	 */
	private flushing: Promise<void> | null = null;

	/** One flush at a time: a second caller waits, then flushes what was added meanwhile. */
	private flush(): Promise<void> {
		if (this.flushing) return this.flushing.then(() => this.flush());
		this.flushing = this.flushNow().finally(() => (this.flushing = null));
		return this.flushing;
	}

	private async flushNow(): Promise<void> {
		try {
			while (this.unsaved.length > 0) {
				await this.unsaved[0]!();
				this.unsaved.shift();
			}
			this.saveError = null;
			this.unsavedCount = 0;
			if (this.retryTimer) clearInterval(this.retryTimer);
			this.retryTimer = null;
			void requestPersistenceOnce();
		} catch (e) {
			this.unsavedCount = this.unsaved.length;
			this.saveError = describeStorageError(e, this.unsaved.length);
			this.retryTimer ??= setInterval(() => void this.flush(), 5000);
		}
	}

	async retrySave(): Promise<void> {
		await this.flush();
	}

	/** When the page goes away: stop retrying (unsaved answers are only in memory; the page warns). */
	dispose(): void {
		if (this.retryTimer) clearInterval(this.retryTimer);
		this.retryTimer = null;
	}

	go(index: number): void {
		if (this.order.length === 0) return;
		this.index = ((index % this.order.length) + this.order.length) % this.order.length;
		this.reset();
	}

	next(): void {
		this.go(this.index + 1);
	}

	previous(): void {
		this.go(this.index - 1);
	}
}

export function describeStorageError(e: unknown, count = 1): string {
	const name = e instanceof Error ? e.name : '';
	const inner = e instanceof Error && 'inner' in e ? (e as { inner?: { name?: string } }).inner?.name : undefined;
	const what = count > 1 ? `${count} 道题的答案` : '本题答案';
	if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
		return `手机存储空间已满，${what}暂未保存。请清理空间后点“重新保存”。`;
	}
	return `${what}暂未保存到本机，请点“重新保存”。`;
}
