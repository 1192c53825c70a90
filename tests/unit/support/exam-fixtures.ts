/** Synthetic question pools and the default paper, for assembly and prediction tests. */
import type { Difficulty, OptionKey, QuestionType } from '../../../src/lib/core/bank-types';
import type { PoolQuestion } from '../../../src/lib/core/exam-assembly';
import type { Paper } from '../../../src/lib/core/paper-types';
import { seededRandom } from '../../../src/lib/core/practice-order';

export function syntheticPool(perLaw: Partial<Record<QuestionType, number>>, laws = ['a-law', 'b-law', 'c-law'], seed = 1): PoolQuestion[] {
	const random = seededRandom(seed);
	const pool: PoolQuestion[] = [];
	for (const law of laws) {
		for (const [type, n] of Object.entries(perLaw) as [QuestionType, number][]) {
			for (let i = 0; i < n; i++) {
				pool.push({
					id: `${law}-${type}-${i}`,
					rev: 1,
					law,
					type,
					difficulty: (1 + Math.floor(random() * 3)) as Difficulty,
					keys: type === 'judge' ? [] : (['A', 'B', 'C', 'D'] as OptionKey[])
				});
			}
		}
	}
	return pool;
}

export const comprehensive: Paper = {
	id: 'comprehensive',
	title: '综合模拟卷',
	description: '',
	durationMinutes: 90,
	pass: 60,
	total: 100,
	laws: { 'a-law': 30, 'b-law': 35, 'c-law': 35 },
	sections: [
		{ type: 'judge', count: 20, points: 1, scoring: 'exact', perOption: 0 },
		{ type: 'single', count: 40, points: 1, scoring: 'exact', perOption: 0 },
		{ type: 'multiple', count: 20, points: 2, scoring: 'exact', perOption: 0 }
	],
	difficulty: { '1': 30, '2': 40, '3': 30 },
	draw: 'bank',
	predict: true
};

