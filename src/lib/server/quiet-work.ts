/**
 * Background work that stays out of the way of sync traffic (predictions/queue.ts,
 * reports/item-analysis-warmer.ts): it starts once no activity has been noted for `quietMs`, or
 * after `maxDeferMs` under constant traffic, runs one step at a time, and leaves a gap between
 * steps. `idle()` runs everything at once, ignoring the traffic rules (tests, shutdown).
 */
export interface QuietOptions {
	quietMs: number;
	maxDeferMs: number;
	/** The clock (tests). */
	now?: () => number;
}

export abstract class QuietWork {
	private running = false;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private lastActivityAt = 0;
	private waitingSince = 0;
	private flushing = false;
	private idleWaiters: (() => void)[] = [];

	constructor(protected readonly quiet: QuietOptions) {}

	/** Whether a step is due. */
	protected abstract hasWork(): boolean;
	/** One step of the work; it handles its own errors. */
	protected abstract step(): Promise<void>;
	/** The pause before the next step while there is more to do (`busy`: activity within quietMs). */
	protected abstract gapAfterStep(busy: boolean): number;

	protected now(): number {
		return (this.quiet.now ?? Date.now)();
	}

	/** True while idle() is running everything at once: steps should not pause. */
	protected get isFlushing(): boolean {
		return this.flushing;
	}

	/** Adds work (`add`), noting traffic to keep quiet for when `activity`, and schedules a run. */
	protected wake(add: () => void, activity: boolean): void {
		const now = this.now();
		if (!this.hasWork() && !this.running) this.waitingSince = now;
		add();
		if (activity) this.lastActivityAt = now;
		if (!this.running && !this.timer) this.schedule(this.quiet.quietMs);
	}

	/** Runs everything now, ignoring the traffic rules; resolves when nothing is due (tests, shutdown). */
	idle(): Promise<void> {
		if (!this.running && !this.hasWork()) return Promise.resolve();
		this.flushing = true;
		if (this.timer) {
			clearTimeout(this.timer);
			this.schedule(0);
		}
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	private busy(now: number): boolean {
		return now - this.lastActivityAt < this.quiet.quietMs;
	}

	private schedule(ms: number): void {
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.tick();
		}, ms);
		// Pending background work must not keep a finished process (or a test run) alive.
		this.timer.unref?.();
	}

	private async tick(): Promise<void> {
		const now = this.now();
		if (!this.flushing && this.busy(now) && now - this.waitingSince < this.quiet.maxDeferMs) {
			return this.schedule(Math.max(1, this.quiet.quietMs - (now - this.lastActivityAt)));
		}
		if (this.hasWork()) {
			this.running = true;
			try {
				await this.step();
			} finally {
				this.running = false;
			}
		}
		if (this.hasWork()) return this.schedule(this.flushing ? 0 : this.gapAfterStep(this.busy(this.now())));
		this.flushing = false;
		for (const resolve of this.idleWaiters.splice(0)) resolve();
	}
}
