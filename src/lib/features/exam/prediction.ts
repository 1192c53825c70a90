/** The pass estimate shown on the home page, on /exam and after each mock. */
import { loadQuestionIndex, poolFromIndex } from '$lib/client/question-index';
import { learnerDb } from '$lib/client/db';
import type { BankManifest } from '$lib/core/bank-types';
import { chapterOf } from '$lib/core/chapters';
import type { Paper } from '$lib/core/paper-types';
import { predictPass, type QuestionRecord } from '$lib/core/pass-prediction';

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

export async function estimatePass(manifest: BankManifest): Promise<Estimate | null> {
	const paper = manifest.papers.find((p) => p.predict);
	if (!paper) return null;
	const index = await loadQuestionIndex(manifest);
	const pool = poolFromIndex(index);
	const live = new Map(pool.map((q) => [q.id, q.rev]));
	const records = new Map<string, QuestionRecord>();
	for (const s of await learnerDb().questionStates.toArray()) {
		if (live.get(s.questionId) === s.rev) records.set(s.questionId, { seen: s.seen, right: s.right });
	}
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
