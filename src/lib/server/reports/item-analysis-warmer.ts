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
import { QuietWork } from '../quiet-work';
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

export class ItemAnalysisWarmer extends QuietWork {
	private requested = new Map<string, Job>();
	private midnight: ReturnType<typeof setTimeout> | null = null;
	private wanted = false;
	private readonly gapMs: number;

	constructor(
		private ctx: ServerContext,
		options: WarmerOptions = {}
	) {
		super({ quietMs: options.quietMs ?? 5000, maxDeferMs: options.maxDeferMs ?? 120_000, now: options.now });
		this.gapMs = options.gapMs ?? 200;
		this.armMidnight();
	}

	/** At server start: results stored before a restart (or for an older bank) are caught up once quiet. */
	start(): void {
		this.want();
	}

	/** A sync stored something: stored results may have gone stale. */
	notifySync(): void {
		this.want(true);
	}

	/** A view served this key stale: recompute it (with the current bank). */
	request(key: ItemAnalysisKey): void {
		this.requested.set(`${key.unitId}:${key.from}:${key.to}`, { unitId: key.unitId, from: key.from, to: key.to });
		this.want();
	}

	/** Stops the midnight timer (tests; the process's own warmer lives as long as the server). */
	stop(): void {
		if (this.midnight) clearTimeout(this.midnight);
		this.midnight = null;
	}

	/** Something may be stale; `sync` counts as traffic to wait out. */
	private want(sync = false): void {
		this.wake(() => (this.wanted = true), sync);
	}

	protected hasWork(): boolean {
		return this.wanted;
	}

	/** Syncs (or stale views) during a run: go round again once they are quiet. */
	protected gapAfterStep(): number {
		return this.quiet.quietMs;
	}

	protected async step(): Promise<void> {
		this.wanted = false;
		try {
			await this.run();
		} catch (e) {
			// A database closed under a pending run (a test's world, shutdown) ends it quietly.
			if (!/destroyed/.test(String(e))) console.error('item analysis warm-up failed', e);
		}
	}

	private armMidnight(): void {
		const now = this.now();
		const next = Math.floor((now + CST) / DAY) * DAY - CST + DAY;
		// A minute after midnight: the day's first syncs are usually later, and a late tick is harmless.
		this.midnight = setTimeout(() => {
			this.armMidnight();
			this.want();
		}, next - now + 60_000);
		this.midnight.unref?.();
	}

	/** What is due now: requested keys first, then the default range of every kept-warm unit. */
	private async due(): Promise<Job[]> {
		const today = rangeFromQuery(new URLSearchParams(), this.now());
		const yesterday = { from: today.from - DAY, to: today.to - DAY };
		const units = await unitsWithResults(this.ctx.db, [today, yesterday]);
		const jobs = new Map(this.requested);
		this.requested.clear();
		for (const unitId of units) jobs.set(`${unitId}:${today.from}:${today.to}`, { unitId, from: today.from, to: today.to });
		return [...jobs.values()];
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
				if (await refreshIfStale(this.ctx.db, bank, unit, { from: job.from, to: job.to }, bankVersion, this.now())) await this.pause();
			} catch (e) {
				if (/destroyed/.test(String(e))) throw e;
				// One failing unit must not stop the others; the next quiet period retries it.
				console.error('item analysis refresh failed for unit', job.unitId, e);
			}
		}
	}

	/** Lets the requests that waited behind a computation through before the next one. */
	private pause(): Promise<void> {
		if (this.isFlushing) return Promise.resolve();
		return new Promise((resolve) => setTimeout(resolve, this.gapMs).unref?.());
	}
}

const warmers = new WeakMap<ServerContext, ItemAnalysisWarmer>();

/** The process's warmer for a context (one per database). */
export function itemAnalysisWarmer(ctx: ServerContext, options?: WarmerOptions): ItemAnalysisWarmer {
	let warmer = warmers.get(ctx);
	if (!warmer) warmers.set(ctx, (warmer = new ItemAnalysisWarmer(ctx, options)));
	return warmer;
}
