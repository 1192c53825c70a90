/**
 * The learner's IndexedDB database. Every schema change is a new version() block below the old
 * ones; never edit a released version (Dexie upgrades each device from whatever it holds).
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Response } from '$lib/core/grading';

export type AttemptSource = 'practice';

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
}

export interface KeyValueRecord {
	key: string;
	value: unknown;
}

export type LearnerDb = Dexie & {
	attempts: EntityTable<AttemptRecord, 'id'>;
	questionStates: EntityTable<QuestionStateRecord, 'questionId'>;
	kv: EntityTable<KeyValueRecord, 'key'>;
};

export const DB_NAME = 'xuefa-kaolian';

export function openLearnerDb(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): LearnerDb {
	const db = new Dexie(name, options) as LearnerDb;
	db.version(1).stores({
		attempts: 'id, questionId, lawId, at',
		questionStates: 'questionId, lawId',
		kv: 'key'
	});
	return db;
}

let shared: LearnerDb | null = null;

/** The app's one connection, opened on first use (in the browser only). */
export function learnerDb(): LearnerDb {
	shared ??= openLearnerDb();
	return shared;
}
