import { describe, expect, it } from 'vitest';
import { formatAnswer, isCorrect } from '../../src/lib/core/grading';

describe('grading', () => {
	it('grades judge questions', () => {
		expect(isCorrect({ type: 'judge', answer: false }, false)).toBe(true);
		expect(isCorrect({ type: 'judge', answer: false }, true)).toBe(false);
		expect(isCorrect({ type: 'judge', answer: true }, 'A')).toBe(false);
	});
	it('grades single choice', () => {
		expect(isCorrect({ type: 'single', answer: 'C' }, 'C')).toBe(true);
		expect(isCorrect({ type: 'single', answer: 'C' }, 'B')).toBe(false);
		expect(isCorrect({ type: 'single', answer: 'C' }, ['C'])).toBe(false);
	});
	it('grades multiple choice only when exactly right, in any order', () => {
		const q = { type: 'multiple' as const, answer: ['A', 'B', 'D'] as ('A' | 'B' | 'D')[] };
		expect(isCorrect(q, ['D', 'A', 'B'])).toBe(true);
		expect(isCorrect(q, ['A', 'B'])).toBe(false);
		expect(isCorrect(q, ['A', 'B', 'C', 'D'])).toBe(false);
		expect(isCorrect(q, [])).toBe(false);
		expect(isCorrect(q, 'A')).toBe(false);
	});
	it('formats answers for display', () => {
		expect(formatAnswer(true)).toBe('正确');
		expect(formatAnswer(false)).toBe('错误');
		expect(formatAnswer(['D', 'A'])).toBe('AD');
		expect(formatAnswer('B')).toBe('B');
	});
});
