import { describe, expect, it } from 'vitest';
import type { OptionKey } from '../../src/lib/core/bank-types';
import { apportion } from '../../src/lib/core/apportion';
import { assemblePaper } from '../../src/lib/core/exam-assembly';
import { itemPoints, scoreExam } from '../../src/lib/core/exam-scoring';
import type { Paper } from '../../src/lib/core/paper-types';
import { comprehensive, syntheticPool } from './support/exam-fixtures';

describe('apportion', () => {
	it('splits by weight with the largest remainders', () => {
		expect(apportion(20, { a: 30, b: 35, c: 35 })).toEqual({ a: 6, b: 7, c: 7 });
		expect(apportion(40, { a: 30, b: 35, c: 35 })).toEqual({ a: 12, b: 14, c: 14 });
	});
	it('moves what a full key cannot take to the others', () => {
		expect(apportion(10, { a: 1, b: 1 }, { a: 2 })).toEqual({ a: 2, b: 8 });
		expect(apportion(10, { a: 1, b: 1 }, { a: 2, b: 3 })).toEqual({ a: 2, b: 3 });
	});
});

describe('exam assembly', () => {
	const pool = syntheticPool({ judge: 60, single: 100, multiple: 50 });

	it('respects the blueprint: counts and points per section, law shares, no repeats', () => {
		const items = assemblePaper({ paper: comprehensive, pool, seed: 42 });
		expect(items).toHaveLength(80);
		expect(items.filter((i) => i.type === 'judge')).toHaveLength(20);
		expect(items.filter((i) => i.type === 'single')).toHaveLength(40);
		expect(items.filter((i) => i.type === 'multiple').every((i) => i.points === 2)).toBe(true);
		expect(items.reduce((s, i) => s + i.points, 0)).toBe(100);
		expect(new Set(items.map((i) => i.questionId)).size).toBe(80);
		const judgeByLaw = (law: string) => items.filter((i) => i.type === 'judge' && i.law === law).length;
		expect([judgeByLaw('a-law'), judgeByLaw('b-law'), judgeByLaw('c-law')]).toEqual([6, 7, 7]);
		// Sections come in blueprint order.
		expect(items.map((i) => i.type).join(',')).toBe([...Array(20).fill('judge'), ...Array(40).fill('single'), ...Array(20).fill('multiple')].join(','));
	});

	it('follows the difficulty mix when the pool allows it', () => {
		const items = assemblePaper({ paper: comprehensive, pool, seed: 7 });
		const byId = new Map(pool.map((q) => [q.id, q]));
		const single = items.filter((i) => i.type === 'single').map((i) => byId.get(i.questionId)!.difficulty);
		expect(single.filter((d) => d === 2).length).toBeGreaterThanOrEqual(14);
		expect(single.filter((d) => d === 1).length).toBeGreaterThanOrEqual(10);
	});

	it('is reproducible from its seed, and different for another seed', () => {
		const a = assemblePaper({ paper: comprehensive, pool, seed: 123 });
		const b = assemblePaper({ paper: comprehensive, pool: [...pool].reverse(), seed: 123 });
		const c = assemblePaper({ paper: comprehensive, pool, seed: 124 });
		expect(b).toEqual(a);
		expect(c.map((i) => i.questionId)).not.toEqual(a.map((i) => i.questionId));
	});

	it('shuffles options of choice questions, never of judge questions', () => {
		const items = assemblePaper({ paper: comprehensive, pool, seed: 9 });
		expect(items.filter((i) => i.type === 'judge').every((i) => i.order.length === 0)).toBe(true);
		const choice = items.filter((i) => i.type !== 'judge');
		expect(choice.every((i) => [...i.order].sort().join('') === 'ABCD')).toBe(true);
		expect(choice.filter((i) => i.order.join('') !== 'ABCD').length).toBeGreaterThan(choice.length / 2);
	});

	it('prefers questions not met in earlier mocks', () => {
		const first = assemblePaper({ paper: comprehensive, pool, seed: 1 });
		const met = new Set(first.map((i) => i.questionId));
		const second = assemblePaper({ paper: comprehensive, pool, seed: 2, metInMocks: met });
		expect(second.filter((i) => met.has(i.questionId))).toEqual([]);
		// When the unseen questions run out, met ones are drawn rather than fewer questions.
		const small = syntheticPool({ judge: 8, single: 14, multiple: 7 });
		const all = new Set(small.map((q) => q.id));
		expect(assemblePaper({ paper: comprehensive, pool: small, seed: 3, metInMocks: all })).toHaveLength(80);
	});

	it('draws weak papers toward the heavily weighted questions', () => {
		const daily: Paper = { ...comprehensive, id: 'daily', draw: 'weak', difficulty: null, sections: [{ type: 'single', count: 10, points: 10, scoring: 'exact', perOption: 0 }] };
		let weak = 0;
		for (let seed = 0; seed < 50; seed++) {
			const items = assemblePaper({ paper: daily, pool, seed, weakness: (q) => (q.law === 'a-law' ? 20 : 1) });
			weak += items.filter((i) => i.law === 'a-law').length;
		}
		// Law a's share is fixed by the blueprint (3 of 10), so weight shows within a law; check the law share holds.
		expect(weak).toBe(150);
	});
});

