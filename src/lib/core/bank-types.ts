/** Types of the compiled question bank: what the compiler writes and the app reads. */
import type { LawStructure } from './law-types';
import type { Paper } from './paper-types';

export const QUESTION_TYPES = ['judge', 'single', 'multiple'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const TYPE_LABELS: Record<QuestionType, string> = {
	judge: '判断题',
	single: '单选题',
	multiple: '多选题'
};

export const OPTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

export interface QuestionOption {
	key: OptionKey;
	text: string;
}

/** single: one key; multiple: keys in order; judge: true (正确) or false (错误). */
export type Answer = OptionKey | OptionKey[] | boolean;

export type Difficulty = 1 | 2 | 3;

export interface Question {
	id: string;
	rev: number;
	law: string;
	type: QuestionType;
	articles: number[];
	stem: string;
	/** Empty for judge questions. */
	options: QuestionOption[];
	answer: Answer;
	quote: string;
	/** The cited article whose text holds the quote. */
	quoteArticle: number;
	explanation: string;
	difficulty: Difficulty;
	tags: string[];
	case?: string;
	caseId?: string;
	/** Set when the question is no longer served; it stays so that ids and history stay valid. */
	retired?: string;
}

export interface LawInfo {
	id: string;
	title: string;
	/** Short name used in citations: 《行政许可法》第十二条. */
	short: string;
	/** Date of the amendment in force. */
	edition: string;
	/** Another law this one belongs beside in the app (an interpretation beside its law). */
	companionOf?: string;
}

export interface CompiledLaw {
	format: 1;
	bankVersion: string;
	law: LawInfo;
	structure: LawStructure;
	/** Live and retired questions; practice serves only the live ones. */
	questions: Question[];
}

export type TypeCounts = Record<QuestionType, number>;

export interface ManifestLaw extends LawInfo {
	/** File name of the compiled law under /bank/, with a content hash in it. */
	file: string;
	bytes: number;
	articles: number;
	/** Live questions. */
	questions: number;
	byType: TypeCounts;
}

/**
 * A compact index of every live question (id, rev, type, difficulty, division of its first
 * article, number of options) with each law's divisions: enough for exam assembly, pass prediction and statistics
 * without loading the laws' texts.
 */
export type IndexedQuestion = [id: string, rev: number, type: QuestionType, difficulty: Difficulty, division: number, options: number];

export interface IndexDivision {
	kind: import('./law-types').DivisionKind;
	title: string;
	parent: number | null;
	depth: number;
	from: number;
	to: number;
}

export interface QuestionIndex {
	format: 1;
	bankVersion: string;
	laws: Record<string, { divisions: IndexDivision[]; questions: IndexedQuestion[] }>;
}

/** The newest CHANGELOG entry, shown when a phone picks up a new bank version. */
export interface BankChanges {
	version: string;
	date: string;
	summary: string[];
}

export interface BankManifest {
	format: 1;
	id: string;
	title: string;
	version: string;
	released: string;
	changes: BankChanges | null;
	/** File name of the QuestionIndex under /bank/. */
	index: string;
	papers: Paper[];
	laws: ManifestLaw[];
}

/**
 * Orders question ids (`<law>-<4 digits>`, lower-case ASCII): by code unit, which for these ids is
 * the order localeCompare gives, without loading the browser's collation data on the main thread
 * (about 15 ms on a phone the first time). tests/unit/practice-order.test.ts checks both agree on
 * the whole bank.
 */
export function compareIds(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
