import { describe, expect, it } from 'vitest';
import { assemblePaper, type PoolQuestion } from '../../src/lib/core/exam-assembly';
import { learnerShift, predictPass, PRIOR, type QuestionRecord } from '../../src/lib/core/pass-prediction';
import { seededRandom } from '../../src/lib/core/practice-order';
import { comprehensive, syntheticPool } from './support/exam-fixtures';

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A simulated learner: a true probability per question, from an ability and per-question noise. */
function simulatedLearner(pool: PoolQuestion[], ability: number, random: () => number): Map<string, number> {
	const truth = new Map<string, number>();
	for (const q of pool) {
		const noise = (random() + random() + random() - 1.5) * 0.8; // roughly normal, sd ≈ 0.4
		truth.set(q.id, sigmoid(logit(PRIOR[q.type][q.difficulty - 1]!) + ability + noise));
	}
	return truth;
}

/** Answer history: a random share of the pool, each question answered 1-3 times. */
function history(pool: PoolQuestion[], truth: Map<string, number>, share: number, random: () => number): Map<string, QuestionRecord> {
	const records = new Map<string, QuestionRecord>();
	for (const q of pool) {
		if (random() > share) continue;
		const seen = 1 + Math.floor(random() * 3);
		let right = 0;
		for (let i = 0; i < seen; i++) if (random() < truth.get(q.id)!) right++;
		records.set(q.id, { seen, right });
	}
	return records;
}

describe('pass prediction', () => {
	const pool = syntheticPool({ judge: 60, single: 100, multiple: 50 }, undefined, 5);

	it('with no record, predicts from the prior alone', () => {
		const p = predictPass(comprehensive, pool, new Map());
		expect(p.basis).toMatchObject({ answered: 0, shift: 0 });
		expect(p.probability).toBeGreaterThan(0);
		expect(p.probability).toBeLessThan(0.5);
		expect(p.draws).toBe(2000);
	});

	it('rises for a strong record and falls for a weak one', () => {
		const strong = new Map(pool.map((q) => [q.id, { seen: 3, right: 3 }]));
		const weak = new Map(pool.map((q) => [q.id, { seen: 3, right: 0 }]));
		expect(learnerShift(pool, strong)).toBeGreaterThan(1);
		expect(learnerShift(pool, weak)).toBeLessThan(-1);
		expect(predictPass(comprehensive, pool, strong).probability).toBeGreaterThan(0.99);
		expect(predictPass(comprehensive, pool, weak).probability).toBeLessThan(0.01);
	});

	it('names the questions whose mastery would add the most expected points', () => {
		const records = new Map(pool.map((q) => [q.id, q.law === 'a-law' ? { seen: 3, right: 3 } : { seen: 3, right: 0 }]));
		const p = predictPass(comprehensive, pool, records);
		const top = [...p.gainByQuestion.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
		expect(top.every(([id]) => !id.startsWith('a-law'))).toBe(true);
	});

	it('is calibrated: among simulated learners given about X%, about X% pass a freshly drawn paper', () => {
		// Stated tolerance: in every band holding at least 40 learners, the observed pass share is
		// within 0.12 of the band's mean prediction (sampling error alone is about ±0.07 there).
		const random = seededRandom(2026);
		const rows: { predicted: number; passed: boolean }[] = [];
		for (let i = 0; i < 700; i++) {
			const ability = -0.4 + random() * 1.6;
			const truth = simulatedLearner(pool, ability, random);
			const records = history(pool, truth, 0.3 + random() * 0.6, random);
			const predicted = predictPass(comprehensive, pool, records, { draws: 400, seed: i }).probability;
			const paper = assemblePaper({ paper: comprehensive, pool, seed: 1000 + i });
			let score = 0;
			for (const item of paper) if (random() < truth.get(item.questionId)!) score += item.points;
			rows.push({ predicted, passed: score >= comprehensive.pass });
		}
		const bands = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];
		let checked = 0;
		const report: string[] = [];
		for (let b = 0; b < bands.length - 1; b++) {
			const inBand = rows.filter((r) => r.predicted >= bands[b]! && r.predicted < bands[b + 1]!);
			if (inBand.length < 40) continue;
			checked++;
			const meanPredicted = inBand.reduce((s, r) => s + r.predicted, 0) / inBand.length;
			const observed = inBand.filter((r) => r.passed).length / inBand.length;
			report.push(`${bands[b]}: n=${inBand.length} predicted ${meanPredicted.toFixed(2)} observed ${observed.toFixed(2)}`);
			expect(Math.abs(observed - meanPredicted), `band ${bands[b]}-${bands[b + 1]}: predicted ${meanPredicted.toFixed(2)}, observed ${observed.toFixed(2)} (n=${inBand.length})`).toBeLessThan(0.12);
		}
		console.log(`calibration: ${report.join('; ')}`);
		expect(checked, report.join('; ')).toBeGreaterThanOrEqual(3);
		// The band the product talks about: learners told "about 70%".
		const seventy = rows.filter((r) => r.predicted >= 0.6 && r.predicted < 0.8);
		expect(seventy.length).toBeGreaterThanOrEqual(40);
	});
});
