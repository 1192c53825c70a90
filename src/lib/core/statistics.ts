/**
 * Learning statistics from the per-question and per-day aggregates (never from every attempt),
 * and the full recomputation from attempts that tests compare the aggregates against.
 */
import type { IndexDivision, IndexedQuestion } from './bank-types';
import { chapterOf } from './chapters';
import { dayKey, DAY_MS, retrievability, startOfDay, type StoredCard } from './scheduling';

export interface StateLike {
	questionId: string;
	rev: number;
	seen: number;
	right: number;
	wrong: number;
	card?: StoredCard;
}

export interface Tally {
	total: number;
	seen: number;
	attempts: number;
	right: number;
	/** Questions whose FSRS retrievability today is at least 0.9. */
	mastered: number;
}

export interface ChapterTally extends Tally {
	division: number;
	title: string;
}

const emptyTally = (): Tally => ({ total: 0, seen: 0, attempts: 0, right: 0, mastered: 0 });

export function accuracy(t: Pick<Tally, 'attempts' | 'right'>): number | null {
	return t.attempts > 0 ? t.right / t.attempts : null;
}

/** One law: overall and per chapter, counting only live questions at their current rev. */
export function lawStatistics(
	entry: { divisions: IndexDivision[]; questions: IndexedQuestion[] },
	states: ReadonlyMap<string, StateLike>,
	now: number
): { law: Tally; chapters: ChapterTally[] } {
	const law = emptyTally();
	const chapters = new Map<number, ChapterTally>();
	for (const [id, rev, , , division] of entry.questions) {
		const c = chapterOf(entry.divisions, division);
		let chapter = chapters.get(c);
		if (!chapter) {
			chapter = { ...emptyTally(), division: c, title: c >= 0 ? entry.divisions[c]!.title : '其他' };
			chapters.set(c, chapter);
		}
		const s = states.get(id);
		const live = s && s.rev === rev ? s : undefined;
		for (const t of [law, chapter]) {
			t.total++;
			if (!live) continue;
			t.seen++;
			t.attempts += live.seen;
			t.right += live.right;
			if (retrievability(live.card, now) >= 0.9) t.mastered++;
		}
	}
	return { law, chapters: [...chapters.values()].sort((a, b) => a.division - b.division) };
}

/** The weakest chapters: lowest accuracy among those with enough answers to judge. */
export function weakestChapters(chapters: readonly ChapterTally[], minAttempts = 5, count = 5): ChapterTally[] {
	return chapters
		.filter((c) => c.attempts >= minAttempts)
		.sort((a, b) => accuracy(a)! - accuracy(b)! || b.attempts - a.attempts)
		.slice(0, count);
}

export interface DayLike {
	day: string;
	answered: number;
	right: number;
	ms: number;
}

/** The last `n` days ending today, oldest first, with zeros for days without practice. */
export function activitySeries(days: readonly DayLike[], now: number, n = 30): DayLike[] {
	const byDay = new Map(days.map((d) => [d.day, d]));
	const out: DayLike[] = [];
	const today = startOfDay(now);
	for (let i = n - 1; i >= 0; i--) {
		// Noon avoids daylight-saving edges when stepping back by days.
		const key = dayKey(today - i * DAY_MS + DAY_MS / 2);
		out.push(byDay.get(key) ?? { day: key, answered: 0, right: 0, ms: 0 });
	}
	return out;
}

/** Days in a row with practice, ending today (or yesterday, if today has none yet). */
export function streak(days: readonly DayLike[], now: number): number {
	const active = new Set(days.filter((d) => d.answered > 0).map((d) => d.day));
	let t = startOfDay(now) + DAY_MS / 2;
	if (!active.has(dayKey(t))) t -= DAY_MS;
	let n = 0;
	while (active.has(dayKey(t))) {
		n++;
		t -= DAY_MS;
	}
	return n;
}

export interface AttemptLike {
	questionId: string;
	rev: number;
	correct: boolean;
	ms: number;
	at: number;
}

/** Rebuilds the aggregates from every attempt: what the incremental ones must always equal. */
export function recompute(attempts: readonly AttemptLike[]): {
	questions: Map<string, { rev: number; seen: number; right: number; wrong: number; lastResult: boolean; streak: number }>;
	days: Map<string, { answered: number; right: number; fresh: number; ms: number }>;
} {
	const questions = new Map<string, { rev: number; seen: number; right: number; wrong: number; lastResult: boolean; streak: number }>();
	const days = new Map<string, { answered: number; right: number; fresh: number; ms: number }>();
	for (const a of [...attempts].sort((x, y) => x.at - y.at)) {
		const before = questions.get(a.questionId);
		const base = before && before.rev === a.rev ? before : undefined;
		questions.set(a.questionId, {
			rev: a.rev,
			seen: (base?.seen ?? 0) + 1,
			right: (base?.right ?? 0) + (a.correct ? 1 : 0),
			wrong: (base?.wrong ?? 0) + (a.correct ? 0 : 1),
			lastResult: a.correct,
			streak: a.correct ? (base?.streak ?? 0) + 1 : 0
		});
		const key = dayKey(a.at);
		const d = days.get(key) ?? { answered: 0, right: 0, fresh: 0, ms: 0 };
		d.answered++;
		if (a.correct) d.right++;
		if (!base) d.fresh++;
		d.ms += Math.max(0, Math.round(a.ms));
		days.set(key, d);
	}
	return { questions, days };
}
