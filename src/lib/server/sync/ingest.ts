/**
 * Storing a sync batch exactly once. Each item is checked against the bank version it was made
 * with, then everything is inserted in one transaction with ON CONFLICT DO NOTHING: a resent item
 * is harmless, and a failure stores nothing. Exams are regraded here; the server's score counts,
 * and an exam taken for an assignment is marked as its only when the assignment's rules hold.
 */
import type { Insertable, Transaction } from 'kysely';
import { isCorrect } from '$lib/core/grading';
import { scoreExam } from '$lib/core/exam-scoring';
import type { ExamItem } from '$lib/core/exam-assembly';
import type { Response } from '$lib/core/grading';
import type { ArchivedBank, BankArchive } from '../bank-archive';
import type { Db } from '../db/database';
import type { AttemptTable, Database, QuestionReportTable } from '../db/schema';
import { attemptSchema, examSchema, reportSchema, type RejectReason, type SyncKind, type SyncResult } from './schema';
import { markedAssignment } from '../assignments/marking';

export interface ParsedBatch {
	attempts: unknown[];
	exams: unknown[];
	reports: unknown[];
}

type Rejection = SyncResult['rejected'][number];

class Rejected extends Error {
	constructor(
		readonly reason: RejectReason,
		readonly detail?: string
	) {
		super(reason);
	}
}

function bankOf(banks: BankArchive, version: string): ArchivedBank {
	const bank = banks.get(version);
	if (!bank) throw new Rejected('unknown-bank-version', version);
	return bank;
}

function questionOf(bank: ArchivedBank, id: string, rev: number) {
	const q = bank.questions.get(id);
	if (!q || q.rev !== rev) throw new Rejected('unknown-question', `${id} rev ${rev}`);
	return q;
}

type Prepared =
	| { kind: 'attempt'; id: string; attempt: Insertable<AttemptTable> }
	| { kind: 'report'; id: string; report: Insertable<QuestionReportTable> }
	| { kind: 'exam'; id: string; write: (tx: Transaction<Database>) => Promise<void> };

/** Builds the rows of one item, or throws Rejected. Pure: nothing is written here. */
function prepare(kind: SyncKind, raw: unknown, userId: number, banks: BankArchive, now: number): Prepared {
	if (kind === 'attempt') {
		const parsed = attemptSchema.safeParse(raw);
		if (!parsed.success) throw new Rejected('malformed', parsed.error.issues[0]?.message);
		const a = parsed.data;
		const q = questionOf(bankOf(banks, a.bankVersion), a.questionId, a.rev);
		// The server's verdict, not the phone's: the bank version decides what was right.
		const row = {
			id: a.id, user_id: userId, question_id: a.questionId, rev: a.rev, law_id: q.law, response: JSON.stringify(a.response),
			correct: isCorrect(q, a.response) ? 1 : 0, ms: Math.round(a.ms), at: a.at, bank_version: a.bankVersion, source: a.source, received_at: now
		};
		return { kind, id: a.id, attempt: row };
	}
	if (kind === 'report') {
		const parsed = reportSchema.safeParse(raw);
		if (!parsed.success) throw new Rejected('malformed', parsed.error.issues[0]?.message);
		const r = parsed.data;
		questionOf(bankOf(banks, r.bankVersion), r.questionId, r.rev);
		const row = { id: r.id, user_id: userId, question_id: r.questionId, rev: r.rev, reason: r.reason, text: r.text, at: r.at, bank_version: r.bankVersion, received_at: now };
		return { kind, id: r.id, report: row };
	}
	const parsed = examSchema.safeParse(raw);
	if (!parsed.success) throw new Rejected('malformed', parsed.error.issues[0]?.message);
	const e = parsed.data;
	const bank = bankOf(banks, e.bankVersion);
	const paper = bank.papers.get(e.paperId);
	if (!paper) throw new Rejected('unknown-paper', e.paperId);
	const itemIds = new Set<string>();
	for (const item of e.items) {
		const q = questionOf(bank, item.questionId, item.rev);
		// Points and scoring come from the paper, never from the phone.
		const section = paper.sections.find((s) => s.type === q.type);
		if (!section || item.type !== q.type || item.law !== q.law || item.points !== section.points || item.scoring !== section.scoring || item.perOption !== section.perOption || itemIds.has(item.questionId)) {
			throw new Rejected('malformed', `item ${item.questionId} does not match paper ${paper.id}`);
		}
		itemIds.add(item.questionId);
	}
	const responses = new Map<string, Response>();
	for (const answer of e.answers) {
		if (!itemIds.has(answer.questionId)) throw new Rejected('malformed', `answer to ${answer.questionId}, which is not in the exam`);
		// The phone keeps one answer per question; two would break the answers' primary key and fail the whole batch.
		if (responses.has(answer.questionId)) throw new Rejected('malformed', `two answers to ${answer.questionId}`);
		responses.set(answer.questionId, answer.response);
	}
	const items = e.items as ExamItem[];
	const regraded = scoreExam(items, bank.questions, responses, paper.pass);
	const mismatch = Math.abs(regraded.score - e.score.score) > 1e-6 || regraded.passed !== e.score.passed;
	const total = items.reduce((sum, i) => sum + i.points, 0);
	const row = {
		id: e.id, user_id: userId, paper_id: e.paperId, paper_title: paper.title, bank_version: e.bankVersion, seed: e.seed, pass: paper.pass, total,
		duration_ms: e.durationMs, started_at: e.startedAt, submitted_at: e.submittedAt, submit_reason: e.submitReason, items: JSON.stringify(items),
		client_score: e.score.score, score: regraded.score, passed: regraded.passed ? 1 : 0, score_mismatch: mismatch ? 1 : 0, received_at: now
	};
	const answers = e.answers.map((a) => ({ exam_id: e.id, question_id: a.questionId, response: JSON.stringify(a.response), at: a.at }));
	return {
		kind: 'exam',
		id: e.id,
		write: async (tx: Transaction<Database>) => {
			// Checked inside the transaction: the assignment as it stands when the exam is stored.
			const assignment_id = await markedAssignment(tx, userId, e);
			const inserted = await tx.insertInto('exams').values({ ...row, assignment_id }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
			// Answers go in only with a new exam: a resent exam keeps what arrived first.
			if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 && answers.length) await tx.insertInto('exam_answers').values(answers).execute();
		}
	};
}

