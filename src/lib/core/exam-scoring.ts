/** Scoring a mock exam: per item, per section, per law, against the paper's pass mark. */
import type { OptionKey, Question, QuestionType } from './bank-types';
import type { ExamItem } from './exam-assembly';
import { isCorrect, type Response } from './grading';

/** Points for one answer under its section's rule (多选 exact or partial). */
export function itemPoints(item: Pick<ExamItem, 'points' | 'scoring' | 'perOption' | 'type'>, question: Pick<Question, 'type' | 'answer'>, response: Response | undefined): number {
	if (response === undefined) return 0;
	if (isCorrect(question, response)) return item.points;
	if (item.type === 'multiple' && item.scoring === 'partial' && Array.isArray(response) && Array.isArray(question.answer)) {
		const key = question.answer as OptionKey[];
		if (response.length > 0 && response.every((k) => key.includes(k))) return Math.min(item.points, response.length * item.perOption);
	}
	return 0;
}

export interface ScoreLine {
	score: number;
	total: number;
	right: number;
	count: number;
	answered: number;
}

export interface ExamScore extends ScoreLine {
	passed: boolean;
	pass: number;
	byType: Partial<Record<QuestionType, ScoreLine>>;
	byLaw: Record<string, ScoreLine>;
	/** Per item in paper order: points earned and whether exactly right. */
	items: { questionId: string; points: number; correct: boolean; answered: boolean }[];
}

const emptyLine = (): ScoreLine => ({ score: 0, total: 0, right: 0, count: 0, answered: 0 });

export function scoreExam(
	items: readonly ExamItem[],
	questions: ReadonlyMap<string, Pick<Question, 'type' | 'answer'>>,
	responses: ReadonlyMap<string, Response>,
	pass: number
): ExamScore {
	const result: ExamScore = { ...emptyLine(), passed: false, pass, byType: {}, byLaw: {}, items: [] };
	for (const item of items) {
		const question = questions.get(item.questionId);
		if (!question) throw new Error(`question ${item.questionId} of the exam is missing`);
		const response = responses.get(item.questionId);
		const points = itemPoints(item, question, response);
		const correct = response !== undefined && isCorrect(question, response);
		for (const line of [result, (result.byType[item.type] ??= emptyLine()), (result.byLaw[item.law] ??= emptyLine())]) {
			line.score += points;
			line.total += item.points;
			line.count++;
			if (correct) line.right++;
			if (response !== undefined) line.answered++;
		}
		result.items.push({ questionId: item.questionId, points, correct, answered: response !== undefined });
	}
	// Points can be fractional under partial scoring; keep one decimal place.
	result.score = Math.round(result.score * 10) / 10;
	result.passed = result.score >= pass;
	return result;
}
