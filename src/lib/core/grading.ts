import type { Answer, OptionKey, Question } from './bank-types';

/** What a learner answered: the same shape as `Question.answer`. */
export type Response = Answer;

function sameKeys(a: readonly OptionKey[], b: readonly OptionKey[]): boolean {
	if (a.length !== b.length) return false;
	const sa = [...a].sort();
	const sb = [...b].sort();
	return sa.every((k, i) => k === sb[i]);
}

/** Whether a response is exactly right. 多选 counts only when every key and no other is chosen. */
export function isCorrect(question: Pick<Question, 'type' | 'answer'>, response: Response): boolean {
	switch (question.type) {
		case 'judge':
			return typeof response === 'boolean' && response === question.answer;
		case 'single':
			return typeof response === 'string' && response === question.answer;
		case 'multiple':
			return Array.isArray(response) && Array.isArray(question.answer) && sameKeys(response, question.answer);
	}
}

/** The answer as a learner reads it: 正确 / 错误, B, ACD. */
export function formatAnswer(answer: Answer): string {
	if (typeof answer === 'boolean') return answer ? '正确' : '错误';
	if (Array.isArray(answer)) return [...answer].sort().join('');
	return answer;
}
