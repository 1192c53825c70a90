/**
 * Spaced review with FSRS (ts-fsrs), day-level: short-term learning steps are off, so every
 * answer schedules the next review on a later day. A right answer is Good, a wrong one Again; a
 * right answer given in 背题 mode (answer shown) or after a long hesitation is Hard.
 *
 * With an exam date, no question the learner has met is left due after it: reviews FSRS would
 * put later are moved before the exam, spread evenly over the days left.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card, type Grade } from 'ts-fsrs';

const scheduler = fsrs(generatorParameters({ enable_short_term: false, enable_fuzz: false, request_retention: 0.9 }));

/** What IndexedDB keeps of a card: dates as epoch milliseconds, so `due` can be indexed. */
export interface StoredCard {
	due: number;
	stability: number;
	difficulty: number;
	elapsedDays: number;
	scheduledDays: number;
	learningSteps: number;
	reps: number;
	lapses: number;
	state: State;
	lastReview: number | null;
}

export const DAY_MS = 86_400_000;
/** An answer slower than this counts as Hard even when right. */
export const SLOW_ANSWER_MS = 90_000;

export function ratingFor(answer: { correct: boolean; studyMode?: boolean; ms?: number }): Grade {
	if (!answer.correct) return Rating.Again;
	if (answer.studyMode || (answer.ms ?? 0) > SLOW_ANSWER_MS) return Rating.Hard;
	return Rating.Good;
}

function toCard(stored: StoredCard | undefined, now: Date): Card {
	if (!stored) return createEmptyCard(now);
	return {
		due: new Date(stored.due),
		stability: stored.stability,
		difficulty: stored.difficulty,
		elapsed_days: stored.elapsedDays,
		scheduled_days: stored.scheduledDays,
		learning_steps: stored.learningSteps,
		reps: stored.reps,
		lapses: stored.lapses,
		state: stored.state,
		...(stored.lastReview !== null ? { last_review: new Date(stored.lastReview) } : {})
	} as Card;
}

function fromCard(card: Card): StoredCard {
	return {
		due: card.due.getTime(),
		stability: card.stability,
		difficulty: card.difficulty,
		elapsedDays: card.elapsed_days,
		scheduledDays: card.scheduled_days,
		learningSteps: card.learning_steps ?? 0,
		reps: card.reps,
		lapses: card.lapses,
		state: card.state,
		lastReview: card.last_review ? card.last_review.getTime() : null
	};
}

/** Local midnight of the day holding `ms`. */
export function startOfDay(ms: number): number {
	const d = new Date(ms);
	d.setHours(0, 0, 0, 0);
	return d.getTime();
}

/** 2026-11-27 in local time. */
export function dayKey(ms: number): string {
	const d = new Date(ms);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function parseDay(key: string): number {
	const [y, m, d] = key.split('-').map(Number);
	return new Date(y!, m! - 1, d!).getTime();
}

/** A stable number in [0, 1) from a question id, to spread capped reviews evenly. */
function spread(id: string): number {
	let h = 2166136261;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
	// murmur3's finaliser: ids that differ in one character must land on unrelated days.
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return (h >>> 0) / 4294967296;
}

/**
 * Moves a due date that falls on or after the exam day to one of the days between tomorrow and
 * the day before the exam. Returns `due` unchanged when there is no exam date, the exam is past,
 * or `due` is already before it.
 */
export function capDue(due: number, questionId: string, now: number, examDay: string | null): number {
	if (!examDay) return due;
	const exam = parseDay(examDay);
	const tomorrow = startOfDay(now) + DAY_MS;
	if (due < exam || exam <= tomorrow) return due;
	const days = Math.round((exam - tomorrow) / DAY_MS); // days available: tomorrow … exam − 1
	return tomorrow + Math.floor(spread(questionId) * days) * DAY_MS;
}

/** The card after one answer, with the exam-date cap applied. */
export function review(stored: StoredCard | undefined, grade: Grade, now: number, questionId: string, examDay: string | null = null): StoredCard {
	const next = fromCard(scheduler.next(toCard(stored, new Date(now)), new Date(now), grade).card);
	next.due = capDue(startOfDay(next.due), questionId, now, examDay);
	return next;
}

/** Probability of recalling the question now (FSRS retrievability); 0 for a card never reviewed. */
export function retrievability(stored: StoredCard | undefined, now: number): number {
	if (!stored || stored.state === State.New) return 0;
	return scheduler.get_retrievability(toCard(stored, new Date(now)), new Date(now), false);
}

export { Rating, State };
