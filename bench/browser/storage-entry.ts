/**
 * Runs in Chromium (bundled by bench/storage.bench.ts): the app's own Dexie schema and
 * ProgressRepository against real IndexedDB. Exposed as window.StorageBench.
 */
import { openLearnerDb, type AttemptRecord, type LearnerDb } from '$lib/client/db';
import { ProgressRepository } from '$lib/client/progress-repository';
import { ExamRepository } from '$lib/client/exam-repository';
import { DAY_MS, dayKey, startOfDay } from '$lib/core/scheduling';
import { lawStatistics } from '$lib/core/statistics';
import type { QuestionIndex } from '$lib/core/bank-types';

const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Q { id: string; rev: number; law: string; type: 'single'; answer: 'A' }

function questionsFrom(index: QuestionIndex, count: number): Q[] {
	const all: Q[] = [];
	for (const [law, entry] of Object.entries(index.laws)) for (const q of entry.questions) all.push({ id: q[0], rev: q[1], law, type: 'single', answer: 'A' });
	return all.slice(0, count);
}

/** 1 answer per question through recordAnswer (real aggregates), then the rest of the attempts in bulk. */
async function seed(db: LearnerDb, qs: Q[], attempts: number, spanDays: number): Promise<void> {
	const repo = new ProgressRepository(db);
	const end = Date.now();
	let i = 0;
	for (const q of qs) {
		const at = end - Math.floor((spanDays * DAY_MS * (qs.length - i++)) / qs.length);
		await repo.recordAnswer({ question: q, response: Math.random() < 0.7 ? 'A' : 'B', ms: 8000, bankVersion: '1.0.0', source: 'practice', at });
	}
	const CHUNK = 10_000;
	for (let done = qs.length; done < attempts; done += CHUNK) {
		const rows: AttemptRecord[] = [];
		for (let k = 0; k < Math.min(CHUNK, attempts - done); k++) {
			const q = qs[(done + k) % qs.length]!;
			const at = end - Math.floor(Math.random() * spanDays * DAY_MS);
			rows.push({ id: crypto.randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: 'A', correct: true, ms: 8000, at, bankVersion: '1.0.0', source: 'practice' });
		}
		await db.transaction('rw', db.attempts, db.outbox, async () => {
			await db.attempts.bulkAdd(rows);
			await db.outbox.bulkAdd(rows.map((r) => ({ id: r.id, kind: 'attempt' as const, createdAt: r.at })));
		});
	}
}

function rawPut(raw: IDBDatabase, record: object): Promise<void> {
	return new Promise((resolve, reject) => {
		const tx = raw.transaction('attempts', 'readwrite');
		tx.objectStore('attempts').put(record);
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
	});
}

function putFour(idb: IDBDatabase, q: Q, state: object, day: object): Promise<void> {
	return new Promise((resolve, reject) => {
		const tx = idb.transaction(['attempts', 'outbox', 'questionStates', 'days'], 'readwrite');
		const id = crypto.randomUUID();
		const at = Date.now();
		tx.objectStore('attempts').add({ id, questionId: q.id, rev: q.rev, lawId: q.law, response: 'A', correct: true, ms: 8000, at, bankVersion: '1.0.0', source: 'practice' });
		tx.objectStore('outbox').add({ id, kind: 'attempt', createdAt: at });
		tx.objectStore('questionStates').put(state);
		tx.objectStore('days').put(day);
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
	});
}

function openRaw(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open('raw-baseline', 1);
		req.onupgradeneeded = () => req.result.createObjectStore('attempts', { keyPath: 'id' });
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** The data the home page reads from IndexedDB (law cards, today's plan, open exams). */
async function homeQueries(db: LearnerDb): Promise<void> {
	const repo = new ProgressRepository(db);
	const t = Date.now();
	await Promise.all([
		repo.progressByLaw(),
		db.kv.get('settings'),
		repo.dueCount(startOfDay(t) + DAY_MS - 1),
		db.days.get(dayKey(t)),
		db.questionStates.where('inWrong').equals(1).count(),
		db.attempts.orderBy('at').last(),
		new ExamRepository(db).inProgress()
	]);
}

/** The /stats page: every question state and 400 days of aggregates, then the per-law tallies. */
async function statsQueries(db: LearnerDb, index: QuestionIndex): Promise<void> {
	const repo = new ProgressRepository(db);
	const t = Date.now();
	const [states, days] = await Promise.all([repo.allStates(), repo.days(dayKey(t - 400 * DAY_MS))]);
	const byId = new Map(states.map((s) => [s.questionId, s]));
	for (const entry of Object.values(index.laws)) lawStatistics(entry, byId, t);
	if (!days) throw new Error('no days');
}

export async function run(index: QuestionIndex, opts: { attempts: number; questions: number; rounds: number; writes: number }) {
	const db = openLearnerDb('bench-learner');
	await db.delete();
	await db.open();
	const qs = questionsFrom(index, opts.questions);
	let t = now();
	await seed(db, qs, opts.attempts, 365);
	const seedMs = now() - t;
	const counts = { attempts: await db.attempts.count(), states: await db.questionStates.count(), days: await db.days.count() };

	const raw = await openRaw();
	const repo = new ProgressRepository(db);
	const writes: number[] = [];
	const puts: number[] = [];
	const fourPuts: number[] = [];
	for (let i = 0; i < opts.writes; i++) {
		const q = qs[(i * 37) % qs.length]!;
		t = now();
		await rawPut(raw, { id: crypto.randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: 'A', correct: true, ms: 8000, at: Date.now(), bankVersion: '1.0.0', source: 'practice' });
		puts.push(now() - t);
		t = now();
		await repo.recordAnswer({ question: q, response: 'A', ms: 8000, bankVersion: '1.0.0', source: 'practice' });
		writes.push(now() - t);
		// The floor of any answer write with this schema: its four records put blind, in one raw
		// transaction, on the same database (no reads, no aggregates computed).
		const state = await db.questionStates.get(q.id);
		const day = (await db.days.toArray()).at(-1)!;
		t = now();
		await putFour(db.backendDB(), q, state!, day);
		fourPuts.push(now() - t);
	}

	const home: number[] = [];
	const stats: number[] = [];
	const oneRow: number[] = [];
	for (let i = 0; i < opts.rounds; i++) {
		t = now();
		await db.questionStates.get(qs[i % qs.length]!.id);
		oneRow.push(now() - t);
		t = now();
		await homeQueries(db);
		home.push(now() - t);
		t = now();
		await statsQueries(db, index);
		stats.push(now() - t);
	}
	// Where the home page's time goes: each of its queries alone.
	const parts: Record<string, () => Promise<unknown>> = {
		'progressByLaw (one read)': () => repo.progressByLaw(),
		dueCount: () => repo.dueCount(Date.now()),
		'inWrong count': () => db.questionStates.where('inWrong').equals(1).count(),
		'latest attempt': () => db.attempts.orderBy('at').last(),
		'all states (toArray)': () => repo.allStates()
	};
	const homeParts: Record<string, number> = {};
	for (const [name, fn] of Object.entries(parts)) {
		const xs: number[] = [];
		for (let i = 0; i < 7; i++) {
			t = now();
			await fn();
			xs.push(now() - t);
		}
		homeParts[name] = median(xs);
	}
	raw.close();
	db.close();
	return { seedMs, counts, homeParts, write: median(writes), fourPuts: median(fourPuts), rawPut: median(puts), home: median(home), stats: median(stats), oneRow: median(oneRow) };
}
