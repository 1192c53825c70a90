/**
 * The learner-side uploader (#10). While a cadre is signed in, it sends the outbox to POST
 * /api/sync in batches: at start, when the phone comes online, when the app becomes visible, and
 * after failures with exponential backoff. Work done before this phone was linked to the account
 * goes only after the learner agrees (SyncConsent.svelte).
 */
import type { LearnerDb, OutboxRecord } from '../db';
import { buildBatch } from './payload';

export interface SyncAccount {
	id: number;
	displayName: string;
}

/** kv row: which account this phone is linked to, since when, and the answer about earlier work. */
export interface SyncLink {
	userId: number;
	since: number;
	preLogin: 'ask' | 'yes' | 'no';
}

export const LINK_KEY = 'sync.link';
const BATCH = 200;
const MIN_BACKOFF = 5_000;
const MAX_BACKOFF = 10 * 60_000;
/** Rejections that a retry cannot fix: the row leaves the outbox (the record stays on the phone). */
const FINAL = new Set(['malformed', 'unknown-question', 'id-conflict']);

export class SyncUploader {
	account = $state<SyncAccount | null>(null);
	/** Outbox items from before the link, waiting for the learner's answer; 0 when none. */
	awaitingConsent = $state(0);
	pending = $state(0);
	lastSyncAt = $state<number | null>(null);
	status = $state<'idle' | 'syncing' | 'offline' | 'error' | 'signed-out'>('idle');

	private running: Promise<void> | null = null;
	private backoff = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	/** Items the server could not take yet (unknown bank version): skipped until the next start. */
	private deferred = new Set<string>();

	constructor(
		private db: () => LearnerDb,
		private fetcher: typeof fetch = (...args) => fetch(...args),
		private now: () => number = Date.now
	) {}

	/** Runs one sync unless one is running; resolves when it is done. */
	kick(): Promise<void> {
		this.running ??= this.run().finally(() => (this.running = null));
		return this.running;
	}

	/** The learner's answer about work from before the link. */
	async answerConsent(upload: boolean): Promise<void> {
		// Shown at once, so the status line never reads “all uploaded” while the upload is pending.
		if (upload) this.status = 'syncing';
		const link = await this.link();
		if (!link) return;
		await this.db().kv.put({ key: LINK_KEY, value: { ...link, preLogin: upload ? 'yes' : 'no' } satisfies SyncLink });
		this.awaitingConsent = 0;
		await this.kick();
	}

	private async link(): Promise<SyncLink | undefined> {
		return (await this.db().kv.get(LINK_KEY))?.value as SyncLink | undefined;
	}

	private async whoAmI(): Promise<SyncAccount | null> {
		const res = await this.fetcher('/api/me', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
		if (!res.ok) throw new Error(`/api/me ${res.status}`);
		const { user } = (await res.json()) as { user: { id: number; displayName: string; role: string; mustChangePassword: boolean } | null };
		return user && user.role === 'cadre' && !user.mustChangePassword ? { id: user.id, displayName: user.displayName } : null;
	}

	private schedule(ms: number): void {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.kick(), ms);
	}

	private async run(): Promise<void> {
		try {
			this.account = await this.whoAmI();
		} catch {
			this.status = 'offline';
			return this.retryLater();
		}
		if (!this.account) {
			this.status = 'signed-out';
			return;
		}
		const db = this.db();
		let link = await this.link();
		if (!link || link.userId !== this.account.id) {
			// A newly linked account: anything already in the outbox was done before it.
			link = { userId: this.account.id, since: this.now(), preLogin: 'ask' };
			await db.kv.put({ key: LINK_KEY, value: link });
		}
		const before = await db.outbox.where('createdAt').below(link.since).toArray();
		if (link.preLogin === 'no' && before.length) await db.outbox.bulkDelete(before.map((r) => r.id));
		this.awaitingConsent = link.preLogin === 'ask' ? before.length : 0;
		const eligible = (r: OutboxRecord) => !this.deferred.has(r.id) && (r.createdAt >= link.since || link.preLogin === 'yes');
		this.status = 'syncing';
		for (;;) {
			const rows = (await db.outbox.orderBy('createdAt').toArray()).filter(eligible);
			this.pending = rows.length;
			if (!rows.length) break;
			const outcome = await this.send(rows.slice(0, BATCH));
			if (outcome !== 'ok') return outcome === 'stop' ? undefined : this.retryLater();
		}
		this.status = 'idle';
		this.backoff = 0;
		this.lastSyncAt = this.now();
	}

	private async send(rows: OutboxRecord[]): Promise<'ok' | 'retry' | 'stop'> {
		const db = this.db();
		const { batch, orphans } = await buildBatch(db, rows);
		if (orphans.length) await db.outbox.bulkDelete(orphans);
		let res: Response;
		try {
			res = await this.fetcher('/api/sync', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch), credentials: 'same-origin' });
		} catch {
			this.status = 'offline';
			return 'retry';
		}
		if (res.status === 401 || res.status === 403) {
			this.status = 'signed-out';
			return 'stop';
		}
		if (res.status === 413 && rows.length > 1) {
			// Too big in one go: send the halves separately.
			const half = Math.ceil(rows.length / 2);
			const first = await this.send(rows.slice(0, half));
			return first === 'ok' ? this.send(rows.slice(half)) : first;
		}
		if (!res.ok) {
			if (res.status === 400 || res.status === 413) rows.forEach((r) => this.deferred.add(r.id));
			this.status = 'error';
			return res.status === 400 || res.status === 413 ? 'ok' : 'retry';
		}
		const result = (await res.json()) as { held: string[]; rejected: { id: string; reason: string }[] };
		await db.outbox.bulkDelete(result.held);
		const final = result.rejected.filter((r) => FINAL.has(r.reason)).map((r) => r.id);
		await db.outbox.bulkDelete(final);
		for (const r of result.rejected) if (!FINAL.has(r.reason)) this.deferred.add(r.id);
		return 'ok';
	}

	private retryLater(): void {
		this.backoff = Math.min(MAX_BACKOFF, this.backoff ? this.backoff * 2 : MIN_BACKOFF);
		this.schedule(this.backoff * (0.75 + Math.random() * 0.5));
	}

	/** Wires the triggers; returns a function that removes them. */
	start(): () => void {
		const onOnline = () => {
			this.backoff = 0;
			void this.kick();
		};
		const onVisible = () => {
			if (document.visibilityState === 'visible') void this.kick();
		};
		window.addEventListener('online', onOnline);
		document.addEventListener('visibilitychange', onVisible);
		void this.kick();
		return () => {
			clearTimeout(this.timer);
			window.removeEventListener('online', onOnline);
			document.removeEventListener('visibilitychange', onVisible);
		};
	}
}