const TABLE = { attempt: 'attempts', exam: 'exams', report: 'question_reports' } as const;
/** 12 columns a row: 200 rows stay far below SQLite's 32,766 bound parameters. */
const ROWS_PER_INSERT = 200;

export async function ingestBatch(db: Db, banks: BankArchive, userId: number, batch: ParsedBatch, now = Date.now()): Promise<SyncResult> {
	const rejected: Rejection[] = [];
	const prepared: Prepared[] = [];
	const entries: [SyncKind, unknown[]][] = [['attempt', batch.attempts], ['exam', batch.exams], ['report', batch.reports]];
	for (const [kind, items] of entries) {
		for (const raw of items) {
			const id = (raw as { id: string }).id;
			try {
				prepared.push(prepare(kind, raw, userId, banks, now));
			} catch (e) {
				if (!(e instanceof Rejected)) throw e;
				rejected.push({ id, kind, reason: e.reason, ...(e.detail ? { detail: e.detail } : {}) });
			}
		}
	}
	const held: string[] = [];
	await db.transaction().execute(async (tx) => {
		// Attempts and reports as multi-row statements (one prepared statement per batch, not per row);
		// a duplicate id, in the table or earlier in the same statement, is skipped row by row.
		const attempts = prepared.flatMap((p) => (p.kind === 'attempt' ? [p.attempt] : []));
		for (let i = 0; i < attempts.length; i += ROWS_PER_INSERT) {
			await tx.insertInto('attempts').values(attempts.slice(i, i + ROWS_PER_INSERT)).onConflict((oc) => oc.column('id').doNothing()).execute();
		}
		const reports = prepared.flatMap((p) => (p.kind === 'report' ? [p.report] : []));
		if (reports.length) await tx.insertInto('question_reports').values(reports).onConflict((oc) => oc.column('id').doNothing()).execute();
		for (const item of prepared) if (item.kind === 'exam') await item.write(tx);
		for (const kind of ['attempt', 'exam', 'report'] as const) {
			const ids = prepared.filter((p) => p.kind === kind).map((p) => p.id);
			if (!ids.length) continue;
			const rows = await tx.selectFrom(TABLE[kind]).select(['id', 'user_id']).where('id', 'in', ids).execute();
			const owner = new Map(rows.map((r) => [r.id, r.user_id]));
			for (const id of ids) {
				// An id already held for someone else is refused, and says nothing about that record.
				if (owner.get(id) === userId) held.push(id);
				else rejected.push({ id, kind, reason: 'id-conflict' });
			}
		}
	});
	return { held: [...new Set(held)], rejected };
}
