/**
 * The phone's side of assigned exams against the real handlers: the list kept for offline use,
 * the cards the device clock allows, and an exam taken for an assignment reaching the server marked.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeWorld, bankQuestions, manifest, fakeEvent, type World } from './support';
import { openLearnerDb, type ExamRecord, type LearnerDb } from '../../../src/lib/client/db';
import { ExamRepository } from '../../../src/lib/client/exam-repository';
import { SyncUploader } from '../../../src/lib/client/sync/uploader.svelte';
import { GET as assignmentsGet } from '../../../src/routes/api/assignments/+server';
import { GET as meGet } from '../../../src/routes/api/me/+server';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { assignmentCards, cachedAssignments, refreshAssignments, type AssignmentInfo } from '../../../src/lib/features/assignments/assignment-list';
import type { ExamItem } from '../../../src/lib/core/exam-assembly';
import type { QuestionType } from '../../../src/lib/core/bank-types';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
let db: LearnerDb;
let signedIn: SessionUser | null;
let online: boolean;
let asked: string[];

const HOUR = 3_600_000;
const paper = manifest.papers.find((p) => p.predict)!;

const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
	if (!online) throw new TypeError('Failed to fetch');
	const path = String(input);
	asked.push(path);
	const event = fakeEvent(signedIn, path, { method: init?.method, body: init?.body as string | undefined, headers: init?.headers as Record<string, string> });
	if (path === '/api/me') return meGet(event as never);
	if (path === '/api/assignments') return assignmentsGet(event as never);
	return syncPost(event as never);
}) as typeof fetch;

beforeEach(async () => {
	world = await makeWorld();
	db = openLearnerDb('assignments-test', { indexedDB: new IDBFactory() });
	signedIn = world.users.cadre.user;
	online = true;
	asked = [];
});
afterEach(async () => {
	db.close();
	await world.close();
});

async function publish(unitId: number, opensAt: number, closesAt: number) {
	const { id } = await world.ctx.db
		.insertInto('assignments')
		.values({ unit_id: unitId, paper_id: paper.id, title: '十二月考试', opens_at: opensAt, closes_at: closesAt, created_by: world.users.supTown.id, created_at: opensAt, withdrawn: 0 })
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

describe('the assignment list on the phone', () => {
	it('is kept for offline use, and dropped when the account is signed out', async () => {
		const id = await publish(world.units.town, Date.now() - HOUR, Date.now() + HOUR);
		const fresh = await refreshAssignments(db, fakeFetch);
		expect(fresh?.assignments.map((a) => a.id)).toEqual([id]);
		online = false;
		expect((await refreshAssignments(db, fakeFetch))?.assignments.map((a) => a.id)).toEqual([id]);
		online = true;
		signedIn = null;
		expect(await refreshAssignments(db, fakeFetch)).toBeNull();
		expect(await cachedAssignments(db)).toBeNull();
		// An anonymous learner's phone never asks for assignments (no 401 in its console).
		expect(asked).toEqual(['/api/me', '/api/assignments', '/api/me']);
	});

	it('shows a card by the device clock: upcoming, open, being taken, done; gone once closed', () => {
		const a: AssignmentInfo = { id: 7, title: '十二月考试', paperId: paper.id, paperTitle: paper.title, opensAt: 1_000, closesAt: 2_000, done: false };
		const exam = (status: ExamRecord['status'], assignmentId = 7) => ({ id: `e-${status}`, status, assignmentId }) as ExamRecord;
		const states = (exams: ExamRecord[], now: number, info = a) => assignmentCards([info], exams, now).map((c) => c.state);
		expect(states([], 500)).toEqual(['upcoming']);
		expect(states([], 1_000)).toEqual(['open']);
		expect(states([], 2_000)).toEqual([]);
		expect(states([exam('in-progress')], 1_500)).toEqual(['in-progress']);
		expect(states([exam('in-progress')], 2_500)).toEqual(['in-progress']);
		expect(states([exam('submitted')], 1_500)).toEqual(['done']);
		expect(states([exam('submitted', 8)], 1_500)).toEqual(['open']);
		expect(states([], 1_500, { ...a, done: true })).toEqual(['done']);
	});

	it('an exam taken for the assignment is uploaded with its id and marked on the server', async () => {
		const id = await publish(world.units.village, Date.now() - HOUR, Date.now() + HOUR);
		const questions = (['judge', 'single', 'multiple'] as QuestionType[]).map((t) => bankQuestions().find((q) => q.type === t)!);
		const items: ExamItem[] = questions.map((q) => {
			const s = paper.sections.find((x) => x.type === q.type)!;
			return { questionId: q.id, rev: q.rev, law: q.law, type: q.type, points: s.points, scoring: s.scoring, perOption: s.perOption, order: q.options.map((o) => o.key) };
		});
		const repo = new ExamRepository(db);
		const record = await repo.create({ paper, items, questions, lawShort: {}, bankVersion: manifest.version, seed: 1 });
		await db.exams.update(record.id, { assignmentId: id });
		await repo.saveAnswer(record.id, questions[0]!.id, questions[0]!.answer);
		await repo.submit(record.id, 'manual');
		// The link predates the exam, so no consent is asked for it.
		await db.kv.put({ key: 'sync.link', value: { userId: world.users.cadre.id, since: 0, preLogin: 'no' } });
		await new SyncUploader(() => db, fakeFetch).kick();
		const row = await world.ctx.db.selectFrom('exams').select(['assignment_id', 'score']).where('id', '=', record.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ assignment_id: id, score: 1 });
		expect((await refreshAssignments(db, fakeFetch))?.assignments).toMatchObject([{ id, done: true }]);
	});
});
