/** The compact question index (see QuestionIndex): loaded once, shared by exams, prediction and stats. */
import { OPTION_KEYS, type BankManifest, type QuestionIndex } from '$lib/core/bank-types';
import type { PoolQuestion } from '$lib/core/exam-assembly';

let cached: { file: string; promise: Promise<QuestionIndex> } | null = null;

export function loadQuestionIndex(manifest: BankManifest, fetchFn: typeof fetch = fetch): Promise<QuestionIndex> {
	if (cached?.file !== manifest.index) {
		const promise = fetchFn(`/bank/${manifest.index}`).then(async (res) => {
			if (!res.ok) throw new Error(`题目索引加载失败（${res.status}）`);
			return (await res.json()) as QuestionIndex;
		});
		promise.catch(() => (cached = null));
		cached = { file: manifest.index, promise };
	}
	return cached.promise;
}

/** Every live question as exam assembly and prediction see it. */
export function poolFromIndex(index: QuestionIndex): PoolQuestion[] {
	const pool: PoolQuestion[] = [];
	for (const [law, entry] of Object.entries(index.laws)) {
		for (const [id, rev, type, difficulty, , options] of entry.questions) {
			pool.push({ id, rev, law, type, difficulty, keys: OPTION_KEYS.slice(0, options) });
		}
	}
	return pool;
}

