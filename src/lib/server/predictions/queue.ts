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
import { recomputePrediction, staleCadres } from './compute';

export interface QueueOptions {
	quietMs?: number;
	maxDeferMs?: number;
	/** Pause between two cadres while syncs keep arriving, and when quiet. */
	busyGapMs?: number;
	gapMs?: number;
}

export class PredictionQueue {
	private pending = new Set<number>();
	private running = false;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private lastRequestAt = 0;
	private waitingSince = 0;
	private flushing = false;
	private idleWaiters: (() => void)[] = [];
	private readonly options: Required<QueueOptions>;

	constructor(
		private ctx: ServerContext,
		options: QueueOptions = {}
	) {
		this.options = { quietMs: 2000, maxDeferMs: 60_000, busyGapMs: 150, gapMs: 5, ...options };
	}

	request(userId: number): void {
		const now = Date.now();
		if (this.pending.size === 0 && !this.running) this.waitingSince = now;
		this.pending.add(userId);
		this.lastRequestAt = now;
		if (!this.running && !this.timer) this.schedule(this.options.quietMs);
	}

	/** Runs everything now, ignoring the traffic rules; resolves when nothing is pending (tests, shutdown). */
	idle(): Promise<void> {
		if (!this.running && this.pending.size === 0) return Promise.resolve();
		this.flushing = true;
		if (this.timer) {
			clearTimeout(this.timer);
			this.schedule(0);
		}
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	get size(): number {
		return this.pending.size;
	}

	private busy(now: number): boolean {
		return now - this.lastRequestAt < this.options.quietMs;
	}

	private schedule(ms: number): void {
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.tick();
		}, ms);
		// A pending recomputation must not keep a finished process (or a test run) alive.
		this.timer.unref?.();
	}

	private async tick(): Promise<void> {
		const now = Date.now();
		if (!this.flushing && this.busy(now) && now - this.waitingSince < this.options.maxDeferMs) {
			return this.schedule(Math.max(1, this.options.quietMs - (now - this.lastRequestAt)));
		}
		const userId = this.pending.values().next().value;
		if (userId !== undefined) {
			this.pending.delete(userId);
			this.running = true;
			try {
				await recomputePrediction(this.ctx, userId);
			} catch (e) {
				// A failed prediction must not stop the others; the next sync or restart retries it.
				console.error('prediction failed for user', userId, e);
			} finally {
				this.running = false;
			}
		}
		if (this.pending.size > 0) return this.schedule(this.flushing ? 0 : this.busy(Date.now()) ? this.options.busyGapMs : this.options.gapMs);
		this.flushing = false;
		for (const resolve of this.idleWaiters.splice(0)) resolve();
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
