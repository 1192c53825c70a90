/**
 * The learner's IndexedDB database. Every schema change is a new version() block below the old
 * ones; never edit a released version (Dexie upgrades each device from whatever it holds).
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Question } from '$lib/core/bank-types';
import type { ExamItem } from '$lib/core/exam-assembly';
import type { ExamScore } from '$lib/core/exam-scoring';
import type { Response } from '$lib/core/grading';
import type { StoredCard } from '$lib/core/scheduling';

export type AttemptSource = 'practice' | 'exam';

/** One answer a learner gave. Never changed after it is written; synced to the server later. */
export interface AttemptRecord {
	/** Client-generated UUID: the key that makes sync idempotent. */
	id: string;
	questionId: string;
	rev: number;
	lawId: string;
	response: Response;
	correct: boolean;
	/** Milliseconds from showing the question to answering it. */
	ms: number;
	/** Epoch milliseconds. */
	at: number;
	bankVersion: string;
	source: AttemptSource;
}

/** Per-question aggregate, updated in the same transaction as the attempt that changes it. */
export interface QuestionStateRecord {
	questionId: string;
	lawId: string;
	/** The rev these figures are about; a revised question starts again (see QUESTION-BANK.md). */
	rev: number;
	seen: number;
	right: number;
	wrong: number;
	lastResult: boolean;
	lastAt: number;
	/** Right answers in a row, for the 错题本 graduation rule. */
	streak: number;
	/** FSRS card (v3). Absent on rows written before v3 until the next answer. */
	card?: StoredCard;
	/** card.due, or +∞ as a large number; indexed for the review queue (v3). */
	due?: number;
	/** 1 while the question is in the 错题本 (IndexedDB cannot index booleans) (v3). */
	inWrong?: 0 | 1;
	/** Last wrong response, and how often each option key was chosen in wrong answers (v3). */
	lastWrong?: Response;
	wrongChoices?: Record<string, number>;
}

/** Per-day aggregate, updated with each answer: activity chart, streak, time spent (v3). */
export interface DayRecord {
	/** 2026-11-27, local time. */
	day: string;
	answered: number;
	right: number;
	/** Questions answered for the first time that day. */
	fresh: number;
	ms: number;
}

/** 收藏 and personal notes (v3). */
export interface MarkRecord {
	questionId: string;
	lawId: string;
	favorite: 0 | 1;
	note: string;
	updatedAt: number;
}

/** 纠错: a learner's report of a problem with a question, kept for the server (v3). */
export interface ReportRecord {
	id: string;
	questionId: string;
	rev: number;
	reason: string;
	text: string;
	at: number;
	bankVersion: string;
}

/** One mock-exam attempt: everything needed to resume it, grade it and regrade it on a server. */
export interface ExamRecord {
	id: string;
	paperId: string;
	paperTitle: string;
	bankVersion: string;
	seed: number;
	/** The attempt this one repeats with the same questions, if any. */
	retakeOf?: string;
	pass: number;
	total: number;
	/** 0 for an untimed paper. */
	durationMs: number;
	startedAt: number;
	/** startedAt + durationMs; 0 when untimed. The clock runs from the start, as in an exam hall. */
	deadline: number;
	status: 'in-progress' | 'submitted';
	/** Drawn questions with revs, points and option orders, in paper order. */
	items: ExamItem[];
	currentIndex: number;
	flags: string[];
	submittedAt?: number;
	submitReason?: 'manual' | 'timeout';
	score?: ExamScore;
	/** The supervisor's assignment this exam was started for (server id); absent for practice. */
	assignmentId?: number;
}

/** The questions of an attempt as they were when it started: it finishes on that bank version. */
export interface ExamPaperRecord {
	attemptId: string;
	questions: Question[];
	lawShort: Record<string, string>;
}

/** One answer in an exam, written the moment it is given; changeable until submission. */
export interface ExamAnswerRecord {
	attemptId: string;
	questionId: string;
	response: Response;
	at: number;
}

