/**
 * The page's side of the service worker: registers it (production only), tells the learner when
 * everything needed offline is downloaded, and offers a waiting update, which takes over only
 * when the learner accepts it.
 */
import type { BankManifest } from '$lib/core/bank-types';

export type OfflineState = 'unsupported' | 'downloading' | 'ready' | 'failed';

export interface PendingUpdate {
	worker: ServiceWorker;
	version: string;
	manifest: BankManifest | null;
}

const READY_KEY = 'xfkl.offline-ready';

/** Asks a service worker something over a private channel (see the message handler in src/service-worker.ts). */
function ask<T>(worker: ServiceWorker, type: 'GET_VERSION' | 'GET_PRECACHED_BYTES'): Promise<T> {
	return new Promise((resolve, reject) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => reject(new Error('service worker did not answer')), 5000);
		channel.port1.onmessage = (e) => {
			clearTimeout(timer);
			resolve(e.data as T);
		};
		worker.postMessage({ type }, [channel.port2]);
	});
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
	return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export class OfflineStatus {
	state = $state<OfflineState>('unsupported');
	bytes = $state(0);
	/** True the first time this version became ready, so the page can say so once. */
	justBecameReady = $state(false);
	update = $state<PendingUpdate | null>(null);
	private registration: ServiceWorkerRegistration | null = null;
	private reloading = false;

	async start(appVersion: string): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		this.state = 'downloading';
		try {
			this.registration = await navigator.serviceWorker.register('/service-worker.js', { type: 'classic' });
			this.watchForUpdates(this.registration);
			navigator.serviceWorker.addEventListener('controllerchange', () => {
				// Reload only when the learner accepted an update, never after the first install.
				if (this.reloading) location.reload();
			});
			const ready = await navigator.serviceWorker.ready;
			const saved = JSON.parse(localStorage.getItem(READY_KEY) ?? 'null') as { version: string; bytes: number } | null;
			if (saved?.version === appVersion) {
				this.bytes = saved.bytes;
			} else {
				// 0 (the size is then not shown) if the worker cannot say: being offline-ready does not depend on it.
				this.bytes = ready.active ? await ask<{ bytes: number }>(ready.active, 'GET_PRECACHED_BYTES').then((r) => r.bytes, () => 0) : 0;
				localStorage.setItem(READY_KEY, JSON.stringify({ version: appVersion, bytes: this.bytes }));
				this.justBecameReady = true;
			}
			this.state = 'ready';
		} catch (e) {
			console.warn('service worker registration failed', e);
			this.state = 'failed';
		}
	}

	private watchForUpdates(reg: ServiceWorkerRegistration): void {
		const offer = async (worker: ServiceWorker) => {
			if (!navigator.serviceWorker.controller) return; // first install: nothing to replace
			try {
				const info = await ask<{ version: string; manifest: BankManifest | null }>(worker, 'GET_VERSION');
				this.update = { worker, ...info };
			} catch {
				this.update = { worker, version: '', manifest: null };
			}
		};
		if (reg.waiting) void offer(reg.waiting);
		reg.addEventListener('updatefound', () => {
			const installing = reg.installing;
			installing?.addEventListener('statechange', () => {
				if (installing.state === 'installed') void offer(installing);
			});
		});
		const check = () => {
			if (document.visibilityState === 'visible' && navigator.onLine) reg.update().catch(() => undefined);
		};
		document.addEventListener('visibilitychange', check);
		window.addEventListener('online', check);
	}

	/** The learner accepted: the waiting worker takes over and the page reloads into the new version. */
	acceptUpdate(): void {
		if (!this.update) return;
		this.reloading = true;
		this.update.worker.postMessage({ type: 'SKIP_WAITING' });
	}

	dismissUpdate(): void {
		this.update = null;
	}
}

export const offline = new OfflineStatus();
