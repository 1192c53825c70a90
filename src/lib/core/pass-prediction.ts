/**
 * The chance of passing a paper today, estimated from the learner's own record.
 *
 * Each question gets a probability of being answered right: a prior by type and difficulty,
 * shifted (on the logit scale) by how this learner does compared with that prior, then updated
 * with the learner's own answers to that question. The pass probability is the share of
 * simulated papers, drawn as the blueprint draws them, on which simulated answers reach the pass
 * mark. tests/unit/pass-prediction.test.ts checks that the estimate is calibrated.
 */
import type { QuestionType } from './bank-types';
import { apportion } from './apportion';
import type { PoolQuestion } from './exam-assembly';
import type { Paper } from './paper-types';
import { seededRandom } from './practice-order';

export interface QuestionRecord {
	seen: number;
	right: number;
}

/** Chance that a typical first-time candidate answers right, by type and difficulty 1-3. */
export const PRIOR: Record<QuestionType, [number, number, number]> = {
	judge: [0.75, 0.65, 0.55],
	single: [0.65, 0.55, 0.45],
	multiple: [0.5, 0.38, 0.28]
};

/** Weight of the learner-level estimate against one question's own answers (pseudo-answers). */
const QUESTION_PSEUDO_COUNT = 2;

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const priorOf = (q: PoolQuestion) => PRIOR[q.type][q.difficulty - 1]!;

/**
 * How far this learner sits from the prior, on the logit scale: the maximum a posteriori shift
 * under a standard normal prior, fitted by Newton's method over every recorded answer.
 */
export function learnerShift(pool: readonly PoolQuestion[], records: ReadonlyMap<string, QuestionRecord>): number {
	const seen = pool.filter((q) => (records.get(q.id)?.seen ?? 0) > 0);
	let b = 0;
	for (let iter = 0; iter < 25; iter++) {
		let grad = -b; // from the N(0, 1) prior
		let hess = -1;
		for (const q of seen) {
			const r = records.get(q.id)!;
			const p = sigmoid(logit(priorOf(q)) + b);
			grad += r.right - r.seen * p;
			hess -= r.seen * p * (1 - p);
		}
		const step = grad / hess;
		b -= step;
		if (Math.abs(step) < 1e-6) break;
	}
	return b;
}

/** Each question's probability of being answered right by this learner today. */
export function questionProbabilities(pool: readonly PoolQuestion[], records: ReadonlyMap<string, QuestionRecord>): Map<string, number> {
	const shift = learnerShift(pool, records);
	const out = new Map<string, number>();
	for (const q of pool) {
		const base = sigmoid(logit(priorOf(q)) + shift);
		const r = records.get(q.id);
		const p = r && r.seen > 0 ? (r.right + QUESTION_PSEUDO_COUNT * base) / (r.seen + QUESTION_PSEUDO_COUNT) : base;
		out.set(q.id, p);
	}
	return out;
}

interface Group {
	points: number;
	take: number;
	p: Float64Array;
	ids: string[];
}

/** The blueprint's draw as fixed groups: (section, law, difficulty) → how many of which questions. */
function drawGroups(paper: Paper, pool: readonly PoolQuestion[], probabilities: ReadonlyMap<string, number>): Group[] {
	const groups: Group[] = [];
	for (const section of paper.sections) {
		const ofType = pool.filter((q) => q.type === section.type && q.law in paper.laws);
		const capacity: Record<string, number> = {};
		for (const law of Object.keys(paper.laws)) capacity[law] = ofType.filter((q) => q.law === law).length;
		const perLaw = apportion(section.count, paper.laws, capacity);
		for (const [law, n] of Object.entries(perLaw)) {
			if (n === 0) continue;
			const candidates = ofType.filter((q) => q.law === law);
			const split: [PoolQuestion[], number][] = [];
			if (paper.difficulty && paper.draw === 'bank') {
				const dcap: Record<string, number> = {};
				for (const d of ['1', '2', '3']) dcap[d] = candidates.filter((q) => String(q.difficulty) === d).length;
				const perDifficulty = apportion(n, paper.difficulty, dcap);
				for (const d of ['1', '2', '3']) split.push([candidates.filter((q) => String(q.difficulty) === d), perDifficulty[d] ?? 0]);
			} else {
				split.push([candidates, n]);
			}
			for (const [qs, take] of split) {
				if (take === 0) continue;
				groups.push({ points: section.points, take, p: Float64Array.from(qs.map((q) => probabilities.get(q.id)!)), ids: qs.map((q) => q.id) });
			}
		}
	}
	return groups;
}

export interface Gain {
	/** Question ids whose mastery would add the points. */
	questionIds: string[];
	/** Expected points added by mastering them. */
	points: number;
}

export interface PassPrediction {
	probability: number;
	expectedScore: number;
	draws: number;
	/** How many of the paper's possible questions the learner has answered, and the learner shift. */
	basis: { answered: number; poolSize: number; shift: number };
	/** Expected points each question would add if mastered (probability 0.95), for grouping by chapter. */
	gainByQuestion: Map<string, number>;
}

export function predictPass(
	paper: Paper,
	pool: readonly PoolQuestion[],
	records: ReadonlyMap<string, QuestionRecord>,
	options: { draws?: number; seed?: number } = {}
): PassPrediction {
	const draws = options.draws ?? 2000;
	const random = seededRandom(options.seed ?? 0x5eed);
	const inPaper = pool.filter((q) => q.law in paper.laws && paper.sections.some((s) => s.type === q.type));
	const probabilities = questionProbabilities(inPaper, records);
	const groups = drawGroups(paper, inPaper, probabilities);

	let passes = 0;
	let expectedScore = 0;
	const gainByQuestion = new Map<string, number>();
	for (const g of groups) {
		const inclusion = g.take / g.p.length;
		g.p.forEach((p, i) => {
			expectedScore += inclusion * g.points * p;
			gainByQuestion.set(g.ids[i]!, inclusion * g.points * Math.max(0, 0.95 - p));
		});
	}
	// Partial Fisher-Yates per group: each draw samples `take` of the group without replacement.
	const orders = groups.map((g) => Uint32Array.from(g.p.keys()));
	for (let d = 0; d < draws; d++) {
		let score = 0;
		for (let gi = 0; gi < groups.length; gi++) {
			const g = groups[gi]!;
			const order = orders[gi]!;
			const n = order.length;
			for (let k = 0; k < g.take; k++) {
				const j = k + Math.floor(random() * (n - k));
				const t = order[k]!;
				order[k] = order[j]!;
				order[j] = t;
				if (random() < g.p[order[k]!]!) score += g.points;
			}
		}
		if (score >= paper.pass) passes++;
	}
	const answered = inPaper.filter((q) => (records.get(q.id)?.seen ?? 0) > 0).length;
	return {
		probability: passes / draws,
		expectedScore,
		draws,
		basis: { answered, poolSize: inPaper.length, shift: learnerShift(inPaper, records) },
		gainByQuestion
	};
}
