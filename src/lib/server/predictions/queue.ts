/**
 * Recomputing predictions off the request path. A sync that stored attempts asks for its cadre;
 * the queue runs later, one cadre at a time, and coalesces: a cadre asked for again while waiting
 * is computed once, and one asked for while being computed is computed once more afterwards.
 *
 * predictPass costs ~15 ms of CPU in the same event loop as the requests, so the queue stays out
 * of the way of sync traffic: it starts once no sync has asked for `quietMs`, or after
 * `maxDeferMs` under constant traffic, and then leaves a pause between cadres that is long while
 * syncs keep coming (at most a small share of the CPU) and short when the server is quiet.
 */
import type { ServerContext } from '../context';
import { QuietWork } from '../quiet-work';
import { recomputePrediction, staleCadres } from './compute';

export interface QueueOptions {
	quietMs?: number;
	maxDeferMs?: number;
	/** Pause between two cadres while syncs keep arriving, and when quiet. */
	busyGapMs?: number;
	gapMs?: number;
}

export class PredictionQueue extends QuietWork {
	private pending = new Set<number>();
	private readonly gaps: { busy: number; quiet: number };

	constructor(
		private ctx: ServerContext,
		options: QueueOptions = {}
	) {
		super({ quietMs: options.quietMs ?? 2000, maxDeferMs: options.maxDeferMs ?? 60_000 });
		this.gaps = { busy: options.busyGapMs ?? 150, quiet: options.gapMs ?? 5 };
	}

	request(userId: number): void {
		this.wake(() => this.pending.add(userId), true);
	}

	get size(): number {
		return this.pending.size;
	}

	protected hasWork(): boolean {
		return this.pending.size > 0;
	}

	protected gapAfterStep(busy: boolean): number {
		return busy ? this.gaps.busy : this.gaps.quiet;
	}

	protected async step(): Promise<void> {
		const userId = this.pending.values().next().value;
		if (userId === undefined) return;
		this.pending.delete(userId);
		try {
			await recomputePrediction(this.ctx, userId);
		} catch (e) {
			// A failed prediction must not stop the others; the next sync or restart retries it.
			console.error('prediction failed for user', userId, e);
		}
	}
}

const queues = new WeakMap<ServerContext, PredictionQueue>();

/** The process's queue for a context (one per database). */
export function predictionQueue(ctx: ServerContext, options?: QueueOptions): PredictionQueue {
	let queue = queues.get(ctx);
	if (!queue) queues.set(ctx, (queue = new PredictionQueue(ctx, options)));
	return queue;
}

/** At start: queue every cadre whose newest attempt is newer than their newest prediction. */
export async function queueStalePredictions(ctx: ServerContext): Promise<number> {
	const stale = await staleCadres(ctx);
	const queue = predictionQueue(ctx);
	for (const id of stale) queue.request(id);
	return stale.length;
}
