/** Mock-exam attempts in IndexedDB: created, answered question by question, submitted once. */
import type { Question } from '$lib/core/bank-types';
import type { ExamItem } from '$lib/core/exam-assembly';
import { scoreExam } from '$lib/core/exam-scoring';
import type { Response } from '$lib/core/grading';
import type { Paper } from '$lib/core/paper-types';
import { uuid } from '$lib/core/uuid';
import type { ExamRecord, LearnerDb } from './db';
import { ProgressRepository } from './progress-repository';

export interface NewAttempt {
	paper: Paper;
	items: ExamItem[];
	questions: Question[];
	lawShort: Record<string, string>;
	bankVersion: string;
	seed: number;
	retakeOf?: string;
	/** The supervisor's assignment the exam is taken for. */
	assignmentId?: number;
	now?: number;
}

export class ExamRepository {
	private readonly progress: ProgressRepository;

	constructor(private readonly db: LearnerDb) {
		this.progress = new ProgressRepository(db);
	}

	async create(input: NewAttempt): Promise<ExamRecord> {
		const now = input.now ?? Date.now();
		const durationMs = input.paper.durationMinutes * 60_000;
		const record: ExamRecord = {
			id: uuid(),
			paperId: input.paper.id,
			paperTitle: input.paper.title,
			bankVersion: input.bankVersion,
			seed: input.seed,
			...(input.retakeOf ? { retakeOf: input.retakeOf } : {}),
			...(input.assignmentId !== undefined ? { assignmentId: input.assignmentId } : {}),
			pass: input.paper.pass,
			total: input.paper.total,
			durationMs,
			startedAt: now,
			deadline: durationMs > 0 ? now + durationMs : 0,
			status: 'in-progress',
			items: input.items,
			currentIndex: 0,
			flags: []
		};
		const wanted = new Set(input.items.map((i) => i.questionId));
		await this.db.transaction('rw', this.db.exams, this.db.examPapers, async () => {
			await this.db.exams.add(record);
			await this.db.examPapers.add({ attemptId: record.id, questions: input.questions.filter((q) => wanted.has(q.id)), lawShort: input.lawShort });
		});
		return record;
	}

	get(id: string): Promise<ExamRecord | undefined> {
		return this.db.exams.get(id);
	}

	async paper(id: string) {
		return this.db.examPapers.get(id);
	}

	/** Newest first. */
	async list(): Promise<ExamRecord[]> {
		return (await this.db.exams.orderBy('startedAt').reverse().toArray()) as ExamRecord[];
	}

	async inProgress(): Promise<ExamRecord[]> {
		return this.db.exams.where('status').equals('in-progress').toArray();
	}

	async answers(id: string): Promise<Map<string, Response>> {
		const rows = await this.db.examAnswers.where('attemptId').equals(id).toArray();
		return new Map(rows.map((r) => [r.questionId, r.response]));
	}

	/**
	 * Writes one answer; refuses once the attempt is submitted or when the answer was given after
	 * the time was up. `givenAt` is when the learner chose it: an answer kept in memory while
	 * storage was full still counts if it was given in time.
	 */
	async saveAnswer(id: string, questionId: string, response: Response | null, givenAt = Date.now()): Promise<void> {
		const now = givenAt;
		await this.db.transaction('rw', this.db.exams, this.db.examAnswers, async () => {
			const exam = await this.db.exams.get(id);
			if (!exam || exam.status !== 'in-progress') throw new Error('本场考试已交卷，答案不能再修改');
			if (exam.deadline > 0 && now > exam.deadline) throw new Error('考试时间已到');
			if (response === null) await this.db.examAnswers.delete([id, questionId]);
			else await this.db.examAnswers.put({ attemptId: id, questionId, response, at: now });
		});
	}

	async setPosition(id: string, currentIndex: number): Promise<void> {
		await this.db.exams.update(id, { currentIndex });
	}

	async setFlags(id: string, flags: string[]): Promise<void> {
		await this.db.exams.update(id, { flags });
	}

	/**
	 * Grades and closes the attempt, and feeds each answer into the learner's record (错题本,
	 * scheduling) in the same transaction. Submitting twice changes nothing.
	 */
	async submit(id: string, reason: 'manual' | 'timeout', now = Date.now()): Promise<ExamRecord> {
		return this.db.transaction('rw', [this.db.exams, this.db.examPapers, this.db.examAnswers, this.db.attempts, this.db.questionStates, this.db.days, this.db.kv, this.db.outbox], async () => {
			const exam = await this.db.exams.get(id);
			if (!exam) throw new Error(`没有找到考试记录 ${id}`);
			if (exam.status === 'submitted') return exam;
			const paper = await this.db.examPapers.get(id);
			if (!paper) throw new Error(`考试 ${id} 的试题缺失`);
			const questions = new Map(paper.questions.map((q) => [q.id, q]));
			const answers = await this.answers(id);
			const score = scoreExam(exam.items, questions, answers, exam.pass);
			const submittedAt = exam.deadline > 0 ? Math.min(now, exam.deadline) : now;
			const done: ExamRecord = { ...exam, status: 'submitted', submittedAt, submitReason: reason, score };
			await this.db.exams.put(done);
			await this.db.outbox.put({ id: done.id, kind: 'exam', createdAt: submittedAt });
			const rows = await this.db.examAnswers.where('attemptId').equals(id).toArray();
			for (const row of rows) {
				const question = questions.get(row.questionId);
				if (!question) continue;
				// Counted when the paper is handed in: the per-question record (streak, 错题本,
				// schedule) then follows the order in which answers took effect, like recompute().
				await this.progress.recordAnswer({ question, response: row.response, ms: 0, bankVersion: exam.bankVersion, source: 'exam', at: submittedAt });
			}
			return done;
		});
	}

	/** Submits an attempt whose time ran out while the app was closed, with what was answered. */
	async expireIfDue(exam: ExamRecord, now = Date.now()): Promise<ExamRecord> {
		if (exam.status === 'in-progress' && exam.deadline > 0 && now >= exam.deadline) return this.submit(exam.id, 'timeout', now);
		return exam;
	}
}