/**
 * Records waiting to be uploaded (#10). Written in the same transaction as the record itself, so
 * nothing is ever missed; removed once the server says it holds the record.
 */
export interface OutboxRecord {
	/** The record's own id (attempt, exam or report uuid). */
	id: string;
	kind: 'attempt' | 'exam' | 'report';
	createdAt: number;
}

export interface KeyValueRecord {
	key: string;
	value: unknown;
}

export type LearnerDb = Dexie & {
	attempts: EntityTable<AttemptRecord, 'id'>;
	questionStates: EntityTable<QuestionStateRecord, 'questionId'>;
	kv: EntityTable<KeyValueRecord, 'key'>;
	exams: EntityTable<ExamRecord, 'id'>;
	examPapers: EntityTable<ExamPaperRecord, 'attemptId'>;
	examAnswers: Dexie.Table<ExamAnswerRecord, [string, string]>;
	days: EntityTable<DayRecord, 'day'>;
	marks: EntityTable<MarkRecord, 'questionId'>;
	reports: EntityTable<ReportRecord, 'id'>;
	outbox: EntityTable<OutboxRecord, 'id'>;
};

export const DB_NAME = 'xuefa-kaolian';

export function openLearnerDb(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): LearnerDb {
	const db = new Dexie(name, options) as LearnerDb;
	db.version(1).stores({
		attempts: 'id, questionId, lawId, at',
		questionStates: 'questionId, lawId',
		kv: 'key'
	});
	// v2: mock exams (#8).
	db.version(2).stores({
		exams: 'id, paperId, status, startedAt',
		examPapers: 'attemptId',
		examAnswers: '[attemptId+questionId], attemptId'
	});
	// v3: spaced review, 错题本, daily aggregates, 收藏 and notes, 纠错 reports (#7).
	db.version(3)
		.stores({
			questionStates: 'questionId, lawId, due, inWrong',
			days: 'day',
			marks: 'questionId, lawId, favorite',
			reports: 'id, questionId, at'
		})
		.upgrade(async (tx) => {
			// Questions last answered wrong start in the 错题本; every met question gets reviewed from today.
			await tx
				.table('questionStates')
				.toCollection()
				.modify((s: QuestionStateRecord) => {
					s.inWrong = s.lastResult ? 0 : 1;
					s.due = s.lastAt;
				});
		});
	// v4: the sync outbox (#10). Work done before this version is queued too (uploaded after consent).
	db.version(4)
		.stores({ outbox: 'id, kind, createdAt' })
		.upgrade(async (tx) => {
			const outbox = tx.table('outbox');
			await tx.table('attempts').each((a: AttemptRecord) => outbox.put({ id: a.id, kind: 'attempt', createdAt: a.at }));
			await tx
				.table('exams')
				.filter((e: ExamRecord) => e.status === 'submitted')
				.each((e: ExamRecord) => outbox.put({ id: e.id, kind: 'exam', createdAt: e.submittedAt ?? e.startedAt }));
			await tx.table('reports').each((r: ReportRecord) => outbox.put({ id: r.id, kind: 'report', createdAt: r.at }));
		});
	return db;
}

let shared: LearnerDb | null = null;

import { DB_OUTDATED_EVENT } from './events';
export { DB_OUTDATED_EVENT };

/** The app's one connection, opened on first use (in the browser only). */
export function learnerDb(): LearnerDb {
	if (!shared) {
		shared = openLearnerDb();
		// A newer version of the app opened in another tab wants to upgrade the schema: let it, and
		// tell the learner to reload this page rather than let it fail on the next write.
		shared.on('versionchange', () => {
			shared?.close();
			if (typeof window !== 'undefined') window.dispatchEvent(new Event(DB_OUTDATED_EVENT));
			return false;
		});
	}
	return shared;
}
