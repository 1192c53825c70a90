/**
 * Simulated phones of one cadre: each has its own IndexedDB (fake-indexeddb), records answers and
 * mock exams through the app's real repositories (ProgressRepository, ExamRepository: the exam is
 * scored on the phone by the app's own code), and uploads with the app's real SyncUploader, whose
 * fetch is pointed at a base URL (the fault proxy) with the device's session cookie.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openLearnerDb, type LearnerDb } from '../../../src/lib/client/db';
import { ProgressRepository } from '../../../src/lib/client/progress-repository';
import { ExamRepository } from '../../../src/lib/client/exam-repository';
import { SyncUploader } from '../../../src/lib/client/sync/uploader.svelte';
import { assemblePaper } from '../../../src/lib/core/exam-assembly';
import type { Paper } from '../../../src/lib/core/paper-types';
import type { OptionKey } from '../../../src/lib/core/bank-types';
import { answerFor, manifest, questionById, questions } from './server-records';

const pool = questions.map((q) => ({ id: q.id, rev: q.rev, law: q.law, type: q.type, difficulty: q.difficulty, keys: q.options.map((o) => o.key as OptionKey) }));

export class Device {
	readonly db: LearnerDb;
	readonly uploader: SyncUploader;
	clock: number;
	requests = 0;

	constructor(
		readonly name: string,
		private cookie: string,
		private baseUrl: () => string,
		startAt: number
	) {
		this.clock = startAt;
		this.db = openLearnerDb(`device-${name}-${Math.random()}`, { indexedDB: new IDBFactory() });
		const fetcher = ((input: RequestInfo | URL, init?: RequestInit) => {
			this.requests++;
			// Node's fetch has no cookie jar and no same-origin: the session cookie goes in by hand.
			const { cache: _cache, credentials: _credentials, ...rest } = init ?? {};
			return fetch(this.baseUrl() + String(input), { ...rest, headers: { ...(rest.headers as Record<string, string>), cookie: this.cookie }, signal: AbortSignal.timeout(15_000) });
		}) as typeof fetch;
		this.uploader = new SyncUploader(() => this.db, fetcher, () => this.clock);
	}

	/** One sync run, as the app starts one (on start, online, visible); its own retry timer is cancelled: the test drives retries. */
	async sync(): Promise<void> {
		await this.uploader.kick();
		clearTimeout((this.uploader as unknown as { timer?: ReturnType<typeof setTimeout> }).timer);
	}

	async pending(): Promise<number> {
		return this.db.outbox.count();
	}

	async practise(random: () => number, at: number, skill: number): Promise<void> {
		const q = questions[Math.floor(random() * questions.length)]!;
		this.clock = at;
		await new ProgressRepository(this.db).recordAnswer({ question: q, response: answerFor(q, skill, random), ms: 2000 + Math.floor(random() * 20_000), bankVersion: manifest.version, source: 'practice', at });
	}

	/** A whole mock exam: drawn, answered question by question with times inside its duration, handed in. */
	async takeExam(paper: Paper, seed: number, startAt: number, skill: number, random: () => number): Promise<void> {
		const exams = new ExamRepository(this.db);
		const items = assemblePaper({ paper, pool, seed });
		const record = await exams.create({ paper, items, questions: items.map((i) => questionById.get(i.questionId)!), lawShort: {}, bankVersion: manifest.version, seed, now: startAt });
		const span = paper.durationMinutes > 0 ? paper.durationMinutes * 60_000 * 0.8 : 15 * 60_000;
		let at = startAt;
		for (const item of items) {
			at += Math.floor((span / items.length) * (0.5 + random()));
			if (random() < 0.95) await exams.saveAnswer(record.id, item.questionId, answerFor(questionById.get(item.questionId)!, skill, random), Math.min(at, startAt + span));
		}
		this.clock = Math.min(at, startAt + span) + 1000;
		await exams.submit(record.id, 'manual', this.clock);
	}

	close(): void {
		clearTimeout((this.uploader as unknown as { timer?: ReturnType<typeof setTimeout> }).timer);
		this.db.close();
	}
}
