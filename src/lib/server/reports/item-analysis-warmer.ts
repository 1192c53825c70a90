/**
 * Keeps stored item analyses warm, off the request path (after predictions/queue.ts): once syncs
 * go quiet it recomputes, one at a time, the stored results that are no longer exact — those a
 * view served stale, and the default range ("last 30 days" as rangeFromQuery makes it) of every
 * unit that has a stored result for it or for yesterday's default range. After China midnight the
 * default range is a new key: a timer wakes the warmer then, so the new day's is computed for the
 * units that had yesterday's before anyone looks.
 *
 * A county takes ~3 s of synchronous SQLite work, which holds up every other request for that
 * long: the warmer waits for `quietMs` without syncs (or `maxDeferMs` under constant traffic) and
 * leaves `gapMs` between units so that waiting requests are answered in between.
 */
import type { ServerContext } from '../context';
import { getUnit } from '../directory';
import { rangeFromQuery } from './dates';
import { refreshIfStale, unitsWithResults, type ItemAnalysisKey } from './item-analysis-store';

export interface WarmerOptions {
	quietMs?: number;
	maxDeferMs?: number;
	gapMs?: number;
	/** The clock (tests). */
	now?: () => number;
}

const DAY = 86_400_000;
const CST = 8 * 3_600_000;

interface Job {
	unitId: number;
	from: number;
	to: number;
}

export class ItemAnalysisWarmer {
	private requested = new Map<string, Job>();
	private running = false;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private midnight: ReturnType<typeof setTimeout> | null = null;
	private lastSyncAt = 0;
	private waitingSince = 0;
	private flushing = false;
	private wanted = false;
	private idleWaiters: (() => void)[] = [];
	private readonly options: Required<WarmerOptions>;

	constructor(
		private ctx: ServerContext,
		options: WarmerOptions = {}
	) {
		this.options = { quietMs: 5000, maxDeferMs: 120_000, gapMs: 200, now: Date.now, ...options };
		this.armMidnight();
	}

	/** At server start: results stored before a restart (or for an older bank) are caught up once quiet. */
	start(): void {
		this.wake();
	}

	/** A sync stored something: stored results may have gone stale. */
	notifySync(): void {
		this.lastSyncAt = this.options.now();
		this.wake();
	}

	/** A view served this key stale: recompute it (with the current bank). */
	request(key: ItemAnalysisKey): void {
		this.requested.set(`${key.unitId}:${key.from}:${key.to}`, { unitId: key.unitId, from: key.from, to: key.to });
		this.wake();
	}

	/** Runs everything due now, ignoring the quiet rule; resolves when done (tests, shutdown). */
	idle(): Promise<void> {
		if (!this.running && !this.wanted) return Promise.resolve();
		this.flushing = true;
		if (this.timer) {
			clearTimeout(this.timer);
			this.schedule(0);
		}
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Stops the midnight timer (tests; the process's own warmer lives as long as the server). */
	stop(): void {
		if (this.midnight) clearTimeout(this.midnight);
		this.midnight = null;
	}

	private wake(): void {
		if (!this.wanted && !this.running) this.waitingSince = this.options.now();
		this.wanted = true;
		if (!this.running && !this.timer) this.schedule(this.options.quietMs);
	}

	private armMidnight(): void {
		const now = this.options.now();
		const next = Math.floor((now + CST) / DAY) * DAY - CST + DAY;
		// A minute after midnight: the day's first syncs are usually later, and a late tick is harmless.
		this.midnight = setTimeout(() => {
			this.armMidnight();
			this.wake();
		}, next - now + 60_000);
		this.midnight.unref?.();
	}

	private schedule(ms: number): void {
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.tick();
		}, ms);
		this.timer.unref?.();
	}

	/** What is due now: requested keys first, then the default range of every kept-warm unit. */
	private async due(): Promise<Job[]> {
		const today = rangeFromQuery(new URLSearchParams(), this.options.now());
		const yesterday = { from: today.from - DAY, to: today.to - DAY };
		const units = await unitsWithResults(this.ctx.db, [today, yesterday]);
		const jobs = new Map(this.requested);
		this.requested.clear();
		for (const unitId of units) jobs.set(`${unitId}:${today.from}:${today.to}`, { unitId, from: today.from, to: today.to });
		return [...jobs.values()];
	}

	private async tick(): Promise<void> {
		const now = this.options.now();
		if (!this.flushing && now - this.lastSyncAt < this.options.quietMs && now - this.waitingSince < this.options.maxDeferMs) {
			return this.schedule(Math.max(1, this.options.quietMs - (now - this.lastSyncAt)));
		}
		this.wanted = false;
		this.running = true;
		try {
			await this.run();
		} catch (e) {
			// A database closed under a pending run (a test's world, shutdown) ends it quietly.
			if (!/destroyed/.test(String(e))) console.error('item analysis warm-up failed', e);
		} finally {
			this.running = false;
		}
		// Syncs (or stale views) during the run: go round again once they are quiet.
		if (this.wanted) return this.schedule(this.flushing ? 0 : this.options.quietMs);
		this.flushing = false;
		for (const resolve of this.idleWaiters.splice(0)) resolve();
	}

	private async run(): Promise<void> {
		const bankVersion = this.ctx.currentBank;
		const bank = bankVersion ? this.ctx.banks.get(bankVersion) : null;
		if (!bank || !bankVersion) return;
		for (const job of await this.due()) {
			const unit = await getUnit(this.ctx.db, job.unitId);
			if (!unit) continue;
			try {
				// refreshIfStale checks first: a result still exact costs one cheap probe.
				if (await refreshIfStale(this.ctx.db, bank, unit, { from: job.from, to: job.to }, bankVersion, this.options.now())) await this.pause();
			} catch (e) {
				if (/destroyed/.test(String(e))) throw e;
				// One failing unit must not stop the others; the next quiet period retries it.
				console.error('item analysis refresh failed for unit', job.unitId, e);
			}
		}
	}

	/** Lets the requests that waited behind a computation through before the next one. */
	private pause(): Promise<void> {
		if (this.flushing) return Promise.resolve();
		return new Promise((resolve) => setTimeout(resolve, this.options.gapMs).unref?.());
	}
}

const warmers = new WeakMap<ServerContext, ItemAnalysisWarmer>();

/** The process's warmer for a context (one per database). */
export function itemAnalysisWarmer(ctx: ServerContext, options?: WarmerOptions): ItemAnalysisWarmer {
	let warmer = warmers.get(ctx);
	if (!warmer) warmers.set(ctx, (warmer = new ItemAnalysisWarmer(ctx, options)));
	return warmer;
}
