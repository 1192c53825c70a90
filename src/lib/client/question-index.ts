/** The compact question index (see QuestionIndex): loaded once, shared by exams, prediction and stats. */
import type { BankManifest, QuestionIndex } from '$lib/core/bank-types';

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

// Pure, so the server's predictions use it too; kept importable from here for the phone's callers.
export { poolFromIndex } from '$lib/core/question-pool';
