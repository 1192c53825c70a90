/** Which question comes next in a practice session: pure functions over ids and records. */
import { compareIds, type Question } from './bank-types';

/** Statute order: by first cited article, then by id, so a learner reads the law front to back. */
export function sequentialOrder(questions: readonly Question[]): Question[] {
	return [...questions].sort((a, b) => a.articles[0]! - b.articles[0]! || compareIds(a.id, b.id));
}

/** Where sequential practice resumes: the question after the last one answered (wrapping round). */
export function resumeIndex(order: readonly Question[], lastAnsweredId: string | undefined): number {
	if (!lastAnsweredId) return 0;
	const at = order.findIndex((q) => q.id === lastAnsweredId);
	return at < 0 || order.length === 0 ? 0 : (at + 1) % order.length;
}

/** A small seeded PRNG (mulberry32), so that an order can be reproduced in tests. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

/** Random practice: questions never seen come first, each group shuffled. */
export function randomOrder(questions: readonly Question[], seen: ReadonlySet<string>, random: () => number): Question[] {
	const unseen = questions.filter((q) => !seen.has(q.id));
	const met = questions.filter((q) => seen.has(q.id));
	return [...shuffle(unseen, random), ...shuffle(met, random)];
}
