/**
 * Drawing a mock-exam paper from its blueprint. The draw is seeded: the same seed, pool and
 * history give the same questions in the same order with the same option orders.
 */
import { compareIds, type Difficulty, type OptionKey, type QuestionType } from './bank-types';
import { apportion } from './apportion';
import type { Paper, PaperSection } from './paper-types';
import { seededRandom, shuffle } from './practice-order';

/** What assembly needs to know about a question (from the question index). */
export interface PoolQuestion {
	id: string;
	rev: number;
	law: string;
	type: QuestionType;
	difficulty: Difficulty;
	/** Option keys in the bank's order; empty for judge questions. */
	keys: OptionKey[];
}

export interface ExamItem {
	questionId: string;
	rev: number;
	law: string;
	type: QuestionType;
	points: number;
	scoring: PaperSection['scoring'];
	perOption: number;
	/** The options' display order (original keys); empty for judge questions. */
	order: OptionKey[];
}

export interface AssemblyInput {
	paper: Paper;
	pool: readonly PoolQuestion[];
	seed: number;
	/** Questions met in earlier mock exams: drawn only when the unseen ones run out. */
	metInMocks?: ReadonlySet<string>;
	/** For `draw: weak` papers: a weight per question, higher for weaker topics. */
	weakness?: (q: PoolQuestion) => number;
}

/** Weighted sampling without replacement (Efraimidis–Spirakis keys), seeded. */
function weightedPick<T>(items: readonly T[], n: number, weight: (t: T) => number, random: () => number): T[] {
	return items
		.map((item) => ({ item, key: Math.pow(random(), 1 / Math.max(weight(item), 1e-6)) }))
		.sort((a, b) => b.key - a.key)
		.slice(0, n)
		.map((x) => x.item);
}

function pickPreferringUnmet(candidates: readonly PoolQuestion[], n: number, met: ReadonlySet<string>, random: () => number): PoolQuestion[] {
	const unmet = shuffle(candidates.filter((q) => !met.has(q.id)), random);
	const seen = shuffle(candidates.filter((q) => met.has(q.id)), random);
	return [...unmet, ...seen].slice(0, n);
}

export function assemblePaper(input: AssemblyInput): ExamItem[] {
	const { paper, seed } = input;
	const met = input.metInMocks ?? new Set<string>();
	const random = seededRandom(seed);
	// A stable base order, so the draw does not depend on how the pool was listed.
	const pool = [...input.pool].filter((q) => q.law in paper.laws).sort((a, b) => compareIds(a.id, b.id));
	const items: ExamItem[] = [];

	for (const section of paper.sections) {
		const ofType = pool.filter((q) => q.type === section.type);
		const capacity: Record<string, number> = {};
		for (const law of Object.keys(paper.laws)) capacity[law] = ofType.filter((q) => q.law === law).length;
		const perLaw = apportion(section.count, paper.laws, capacity);
		const drawn: PoolQuestion[] = [];
		for (const law of Object.keys(perLaw).sort()) {
			const n = perLaw[law]!;
			if (n === 0) continue;
			const candidates = ofType.filter((q) => q.law === law);
			if (paper.draw === 'weak') {
				const weight = input.weakness ?? (() => 1);
				drawn.push(...weightedPick(candidates, n, weight, random));
			} else if (paper.difficulty) {
				const dcap: Record<string, number> = {};
				for (const d of ['1', '2', '3']) dcap[d] = candidates.filter((q) => String(q.difficulty) === d).length;
				const perDifficulty = apportion(n, paper.difficulty, dcap);
				const chosen: PoolQuestion[] = [];
				for (const d of ['1', '2', '3']) {
					const k = perDifficulty[d] ?? 0;
					if (k > 0) chosen.push(...pickPreferringUnmet(candidates.filter((q) => String(q.difficulty) === d), k, met, random));
				}
				// Difficulty shares that could not be met are filled from what is left.
				if (chosen.length < n) {
					const taken = new Set(chosen.map((q) => q.id));
					chosen.push(...pickPreferringUnmet(candidates.filter((q) => !taken.has(q.id)), n - chosen.length, met, random));
				}
				drawn.push(...chosen);
			} else {
				drawn.push(...pickPreferringUnmet(candidates, n, met, random));
			}
		}
		for (const q of shuffle(drawn, random)) {
			items.push({
				questionId: q.id,
				rev: q.rev,
				law: q.law,
				type: q.type,
				points: section.points,
				scoring: section.scoring,
				perOption: section.perOption,
				order: q.type === 'judge' ? [] : shuffle(q.keys, random)
			});
		}
	}
	return items;
}

/** A fresh 32-bit seed. */
export function newSeed(): number {
	return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
