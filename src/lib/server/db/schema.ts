/** The server database's tables, as Kysely sees them. Column names are snake_case in SQL. */
import type { Generated, Insertable, Selectable } from 'kysely';

export type UnitKind = 'county' | 'town' | 'village' | 'department';
export type Role = 'admin' | 'supervisor' | 'cadre';

export interface UnitTable {
	id: Generated<number>;
	name: string;
	kind: UnitKind;
	parent_id: number | null;
	/** Materialized path of ids, '/1/4/9/': a subtree is every path starting with the unit's. */
	path: string;
	created_at: number;
}

export interface UserTable {
	id: Generated<number>;
	username: string;
	display_name: string;
	/** 手机号 or 工号, as the roster gives it. */
	staff_no: string | null;
	role: Role;
	/** Null only for admins, who see every unit. */
	unit_id: number | null;
	password_hash: string;
	must_change_password: number;
	disabled: number;
	created_at: number;
	last_login_at: number | null;
}

export interface SessionTable {
	/** sha256 of the cookie's token: a leaked database does not yield usable cookies. */
	id: string;
	user_id: number;
	created_at: number;
	expires_at: number;
}

export interface AttemptTable {
	id: string;
	user_id: number;
	question_id: string;
	rev: number;
	law_id: string;
	/** JSON of the response (true, "B", ["A","C"]). */
	response: string;
	correct: number;
	ms: number;
	at: number;
	bank_version: string;
	source: 'practice' | 'exam';
	received_at: number;
}

export interface ExamTable {
	id: string;
	user_id: number;
	paper_id: string;
	paper_title: string;
	bank_version: string;
	seed: number;
	pass: number;
	total: number;
	duration_ms: number;
	started_at: number;
	submitted_at: number;
	submit_reason: string;
	/** JSON of the drawn ExamItem[]. */
	items: string;
	/** What the phone computed; the server's `score` is the score. */
	client_score: number;
	score: number;
	passed: number;
	/** 1 when the phone's score or pass differs from the server's regrading. */
	score_mismatch: number;
	received_at: number;
	/** Set when the exam was taken for an assignment (and its window held). */
	assignment_id: number | null;
}

export interface ExamAnswerTable {
	exam_id: string;
	question_id: string;
	response: string;
	at: number;
}

export interface QuestionReportTable {
	id: string;
	user_id: number;
	question_id: string;
	rev: number;
	reason: string;
	text: string;
	at: number;
	bank_version: string;
	received_at: number;
}

export interface PredictionTable {
	user_id: number;
	/** China Standard Time day, 'YYYY-MM-DD'. */
	day: string;
	computed_at: number;
	bank_version: string;
	paper_id: string;
	probability: number;
	expected_score: number;
	answered: number;
	pool_size: number;
}

export interface AssignmentTable {
	id: Generated<number>;
	unit_id: number;
	paper_id: string;
	title: string;
	opens_at: number;
	closes_at: number;
	created_by: number;
	created_at: number;
	withdrawn: number;
}

/** A kept item analysis (migration 0008): one per unit, date range and bank version. */
export interface ItemAnalysisCacheTable {
	id: Generated<number>;
	unit_id: number;
	/** The range, epoch ms: from inclusive, to exclusive. */
	range_from: number;
	range_to: number;
	bank_version: string;
	computed_at: number;
	/** max(attempts.rowid) and max(question_reports.rowid) when it was computed (same transaction). */
	attempts_mark: number;
	reports_mark: number;
	/** How long computing it took: a slow unit is served stale while it is recomputed. */
	compute_ms: number;
	/** 1 when a trigger saw a change the marks cannot (a cadre moved, an attempt deleted). */
	stale: Generated<number>;
	/** JSON of ItemStats[]. */
	items: string;
}

/** Running totals per cadre and China-time day with answers (migration 0009, kept by triggers). */
export interface CadreTotalsTable {
	user_id: number;
	/** China-time day number: floor((at + 8 h) / 1 day). */
	day: number;
	/** The cadre's answers, and right answers, on this day and every day before it. */
	answered_through: number;
	right_through: number;
	/** The newest attempt time (epoch ms) on this day. */
	last_at: number;
}

export interface Database {
	units: UnitTable;
	users: UserTable;
	sessions: SessionTable;
	attempts: AttemptTable;
	exams: ExamTable;
	exam_answers: ExamAnswerTable;
	question_reports: QuestionReportTable;
	predictions: PredictionTable;
	assignments: AssignmentTable;
	item_analysis_cache: ItemAnalysisCacheTable;
	cadre_totals: CadreTotalsTable;
}

export type Unit = Selectable<UnitTable>;
export type User = Selectable<UserTable>;
export type NewAttempt = Insertable<AttemptTable>;
