/** Turning outbox rows into a sync batch: the records themselves, and exams with their answers. */
import type { AttemptRecord, LearnerDb, OutboxRecord, ReportRecord } from '../db';

export interface ExamPayload {
	id: string;
	paperId: string;
	paperTitle: string;
	bankVersion: string;
	seed: number;
	pass: number;
	total: number;
	durationMs: number;
	startedAt: number;
	submittedAt: number;
	submitReason: 'manual' | 'timeout';
	items: unknown[];
	score: { score: number; passed: boolean };
	answers: { questionId: string; response: unknown; at: number }[];
	/** Taken for this assignment; the server decides whether it counts. */
	assignmentId?: number;
}

export interface SyncBatch {
	attempts: AttemptRecord[];
	exams: ExamPayload[];
	reports: ReportRecord[];
}

export interface BuiltBatch {
	batch: SyncBatch;
	/** Outbox rows whose record no longer exists (or is not submitted): nothing to send. */
	orphans: string[];
}

export async function buildBatch(db: LearnerDb, rows: readonly OutboxRecord[]): Promise<BuiltBatch> {
	const ids = (kind: OutboxRecord['kind']) => rows.filter((r) => r.kind === kind).map((r) => r.id);
	const batch: SyncBatch = { attempts: [], exams: [], reports: [] };
	const orphans: string[] = [];
	const attemptIds = ids('attempt');
	(await db.attempts.bulkGet(attemptIds)).forEach((a, i) => (a ? batch.attempts.push(a) : orphans.push(attemptIds[i]!)));
	const reportIds = ids('report');
	(await db.reports.bulkGet(reportIds)).forEach((r, i) => (r ? batch.reports.push(r) : orphans.push(reportIds[i]!)));
	for (const id of ids('exam')) {
		const exam = await db.exams.get(id);
		if (!exam || exam.status !== 'submitted' || !exam.score || exam.submittedAt === undefined) {
			orphans.push(id);
			continue;
		}
		const answers = await db.examAnswers.where('attemptId').equals(id).toArray();
		batch.exams.push({
			id: exam.id,
			paperId: exam.paperId,
			paperTitle: exam.paperTitle,
			bankVersion: exam.bankVersion,
			seed: exam.seed,
			pass: exam.pass,
			total: exam.total,
			durationMs: exam.durationMs,
			startedAt: exam.startedAt,
			submittedAt: exam.submittedAt,
			submitReason: exam.submitReason ?? 'manual',
			items: exam.items,
			score: { score: exam.score.score, passed: exam.score.passed },
			answers: answers.map((a) => ({ questionId: a.questionId, response: a.response, at: a.at })),
			...(exam.assignmentId !== undefined ? { assignmentId: exam.assignmentId } : {})
		});
	}
	return { batch, orphans };
}
