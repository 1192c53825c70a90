/**
 * The pass estimate the learner sees (home page, /exam, after each mock): predictPass on the
 * predicted paper's pool, with the three chapters where practice would add most. Pure, so it runs
 * in a worker off the page's main thread (src/lib/features/exam/estimate.worker.ts) or, where
 * workers are missing, on it.
 */
import type { BankManifest, QuestionIndex } from './bank-types';
import { chapterOf } from './chapters';
import type { Paper } from './paper-types';
import { predictPass, type QuestionRecord } from './pass-prediction';
import { poolFromIndex } from './question-pool';

export interface Advice {
	label: string;
	lawId: string;
	points: number;
}

export interface Estimate {
	paper: Paper;
	probability: number;
	expectedScore: number;
	answered: number;
	poolSize: number;
	advice: Advice[];
}

/** A question's stored record as the phone keeps it: id, rev, times seen, times right. */
export type StateRow = [questionId: string, rev: number, seen: number, right: number];

export function estimateFromIndex(manifest: BankManifest, index: QuestionIndex, states: readonly StateRow[]): Estimate | null {
	const paper = manifest.papers.find((p) => p.predict);
	if (!paper) return null;
	const pool = poolFromIndex(index);
	const live = new Map(pool.map((q) => [q.id, q.rev]));
	const records = new Map<string, QuestionRecord>();
	// Answers to an earlier rev of a question do not count for the current one.
	for (const [id, rev, seen, right] of states) if (live.get(id) === rev) records.set(id, { seen, right });
	const prediction = predictPass(paper, pool, records);
	// Group the expected gains by chapter, to say where practice pays most.
	const byChapter = new Map<string, Advice>();
	const short = new Map(manifest.laws.map((l) => [l.id, l.short]));
	for (const [law, entry] of Object.entries(index.laws)) {
		for (const q of entry.questions) {
			const gain = prediction.gainByQuestion.get(q[0]);
			if (!gain) continue;
			const chapter = chapterOf(entry.divisions, q[4]);
			const key = `${law}:${chapter}`;
			const title = chapter >= 0 ? entry.divisions[chapter]!.title : '';
			const advice = byChapter.get(key) ?? { label: `${short.get(law) ?? law} ${title}`.trim(), lawId: law, points: 0 };
			advice.points += gain;
			byChapter.set(key, advice);
		}
	}
	return {
		paper,
		probability: prediction.probability,
		expectedScore: prediction.expectedScore,
		answered: prediction.basis.answered,
		poolSize: prediction.basis.poolSize,
		advice: [...byChapter.values()].sort((a, b) => b.points - a.points).slice(0, 3)
	};
}
