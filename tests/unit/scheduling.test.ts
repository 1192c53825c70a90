import { describe, expect, it } from 'vitest';
import { capDue, DAY_MS, dayKey, parseDay, Rating, ratingFor, retrievability, review, startOfDay, State, type StoredCard } from '../../src/lib/core/scheduling';

const now = new Date(2026, 10, 27, 9, 30).getTime();

describe('scheduling', () => {
	it('maps answers to ratings: right Good, wrong Again, right after 背题 or slow Hard', () => {
		expect(ratingFor({ correct: true })).toBe(Rating.Good);
		expect(ratingFor({ correct: false })).toBe(Rating.Again);
		expect(ratingFor({ correct: true, studyMode: true })).toBe(Rating.Hard);
		expect(ratingFor({ correct: true, ms: 120_000 })).toBe(Rating.Hard);
	});

	it('is day-level: every answer, even a wrong one, is due again on a later day at midnight', () => {
		const wrong = review(undefined, Rating.Again, now, 'q1');
		expect(wrong.due).toBeGreaterThanOrEqual(startOfDay(now) + DAY_MS);
		expect(wrong.due).toBe(startOfDay(wrong.due));
		const good = review(undefined, Rating.Good, now, 'q1');
		expect(good.due).toBeGreaterThan(wrong.due);
		expect(good.state).toBe(State.Review);
	});

	it('spaces right answers further and further apart', () => {
		let card: StoredCard | undefined;
		let t = now;
		const gaps: number[] = [];
		for (let i = 0; i < 4; i++) {
			card = review(card, Rating.Good, t, 'q2');
			gaps.push((card.due - startOfDay(t)) / DAY_MS);
			t = card.due + 9 * 3600_000;
		}
		for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
	});

	it('reports retrievability near 0.9 when a card falls due, and 0 for a new card', () => {
		const card = review(undefined, Rating.Good, now, 'q3');
		expect(retrievability(undefined, now)).toBe(0);
		expect(retrievability(card, now + 60_000)).toBeGreaterThan(0.95);
		const atDue = retrievability(card, card.due);
		expect(atDue).toBeGreaterThan(0.8);
		expect(atDue).toBeLessThan(0.97);
	});

	it('with an exam date, brings every review before the exam and spreads them over the days left', () => {
		const exam = dayKey(now + 10 * DAY_MS);
		const perDay = new Map<number, number>();
		for (let i = 0; i < 900; i++) {
			// A well-known card whose FSRS due date is months away.
			let card = review(undefined, Rating.Good, now - 200 * DAY_MS, `q${i}`);
			for (let k = 0; k < 3; k++) card = review(card, Rating.Good, card.due, `q${i}`);
			const capped = review(card, Rating.Good, now, `q${i}`, exam);
			expect(capped.due).toBeLessThan(parseDay(exam));
			expect(capped.due).toBeGreaterThanOrEqual(startOfDay(now) + DAY_MS);
			perDay.set(capped.due, (perDay.get(capped.due) ?? 0) + 1);
		}
		// Nine days to spread 900 reviews over: about 100 a day, none empty or crowded.
		expect(perDay.size).toBe(9);
		for (const n of perDay.values()) expect(n).toBeGreaterThan(60);
		for (const n of perDay.values()) expect(n).toBeLessThan(140);
	});

	it('leaves due dates alone without an exam date, or when already before it, or when the exam is past', () => {
		const due = startOfDay(now) + 3 * DAY_MS;
		expect(capDue(due, 'q', now, null)).toBe(due);
		expect(capDue(due, 'q', now, dayKey(now + 30 * DAY_MS))).toBe(due);
		expect(capDue(due + 60 * DAY_MS, 'q', now, dayKey(now - DAY_MS))).toBe(due + 60 * DAY_MS);
	});
});
