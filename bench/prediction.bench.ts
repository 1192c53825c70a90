/**
 * Pass prediction: predictPass with 2,000 draws on the real bank's pool (the compiled question
 * index) for the paper the home page predicts, for a learner who has met most questions, beside
 * building the pool from the index (the step every caller does first). Medians, in Node.
 */
import { readFileSync } from 'node:fs';
import { OPTION_KEYS, type BankManifest, type QuestionIndex } from '../src/lib/core/bank-types';
import type { PoolQuestion } from '../src/lib/core/exam-assembly';
import { predictPass, type QuestionRecord } from '../src/lib/core/pass-prediction';
import { figure, median, type Figure } from './lib/report';

const bankDir = new URL('../static/bank/', import.meta.url).pathname;

/** Same as poolFromIndex in src/lib/client/question-index.ts (which imports through $lib). */
function pool(index: QuestionIndex): PoolQuestion[] {
	const out: PoolQuestion[] = [];
	for (const [law, entry] of Object.entries(index.laws))
		for (const [id, rev, type, difficulty, , options] of entry.questions) out.push({ id, rev, law, type, difficulty, keys: OPTION_KEYS.slice(0, options) });
	return out;
}

export async function predictionBench(): Promise<Figure[]> {
	const manifest = JSON.parse(readFileSync(bankDir + 'manifest.json', 'utf8')) as BankManifest;
	const index = JSON.parse(readFileSync(bankDir + manifest.index, 'utf8')) as QuestionIndex;
	const paper = manifest.papers.find((p) => p.predict) ?? manifest.papers[0]!;
	const questions = pool(index);
	const records = new Map<string, QuestionRecord>();
	questions.forEach((q, i) => i % 4 !== 0 && records.set(q.id, { seen: 1 + (i % 5), right: i % 3 === 0 ? 0 : 1 + (i % 4) }));
	const time = (fn: () => unknown, runs: number) => {
		fn();
		const xs: number[] = [];
		for (let i = 0; i < runs; i++) {
			const t = performance.now();
			fn();
			xs.push(performance.now() - t);
		}
		return median(xs);
	};
	const predict = time(() => predictPass(paper, questions, records, { draws: 2000 }), 15);
	const build = time(() => pool(index), 15);
	return [
		figure({
			bench: 'prediction',
			name: `predictPass, 2,000 draws, ${questions.length} questions`,
			value: predict,
			unit: 'ms',
			baseline: { name: 'build the pool from the index', value: build },
			target: 100,
			note: `paper ${paper.id}; Node on this machine, not a phone`
		})
	];
}
