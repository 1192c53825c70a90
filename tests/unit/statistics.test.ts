import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openLearnerDb } from '../../src/lib/client/db';
import { ProgressRepository } from '../../src/lib/client/progress-repository';
import type { OptionKey, QuestionType } from '../../src/lib/core/bank-types';
import { seededRandom } from '../../src/lib/core/practice-order';
import { DAY_MS } from '../../src/lib/core/scheduling';
import { activitySeries, lawStatistics, recompute, streak, weakestChapters } from '../../src/lib/core/statistics';

const questions = Array.from({ length: 12 }, (_, i) => ({
	id: `admin-licensing-${String(i).padStart(4, '0')}`,
	rev: 1,
	law: 'admin-licensing',
	type: (['judge', 'single', 'multiple'] as QuestionType[])[i % 3]!,
	answer: i % 3 === 0 ? true : i % 3 === 1 ? ('B' as OptionKey) : (['A', 'C'] as OptionKey[])
}));
const responses = [true, false, 'A', 'B', ['A', 'C'], ['A']] as const;

describe('statistics aggregates', () => {
	it('equal a full recomputation from the attempts after random sequences of answers', async () => {
		for (let run = 0; run < 5; run++) {
			const random = seededRandom(run + 1);
			const db = openLearnerDb(`stats-${run}`, { indexedDB: new IDBFactory() });
			const repo = new ProgressRepository(db);
			let t = new Date(2026, 9, 1, 8).getTime();
			for (let i = 0; i < 150; i++) {
				let q = questions[Math.floor(random() * questions.length)]!;
				if (random() < 0.05) q = { ...q, rev: 2 }; // a revised question restarts its record
				const fitting = responses.filter((r) => (q.type === 'judge' ? typeof r === 'boolean' : q.type === 'single' ? typeof r === 'string' : Array.isArray(r)));
				const response = fitting[Math.floor(random() * fitting.length)]!;
				t += Math.floor(random() * 0.4 * DAY_MS);
				await repo.recordAnswer({ question: q, response: response as never, ms: Math.floor(random() * 30_000), bankVersion: '1.0.0', source: random() < 0.8 ? 'practice' : 'exam', at: t });
			}
			const attempts = await db.attempts.toArray();
			const full = recompute(attempts);
			for (const state of await db.questionStates.toArray()) {
				const r = full.questions.get(state.questionId)!;
				expect({ rev: state.rev, seen: state.seen, right: state.right, wrong: state.wrong, lastResult: state.lastResult, streak: state.streak }).toEqual(r);
			}
			expect(await db.questionStates.count()).toBe(full.questions.size);
			for (const day of await db.days.toArray()) {
				expect({ answered: day.answered, right: day.right, fresh: day.fresh, ms: day.ms }).toEqual(full.days.get(day.day));
			}
			expect(await db.days.count()).toBe(full.days.size);
			db.close();
		}
	}, 60_000);
});

describe('statistics views', () => {
	const now = new Date(2026, 10, 27, 12).getTime();
	const day = (offset: number, answered: number) => ({ day: new Date(now - offset * DAY_MS).toLocaleDateString('sv'), answered, right: Math.floor(answered / 2), ms: answered * 1000 });

	it('counts the streak back from today, or from yesterday when today has no practice yet', () => {
		expect(streak([day(0, 5), day(1, 3), day(2, 1), day(4, 9)], now)).toBe(3);
		expect(streak([day(1, 3), day(2, 1)], now)).toBe(2);
		expect(streak([day(3, 3)], now)).toBe(0);
	});

	it('gives 30 days of activity with zeros for days off', () => {
		const series = activitySeries([day(0, 5), day(29, 2), day(30, 7)], now);
		expect(series).toHaveLength(30);
		expect(series.at(-1)!.answered).toBe(5);
		expect(series[0]!.answered).toBe(2);
		expect(series.reduce((s, d) => s + d.answered, 0)).toBe(7);
	});

	it('tallies a law by chapter and finds the weakest chapters', () => {
		const entry = {
			divisions: [
				{ kind: 'zhang' as const, title: '第一章 总则', parent: null, depth: 1, from: 1, to: 5 },
				{ kind: 'zhang' as const, title: '第二章 设定', parent: null, depth: 1, from: 6, to: 9 }
			],
			questions: [
				['q1', 1, 'judge', 1, 0, 0],
				['q2', 1, 'single', 2, 0, 4],
				['q3', 1, 'single', 2, 1, 4],
				['q4', 1, 'judge', 1, 1, 0]
			] as never
		};
		const states = new Map([
			['q1', { questionId: 'q1', rev: 1, seen: 4, right: 4, wrong: 0 }],
			['q3', { questionId: 'q3', rev: 1, seen: 6, right: 1, wrong: 5 }],
			['q4', { questionId: 'q4', rev: 2, seen: 9, right: 9, wrong: 0 }] // an older rev: not counted
		]);
		const { law, chapters } = lawStatistics(entry, states, now);
		expect(law).toMatchObject({ total: 4, seen: 2, attempts: 10, right: 5 });
		expect(chapters.map((c) => [c.title, c.seen, c.attempts])).toEqual([
			['第一章 总则', 1, 4],
			['第二章 设定', 1, 6]
		]);
		expect(weakestChapters(chapters, 5).map((c) => c.title)).toEqual(['第二章 设定']);
	});
});
