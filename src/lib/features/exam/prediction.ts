/** The pass estimate shown on the home page, on /exam and after each mock. */
import { learnerDb } from '$lib/client/db';
import { loadQuestionIndex } from '$lib/client/question-index';
import type { BankManifest } from '$lib/core/bank-types';
import { estimateFromIndex, type Estimate, type StateRow } from '$lib/core/pass-estimate';
import type { EstimateRequest } from './estimate.worker';

export type { Advice, Estimate } from '$lib/core/pass-estimate';

const WORKER_TIMEOUT_MS = 15_000;

/** The estimate from a worker, or undefined when there is no worker to ask (or it fails): then the page computes it. */
function inWorker(request: EstimateRequest): Promise<Estimate | null | undefined> {
	let worker: Worker;
	try {
		worker = new Worker(new URL('./estimate.worker.ts', import.meta.url), { type: 'module' });
	} catch {
		return Promise.resolve(undefined);
	}
	return new Promise((resolve) => {
		const done = (value: Estimate | null | undefined) => {
			clearTimeout(timer);
			worker.terminate();
			resolve(value);
		};
		const timer = setTimeout(() => done(undefined), WORKER_TIMEOUT_MS);
		worker.onmessage = (e: MessageEvent<{ ok: boolean; estimate?: Estimate | null }>) => done(e.data.ok ? (e.data.estimate ?? null) : undefined);
		worker.onerror = () => done(undefined);
		worker.postMessage(request);
	});
}

export async function estimatePass(manifest: BankManifest): Promise<Estimate | null> {
	if (!manifest.papers.some((p) => p.predict)) return null;
	const states: StateRow[] = (await learnerDb().questionStates.toArray()).map((s) => [s.questionId, s.rev, s.seen, s.right]);
	// $state proxies and other non-cloneable values never reach postMessage: a plain copy of the manifest.
	const fromWorker = await inWorker({ manifest: JSON.parse(JSON.stringify(manifest)) as BankManifest, states });
	if (fromWorker !== undefined) return fromWorker;
	return estimateFromIndex(manifest, await loadQuestionIndex(manifest), states);
}
