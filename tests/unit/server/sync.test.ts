import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeWorld, bankQuestions, manifest, fakeEvent, type World } from './support';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { GET as meGet } from '../../../src/routes/api/me/+server';
import { scoreExam } from '../../../src/lib/core/exam-scoring';
import type { Question, QuestionType } from '../../../src/lib/core/bank-types';
import type { ExamItem } from '../../../src/lib/core/exam-assembly';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

const questions = bankQuestions();
const ofType = (t: QuestionType, n = 0) => questions.filter((q) => q.type === t)[n]!;
const version = manifest.version;
const paper = manifest.papers.find((p) => p.predict)!;

function attempt(q: Question, overrides: Record<string, unknown> = {}) {
	return { id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: q.answer, correct: true, ms: 1200, at: Date.now(), bankVersion: version, source: 'practice', ...overrides };
}

function exam(right: boolean, overrides: Record<string, unknown> = {}) {
	const picked = [ofType('judge'), ofType('single'), ofType('multiple')];
	const items: ExamItem[] = picked.map((q) => {
		const s = paper.sections.find((x) => x.type === q.type)!;
		return { questionId: q.id, rev: q.rev, law: q.law, type: q.type, points: s.points, scoring: s.scoring, perOption: s.perOption, order: q.options.map((o) => o.key) };
	});
	const responses = new Map(picked.map((q) => [q.id, right ? q.answer : q.type === 'judge' ? !q.answer : q.type === 'single' ? (q.answer === 'A' ? 'B' : 'A') : ['A']] as const));
	const score = scoreExam(items, new Map(picked.map((q) => [q.id, q])), responses as never, paper.pass);
	return {
		id: randomUUID(), paperId: paper.id, paperTitle: paper.title, bankVersion: version, seed: 7, pass: paper.pass, total: paper.total, durationMs: 5_400_000,
		startedAt: Date.now() - 60_000, submittedAt: Date.now(), submitReason: 'manual', status: 'submitted', items, score,
		answers: picked.map((q) => ({ questionId: q.id, response: responses.get(q.id), at: Date.now() })), ...overrides
	};
}

function report(q: Question) {
	return { id: randomUUID(), questionId: q.id, rev: q.rev, reason: '答案有误', text: '请核对', at: Date.now(), bankVersion: version };
}