describe('exam scoring', () => {
	const judge = { type: 'judge' as const, answer: true };
	const multiple = { type: 'multiple' as const, answer: ['A', 'C', 'D'] as OptionKey[] };

	it('scores 多选 exactly: full points or none', () => {
		const item = { type: 'multiple' as const, points: 2, scoring: 'exact' as const, perOption: 0 };
		expect(itemPoints(item, multiple, ['D', 'C', 'A'])).toBe(2);
		expect(itemPoints(item, multiple, ['A', 'C'])).toBe(0);
		expect(itemPoints(item, multiple, undefined)).toBe(0);
	});

	it('scores 多选 partially: per correct option chosen, nothing if any wrong one is chosen', () => {
		const item = { type: 'multiple' as const, points: 10, scoring: 'partial' as const, perOption: 4 };
		expect(itemPoints(item, multiple, ['A', 'C', 'D'])).toBe(10);
		expect(itemPoints(item, multiple, ['A', 'C'])).toBe(8);
		expect(itemPoints(item, multiple, ['A'])).toBe(4);
		expect(itemPoints(item, multiple, ['A', 'B'])).toBe(0);
		expect(itemPoints(item, multiple, [])).toBe(0);
	});

	it('totals by type and law against the pass mark; shuffled display order does not matter', () => {
		const items = [
			{ questionId: 'j1', rev: 1, law: 'x', type: 'judge' as const, points: 40, scoring: 'exact' as const, perOption: 0, order: [] },
			{ questionId: 'm1', rev: 1, law: 'y', type: 'multiple' as const, points: 60, scoring: 'exact' as const, perOption: 0, order: ['D', 'B', 'A', 'C'] as OptionKey[] }
		];
		const questions = new Map<string, { type: 'judge' | 'multiple'; answer: boolean | OptionKey[] }>([['j1', judge], ['m1', multiple]]);
		const s1 = scoreExam(items, questions, new Map<string, boolean | OptionKey[]>([['j1', true], ['m1', ['C', 'A', 'D']]]), 60);
		expect(s1).toMatchObject({ score: 100, total: 100, passed: true, right: 2, answered: 2 });
		const s2 = scoreExam(items, questions, new Map([['j1', true]]), 60);
		expect(s2).toMatchObject({ score: 40, passed: false, right: 1, answered: 1 });
		expect(s2.byLaw).toEqual({ x: { score: 40, total: 40, right: 1, count: 1, answered: 1 }, y: { score: 0, total: 60, right: 0, count: 1, answered: 0 } });
		expect(s2.byType.multiple).toMatchObject({ score: 0, total: 60 });
	});
});
