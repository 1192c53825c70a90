/// <reference lib="webworker" />
/**
 * Computes the pass estimate off the page's main thread: 2,000 simulated papers and the chapter
 * advice took 30-60 ms of script on a phone-class CPU, right when a page starts (Lighthouse's
 * blocking time). Receives the manifest and the learner's records; fetches the question index
 * itself (from the service worker's cache when offline).
 */
import { loadQuestionIndex } from '$lib/client/question-index';
import type { BankManifest } from '$lib/core/bank-types';
import { estimateFromIndex, type StateRow } from '$lib/core/pass-estimate';

export interface EstimateRequest {
	manifest: BankManifest;
	states: StateRow[];
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<EstimateRequest>) => {
	try {
		const index = await loadQuestionIndex(e.data.manifest);
		scope.postMessage({ ok: true, estimate: estimateFromIndex(e.data.manifest, index, e.data.states) });
	} catch (error) {
		scope.postMessage({ ok: false, error: String(error) });
	}
};
