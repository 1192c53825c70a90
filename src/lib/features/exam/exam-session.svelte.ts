/** Taking one mock exam: answers, flags and position are written to IndexedDB as they happen. */
import { SvelteMap } from 'svelte/reactivity';
import type { OptionKey, Question } from '$lib/core/bank-types';
import type { Response } from '$lib/core/grading';
import type { ExamRecord } from '$lib/client/db';
import type { ExamRepository } from '$lib/client/exam-repository';
import { describeStorageError } from '$lib/features/practice/practice-session.svelte';

export class ExamSession {
	exam = $state<ExamRecord>() as ExamRecord;
	readonly answers = new SvelteMap<string, Response>();
	flags = $state<string[]>([]);
	index = $state(0);
	now = $state(Date.now());
	saveError = $state<string | null>(null);
	submitting = $state(false);
	private timer: ReturnType<typeof setInterval> | null = null;
	/** Answers not yet in IndexedDB (storage full), with when they were given; retried until saved. */
	private unsaved = new Map<string, { response: Response | null; at: number }>();
	private retryTimer: ReturnType<typeof setInterval> | null = null;

	readonly item = $derived(this.exam.items[this.index]!);
	readonly question = $derived.by(() => this.questions.get(this.item.questionId)!);
	readonly answeredCount = $derived(this.exam.items.filter((i) => this.answers.has(i.questionId)).length);
	readonly remainingMs = $derived(this.exam.deadline > 0 ? Math.max(0, this.exam.deadline - this.now) : 0);
	readonly elapsedMs = $derived(this.now - this.exam.startedAt);

	constructor(
		exam: ExamRecord,
		readonly questions: ReadonlyMap<string, Question>,
		answers: Map<string, Response>,
		private readonly repo: ExamRepository,
		private readonly onSubmitted: (exam: ExamRecord) => void
	) {
		this.exam = exam;
		this.flags = [...exam.flags];
		this.index = Math.min(exam.currentIndex, exam.items.length - 1);
		for (const [id, r] of answers) this.answers.set(id, r);
	}

	/** Starts the clock; when the time is up the paper is handed in with what is answered. */
	startClock(): void {
		this.timer = setInterval(() => {
			this.now = Date.now();
			if (this.exam.deadline > 0 && this.now >= this.exam.deadline) void this.submit('timeout');
		}, 250);
	}

	stopClock(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}

	/** When the page goes away: stop every timer. */
	dispose(): void {
		this.stopClock();
		if (this.retryTimer) clearInterval(this.retryTimer);
		this.retryTimer = null;
	}

	async choose(response: Response): Promise<void> {
		const id = this.item.questionId;
		this.answers.set(id, response);
		await this.persist(id, response);
	}

	async toggleOption(key: OptionKey): Promise<void> {
		const id = this.item.questionId;
		const current = this.answers.get(id);
		const chosen = Array.isArray(current) ? current : [];
		const next = chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key].sort();
		if (next.length === 0) this.answers.delete(id);
		else this.answers.set(id, next);
		await this.persist(id, next.length === 0 ? null : next);
	}

	private async persist(questionId: string, response: Response | null): Promise<void> {
		this.unsaved.set(questionId, { response, at: Date.now() });
		await this.flush();
	}

	/** Writes every unsaved answer in order; on failure keeps them and retries every few seconds. */
	private async flush(): Promise<boolean> {
		try {
			for (const [id, u] of [...this.unsaved]) {
				await this.repo.saveAnswer(this.exam.id, id, u.response, u.at);
				if (this.unsaved.get(id) === u) this.unsaved.delete(id);
			}
			this.saveError = null;
			if (this.retryTimer) clearInterval(this.retryTimer);
			this.retryTimer = null;
			return true;
		} catch (e) {
			this.saveError = `${describeStorageError(e, this.unsaved.size)} 答案仍在本页，请勿关闭，每隔几秒会自动重试。`;
			this.retryTimer ??= setInterval(() => void this.flush(), 4000);
			return false;
		}
	}

	async go(index: number): Promise<void> {
		if (index < 0 || index >= this.exam.items.length) return;
		this.index = index;
		await this.repo.setPosition(this.exam.id, index).catch(() => undefined);
		if (this.unsaved.size > 0) await this.flush();
	}

	async toggleFlag(): Promise<void> {
		const id = this.item.questionId;
		this.flags = this.flags.includes(id) ? this.flags.filter((f) => f !== id) : [...this.flags, id];
		await this.repo.setFlags(this.exam.id, [...this.flags]).catch(() => undefined);
	}

	async submit(reason: 'manual' | 'timeout'): Promise<void> {
		if (this.submitting || this.exam.status === 'submitted') return;
		this.submitting = true;
		this.stopClock();
		try {
			// Every answer given in time is written first, also when the clock hands the paper in.
			if (this.unsaved.size > 0 && !(await this.flush())) throw new Error(this.saveError ?? '答案未能保存');
			const done = await this.repo.submit(this.exam.id, reason);
			this.exam = done;
			this.onSubmitted(done);
		} catch (e) {
			this.saveError = `交卷失败：${(e as Error).message}`;
			this.submitting = false;
			// Keep trying: a timed-out paper is handed in as soon as its answers can be written.
			if (reason === 'manual') this.startClock();
			else setTimeout(() => void this.submit('timeout'), 4000);
		}
	}
}