async function sync(user: SessionUser | null, body: unknown, raw?: string) {
	const event = fakeEvent(user, '/api/sync', { method: 'POST', body: raw ?? JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	const res = await syncPost(event as never);
	return { status: res.status, body: (await res.json()) as { held: string[]; rejected: { id: string; reason: string }[]; error?: string } };
}

const count = async (table: 'attempts' | 'exams' | 'exam_answers' | 'question_reports') =>
	Number((await world.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('POST /api/sync', () => {
	it('stores attempts, exams with answers, and reports, and lists what it holds', async () => {
		const cadre = world.users.cadre.user;
		const batch = { attempts: [attempt(ofType('judge')), attempt(ofType('single'))], exams: [exam(true)], reports: [report(ofType('multiple'))] };
		const res = await sync(cadre, batch);
		expect(res.status).toBe(200);
		expect(res.body.rejected).toEqual([]);
		expect(new Set(res.body.held)).toEqual(new Set([...batch.attempts, ...batch.exams, ...batch.reports].map((x) => x.id)));
		expect([await count('attempts'), await count('exams'), await count('exam_answers'), await count('question_reports')]).toEqual([2, 1, 3, 1]);
	});

	it('is idempotent: duplicates, resends and reordering store each record once', async () => {
		const cadre = world.users.cadre.user;
		const a = [attempt(ofType('judge')), attempt(ofType('single')), attempt(ofType('multiple'))];
		const e = exam(true);
		await sync(cadre, { attempts: [a[0], a[0]], exams: [e] });
		const again = await sync(cadre, { attempts: [a[2], a[1], a[0]], exams: [e, e] });
		expect(again.status).toBe(200);
		expect(new Set(again.body.held)).toEqual(new Set([...a.map((x) => x.id), e.id]));
		expect(await count('attempts')).toBe(3);
		expect(await count('exams')).toBe(1);
		expect(await count('exam_answers')).toBe(3);
	});

	it('rejects unknown versions, unknown questions and malformed items, and stores the rest', async () => {
		const cadre = world.users.cadre.user;
		const good = attempt(ofType('judge'));
		const oldVersion = attempt(ofType('judge'), { bankVersion: '0.0.1' });
		const noQuestion = attempt(ofType('judge'), { questionId: 'no-such-question' });
		const wrongRev = attempt(ofType('judge'), { rev: 999 });
		const bad = attempt(ofType('judge'), { response: 'Z' });
		const badPaper = exam(true, { paperId: 'no-such-paper' });
		const res = await sync(cadre, { attempts: [good, oldVersion, noQuestion, wrongRev, bad], exams: [badPaper] });
		expect(res.status).toBe(200);
		expect(res.body.held).toEqual([good.id]);
		const why = Object.fromEntries(res.body.rejected.map((r) => [r.id, r.reason]));
		expect(why).toEqual({ [oldVersion.id]: 'unknown-bank-version', [noQuestion.id]: 'unknown-question', [wrongRev.id]: 'unknown-question', [bad.id]: 'malformed', [badPaper.id]: 'unknown-paper' });
		expect(await count('attempts')).toBe(1);
	});

	it('answers 400 to a malformed batch and stores nothing of it', async () => {
		const cadre = world.users.cadre.user;
		for (const raw of ['{not json', '[]', JSON.stringify({ attempts: 'x' }), JSON.stringify({ attempts: [attempt(ofType('judge')), { id: 'not-a-uuid' }] })]) {
			const res = await sync(cadre, null, raw);
			expect(res.status, raw).toBe(400);
		}
		expect(await count('attempts')).toBe(0);
	});

	it('answers 413 to an oversized body', async () => {
		const res = await sync(world.users.cadre.user, null, JSON.stringify({ attempts: [], pad: 'x'.repeat(1_100_000) }));
		expect(res.status).toBe(413);
	});

	it('regrades exams on the server and flags a disagreement', async () => {
		const cadre = world.users.cadre.user;
		const honest = exam(true);
		const inflated = exam(false);
		inflated.score = { ...inflated.score, score: 100, passed: true };
		const res = await sync(cadre, { exams: [honest, inflated] });
		expect(res.body.held).toHaveLength(2);
		const rows = await world.ctx.db.selectFrom('exams').select(['id', 'score', 'client_score', 'passed', 'score_mismatch']).execute();
		const byId = new Map(rows.map((r) => [r.id, r]));
		expect(byId.get(honest.id)).toMatchObject({ score: 4, score_mismatch: 0 });
		expect(byId.get(inflated.id)).toMatchObject({ score: 0, client_score: 100, passed: 0, score_mismatch: 1 });
	});

	it('refuses exam items whose points do not match the paper', async () => {
		const e = exam(true);
		(e.items[0] as ExamItem).points = 50;
		const res = await sync(world.users.cadre.user, { exams: [e] });
		expect(res.body.rejected[0]).toMatchObject({ id: e.id, reason: 'malformed' });
		expect(await count('exams')).toBe(0);
	});

	it('never lets one cadre claim or overwrite another cadre’s record id', async () => {
		const a = attempt(ofType('judge'));
		await sync(world.users.cadre.user, { attempts: [a] });
		const res = await sync(world.users.otherCadre.user, { attempts: [{ ...a, response: !a.response }] });
		expect(res.body.held).toEqual([]);
		expect(res.body.rejected).toEqual([{ id: a.id, kind: 'attempt', reason: 'id-conflict' }]);
		const row = await world.ctx.db.selectFrom('attempts').selectAll().executeTakeFirstOrThrow();
		expect(row.user_id).toBe(world.users.cadre.id);
	});

	it('stores nothing when the transaction fails part-way', async () => {
		const cadre = world.users.cadre.user;
		const batch = { attempts: [attempt(ofType('judge'))], exams: [exam(true)] };
		// Make the exam_answers insert fail after the attempt and exam rows went in.
		await world.ctx.db.schema.dropTable('exam_answers').execute();
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const res = await sync(cadre, batch);
		expect(res.status).toBe(503);
		expect(await count('attempts')).toBe(0);
		expect(await count('exams')).toBe(0);
	});

	it('is for signed-in cadres only', async () => {
		const batch = { attempts: [attempt(ofType('judge'))] };
		expect((await sync(null, batch)).status).toBe(401);
		for (const who of ['admin', 'supParent', 'supTown', 'supOther'] as const) expect((await sync(world.users[who].user, batch)).status).toBe(403);
		expect((await sync({ ...world.users.cadre.user, mustChangePassword: true }, batch)).status).toBe(403);
		expect(await count('attempts')).toBe(0);
	});
});

describe('GET /api/me', () => {
	it('says who is signed in, and nothing for anonymous callers', async () => {
		const anon = await (await meGet(fakeEvent(null, '/api/me') as never)).json();
		expect(anon).toEqual({ user: null });
		const me = await (await meGet(fakeEvent(world.users.cadre.user, '/api/me') as never)).json();
		expect(me.user).toMatchObject({ id: world.users.cadre.id, role: 'cadre', displayName: '用户cadre' });
		expect(me.user).not.toHaveProperty('passwordHash');
	});
});
