/** The learner's uploader against the real /api handlers: consent, exactly-once, failures. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeWorld, bankQuestions, manifest, fakeEvent, type World } from './support';
import { openLearnerDb, type LearnerDb } from '../../../src/lib/client/db';
import { ProgressRepository } from '../../../src/lib/client/progress-repository';
import { SyncUploader } from '../../../src/lib/client/sync/uploader.svelte';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { GET as meGet } from '../../../src/routes/api/me/+server';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
let db: LearnerDb;
let signedIn: SessionUser | null;
let online: boolean;
let posts: number;

const q = bankQuestions().find((x) => x.type === 'single')!;

/** Routes the uploader's requests to the handlers, as the signed-in user. */
const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
	if (!online) throw new TypeError('Failed to fetch');
	const path = String(input);
	const event = fakeEvent(signedIn, path, { method: init?.method, body: init?.body as string | undefined, headers: init?.headers as Record<string, string> });
	if (path === '/api/me') return meGet(event as never);
	posts++;
	return syncPost(event as never);
}) as typeof fetch;

beforeEach(async () => {
	world = await makeWorld();
	db = openLearnerDb('uploader-test', { indexedDB: new IDBFactory() });
	signedIn = null;
	online = true;
	posts = 0;
});
afterEach(async () => {
	db.close();
	await world.close();
});

const answer = (at: number) => new ProgressRepository(db).recordAnswer({ question: q, response: q.answer, ms: 1000, bankVersion: manifest.version, source: 'practice', at });
const serverCount = async () => Number((await world.ctx.db.selectFrom('attempts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('SyncUploader', () => {
	it('uploads nothing while signed out, and pre-login work only after consent', async () => {
		let clock = 1_000;
		const uploader = new SyncUploader(() => db, fakeFetch, () => clock);
		await answer(500);
		await answer(600);
		await uploader.kick();
		expect(uploader.status).toBe('signed-out');
		expect(posts).toBe(0);

		signedIn = world.users.cadre.user;
		clock = 2_000;
		await uploader.kick();
		expect(uploader.awaitingConsent).toBe(2);
		expect(await serverCount()).toBe(0);

		await answer(2_500);
		await uploader.kick();
		expect(await serverCount()).toBe(1);
		expect(await db.outbox.count()).toBe(2);

		await uploader.answerConsent(true);
		expect(uploader.awaitingConsent).toBe(0);
		expect(await serverCount()).toBe(3);
		expect(await db.outbox.count()).toBe(0);
		expect(uploader.status).toBe('idle');
	});

	it('drops pre-login work from the outbox when the learner declines (records stay on the phone)', async () => {
		const uploader = new SyncUploader(() => db, fakeFetch, () => 2_000);
		await answer(500);
		signedIn = world.users.cadre.user;
		await uploader.kick();
		await uploader.answerConsent(false);
		expect(await db.outbox.count()).toBe(0);
		expect(await db.attempts.count()).toBe(1);
		expect(await serverCount()).toBe(0);
	});

	it('keeps the outbox when offline, backs off, and sends each record exactly once later', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const uploader = new SyncUploader(() => db, fakeFetch, () => 2_000);
			signedIn = world.users.cadre.user;
			await uploader.kick();
			for (let i = 0; i < 5; i++) await answer(3_000 + i);
			online = false;
			await uploader.kick();
			expect(uploader.status).toBe('offline');
			expect(await db.outbox.count()).toBe(5);
			online = true;
			await vi.advanceTimersByTimeAsync(10_000);
			await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0));
			// Resending the same records (a lost response) changes nothing on the server.
			const all = await db.attempts.toArray();
			await db.outbox.bulkPut(all.map((a) => ({ id: a.id, kind: 'attempt' as const, createdAt: a.at })));
			await uploader.kick();
			expect(await serverCount()).toBe(5);
			expect(await db.outbox.count()).toBe(0);
		} finally {
			vi.useRealTimers();
		}
	});

	it('sends big outboxes in batches', async () => {
		const uploader = new SyncUploader(() => db, fakeFetch, () => 2_000);
		signedIn = world.users.cadre.user;
		await uploader.kick();
		await db.transaction('rw', db.attempts, db.outbox, async () => {
			for (let i = 0; i < 450; i++) {
				const id = crypto.randomUUID();
				await db.attempts.add({ id, questionId: q.id, rev: q.rev, lawId: q.law, response: q.answer, correct: true, ms: 1, at: 3_000 + i, bankVersion: manifest.version, source: 'practice' });
				await db.outbox.add({ id, kind: 'attempt', createdAt: 3_000 + i });
			}
		});
		posts = 0;
		await uploader.kick();
		expect(posts).toBe(3);
		expect(await serverCount()).toBe(450);
	});
});
