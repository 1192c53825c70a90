/** Mock-exam blueprints (question-bank/papers/*.yaml), as compiled into the manifest. */
import type { QuestionType } from './bank-types';

export type MultipleScoring = 'exact' | 'partial';

export interface PaperSection {
	type: QuestionType;
	count: number;
	/** Points for a fully right answer. */
	points: number;
	/** 多选 only. exact: full points only when exactly right; partial: see perOption. */
	scoring: MultipleScoring;
	/** partial: points per correct option chosen when no wrong option is chosen. */
	perOption: number;
}

export interface Paper {
	id: string;
	title: string;
	description: string;
	/** 0 for an untimed paper. */
	durationMinutes: number;
	pass: number;
	total: number;
	/** Relative share of each law in the draw. */
	laws: Record<string, number>;
	sections: PaperSection[];
	/** Relative share of difficulty 1, 2 and 3, or null to draw regardless of difficulty. */
	difficulty: Record<'1' | '2' | '3', number> | null;
	/** bank: prefer questions not met in earlier mocks; weak: weight toward the learner's weak chapters. */
	draw: 'bank' | 'weak';
	/** The paper the home page's pass estimate is about. */
	predict: boolean;
}

export function paperTotal(sections: readonly PaperSection[]): number {
	return sections.reduce((sum, s) => sum + s.count * s.points, 0);
}
