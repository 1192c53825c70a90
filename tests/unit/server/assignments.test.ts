/**
 * Assigned exams on the server: who may publish, withdraw, list and export (the access matrix),
 * what GET /api/assignments shows a cadre, and when a synced exam is marked as the assignment's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { makeWorld, bankQuestions, manifest, fakeEvent, outcome, type World } from './support';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';
import { load as pageLoad, actions } from '../../../src/routes/admin/assignments/+page.server';
import { GET as exportGet } from '../../../src/routes/admin/assignments/export/+server';
import { GET as assignmentsGet } from '../../../src/routes/api/assignments/+server';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { scoreExam } from '../../../src/lib/core/exam-scoring';
import type { ExamItem } from '../../../src/lib/core/exam-assembly';
import type { QuestionType } from '../../../src/lib/core/bank-types';
import { formatChinaDateTimeInput, parseChinaDateTime } from '../../../src/lib/server/assignments/window';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

type Who = 'anonymous' | 'cadre' | 'supOther' | 'supParent' | 'supTown' | 'admin';
const everyone: Who[] = ['anonymous', 'cadre', 'supOther', 'supParent', 'supTown', 'admin'];
const userOf = (who: Who): SessionUser | null => (who === 'anonymous' ? null : world.users[who].user);
/** What each caller gets for something inside 城关镇 (the town holding the cadre's village). */
const expectedForTown: Record<Who, number> = { anonymous: 303, cadre: 403, supOther: 404, supParent: 200, supTown: 200, admin: 200 };

const HOUR = 3_600_000;
const paper = manifest.papers.find((p) => p.predict)!;
const otherPaper = manifest.papers.find((p) => !p.predict)!;
const questions = bankQuestions();

/** Inserts an assignment directly (publishing itself is tested through the action). */
async function assignment(unitId: number, overrides: Partial<{ paper_id: string; opens_at: number; closes_at: number; withdrawn: number; title: string }> = {}) {
	const now = Date.now();
	const { id } = await world.ctx.db
		.insertInto('assignments')
		.values({ unit_id: unitId, paper_id: paper.id, title: '十一月考试', opens_at: now - HOUR, closes_at: now + 24 * HOUR, created_by: world.users.admin.id, created_at: now, withdrawn: 0, ...overrides })
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

function exam(overrides: Record<string, unknown> = {}) {
	const picked = (['judge', 'single', 'multiple'] as QuestionType[]).map((t) => questions.find((q) => q.type === t)!);
	const items: ExamItem[] = picked.map((q) => {
		const s = paper.sections.find((x) => x.type === q.type)!;
		return { questionId: q.id, rev: q.rev, law: q.law, type: q.type, points: s.points, scoring: s.scoring, perOption: s.perOption, order: q.options.map((o) => o.key) };
	});
	const responses = new Map(picked.map((q) => [q.id, q.answer] as const));
	const score = scoreExam(items, new Map(picked.map((q) => [q.id, q])), responses as never, paper.pass);
	return {
		id: randomUUID(), paperId: paper.id, paperTitle: paper.title, bankVersion: manifest.version, seed: 7, pass: paper.pass, total: paper.total, durationMs: paper.durationMinutes * 60_000,
		startedAt: Date.now() - 60_000, submittedAt: Date.now(), submitReason: 'manual', items, score,
		answers: picked.map((q) => ({ questionId: q.id, response: responses.get(q.id), at: Date.now() })), ...overrides
	};
}

async function sync(user: SessionUser, exams: unknown[]) {
	const res = await syncPost(fakeEvent(user, '/api/sync', { method: 'POST', body: JSON.stringify({ exams }), headers: { 'content-type': 'application/json' } }) as never);
	return { status: res.status, body: (await res.json()) as { held: string[]; rejected: unknown[] } };
}

const markOf = async (id: string) => (await world.ctx.db.selectFrom('exams').select('assignment_id').where('id', '=', id).executeTakeFirstOrThrow()).assignment_id;

async function cadreList(who: Who) {
	const res = await assignmentsGet(fakeEvent(userOf(who), '/api/assignments') as never);
	return { status: res.status, body: (await res.json()) as { assignments: { id: number; done: boolean; paperId: string }[] } };
}

const publishForm = (unitId: number, extra: Record<string, string> = {}) => ({
	unitId: String(unitId),
	paperId: paper.id,
	title: '第一季度考试',
	opens: formatChinaDateTimeInput(Date.now() - HOUR),
	closes: formatChinaDateTimeInput(Date.now() + 48 * HOUR),
	...extra
});

describe('publishing (access matrix)', () => {
	it('publishing to 城关镇 follows the matrix, and only what was allowed is stored', async () => {
		for (const who of everyone) {
			const res = await outcome(() => actions.publish!(fakeEvent(userOf(who), '/admin/assignments?/publish', { form: publishForm(world.units.town, { title: `任务${who}` }) }) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
		}
		const rows = await world.ctx.db.selectFrom('assignments').select(['title', 'unit_id', 'paper_id']).orderBy('id').execute();
		expect(rows).toEqual(['supParent', 'supTown', 'admin'].map((who) => ({ title: `任务${who}`, unit_id: world.units.town, paper_id: paper.id })));
	});

	it('a supervisor cannot publish above their unit or to a unit that does not exist', async () => {
		for (const unitId of [world.units.county, world.units.otherTown, 99999]) {
			const res = await outcome(() => actions.publish!(fakeEvent(userOf('supTown'), '/admin/assignments?/publish', { form: publishForm(unitId) }) as never));
			expect(res.status, String(unitId)).toBe(404);
		}
	});

	it('refuses an unknown paper, a window backwards, in the past, or shorter than the paper', async () => {
		const now = Date.now();
		const cases: Record<string, string>[] = [
			{ paperId: 'no-such-paper' },
			{ opens: formatChinaDateTimeInput(now + 5 * HOUR), closes: formatChinaDateTimeInput(now + 4 * HOUR) },
			{ opens: formatChinaDateTimeInput(now - 5 * HOUR), closes: formatChinaDateTimeInput(now - 4 * HOUR) },
			{ opens: formatChinaDateTimeInput(now), closes: formatChinaDateTimeInput(now + HOUR) },
			{ opens: '2026-13-01T10:00' }
		];
		for (const extra of cases) {
			const res = await outcome(() => actions.publish!(fakeEvent(userOf('supTown'), '/admin/assignments?/publish', { form: publishForm(world.units.town, extra) }) as never));
			expect(res.status, JSON.stringify(extra)).toBe(400);
		}
		expect(await world.ctx.db.selectFrom('assignments').selectAll().execute()).toEqual([]);
	});

	it('the page follows the matrix and lists the town’s assignment with who took it and who did not', async () => {
		const id = await assignment(world.units.town);
		await assignment(world.units.otherTown, { title: '河西镇的任务' });
		await sync(world.users.cadre.user, [exam({ assignmentId: id })]);
		for (const who of everyone) {
			const res = await outcome(() => pageLoad(fakeEvent(userOf(who), `/admin/assignments?unit=${world.units.town}`) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
			if (res.status !== 200) continue;
			const { assignments } = res.data as { assignments: { id: number; title: string; taken: { name: string; score: number; passed: boolean }[]; missing: unknown[] }[] };
			expect(assignments.map((a) => a.id)).toEqual([id]);
			expect(assignments[0]!.taken).toMatchObject([{ name: '用户cadre', score: 4, passed: false }]);
			expect(assignments[0]!.missing).toEqual([]);
		}
	});

	it('a county assignment shows on the town’s page over the town’s cadres only, and cannot be withdrawn from there', async () => {
		const id = await assignment(world.units.county);
		const res = await outcome(() => pageLoad(fakeEvent(userOf('supTown'), `/admin/assignments?unit=${world.units.town}`) as never));
		const [view] = (res.data as { assignments: { id: number; canWithdraw: boolean; missing: { userId: number }[] }[] }).assignments;
		expect(view).toMatchObject({ id, canWithdraw: false });
		expect(view!.missing.map((m) => m.userId)).toEqual([world.users.cadre.id]);
		const atCounty = await outcome(() => pageLoad(fakeEvent(userOf('supParent'), `/admin/assignments?unit=${world.units.county}`) as never));
		const [countyView] = (atCounty.data as { assignments: { canWithdraw: boolean; missing: { userId: number }[] }[] }).assignments;
		expect(countyView!.canWithdraw).toBe(true);
		expect(countyView!.missing.map((m) => m.userId).sort()).toEqual([world.users.cadre.id, world.users.otherCadre.id].sort());
	});

	it('withdrawing follows the matrix; a county assignment is 404 for the town’s supervisor', async () => {
		const county = await assignment(world.units.county);
		expect((await outcome(() => actions.withdraw!(fakeEvent(userOf('supTown'), '/admin/assignments?/withdraw', { form: { assignmentId: String(county) } }) as never))).status).toBe(404);
		for (const who of everyone) {
			const id = await assignment(world.units.town);
			const res = await outcome(() => actions.withdraw!(fakeEvent(userOf(who), '/admin/assignments?/withdraw', { form: { assignmentId: String(id) } }) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
			const row = await world.ctx.db.selectFrom('assignments').select('withdrawn').where('id', '=', id).executeTakeFirstOrThrow();
			expect(row.withdrawn, who).toBe(res.status === 200 ? 1 : 0);
		}
		expect((await outcome(() => actions.withdraw!(fakeEvent(userOf('admin'), '/admin/assignments?/withdraw', { form: { assignmentId: '99999' } }) as never))).status).toBe(404);
	});

	it('the Excel export follows the matrix, and an assignment of another unit is 404', async () => {
		const id = await assignment(world.units.town);
		const foreign = await assignment(world.units.otherTown);
		await sync(world.users.cadre.user, [exam({ assignmentId: id })]);
		for (const who of everyone) {
			const res = await outcome(() => exportGet(fakeEvent(userOf(who), `/admin/assignments/export?unit=${world.units.town}&id=${id}`) as never));
			expect(res.status, who).toBe(expectedForTown[who]);
		}
		const res = await outcome(() => exportGet(fakeEvent(userOf('supTown'), `/admin/assignments/export?unit=${world.units.town}&id=${foreign}`) as never));
		expect(res.status).toBe(404);
		const ok = (await outcome(() => exportGet(fakeEvent(userOf('supTown'), `/admin/assignments/export?unit=${world.units.town}&id=${id}`) as never))).data as Response;
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await ok.arrayBuffer());
		const sheet = wb.getWorksheet('考试任务')!;
		expect(String(sheet.getCell('A1').value)).toContain('十一月考试');
		expect((sheet.getRow(4).values as unknown[]).slice(1, 8)).toEqual([1, '用户cadre', '青山县 / 城关镇 / 东风村', '已考', 4, 4, '不及格']);
	});
});

describe('GET /api/assignments', () => {
	it('answers cadres only: 401 anonymous, 403 supervisors and admins', async () => {
		const status = Object.fromEntries(await Promise.all(everyone.map(async (who) => [who, (await cadreList(who)).status])));
		expect(status).toEqual({ anonymous: 401, cadre: 200, supOther: 403, supParent: 403, supTown: 403, admin: 403 });
	});

	it('lists open and upcoming assignments of the cadre’s unit and those above it, not others', async () => {
		const now = Date.now();
		const village = await assignment(world.units.village);
		const town = await assignment(world.units.town, { opens_at: now + 2 * HOUR, closes_at: now + 5 * HOUR });
		const county = await assignment(world.units.county);
		const otherTown = await assignment(world.units.otherTown);
		await assignment(world.units.town, { withdrawn: 1 });
		await assignment(world.units.town, { opens_at: now - 5 * HOUR, closes_at: now - HOUR });
		const { body } = await cadreList('cadre');
		expect(body.assignments.map((a) => a.id).sort()).toEqual([village, town, county].sort());
		const other = await cadreList('otherCadre' as Who);
		expect(other.body.assignments.map((a) => a.id).sort()).toEqual([county, otherTown].sort());
	});

	it('says which the server already holds a marked exam for', async () => {
		const a = await assignment(world.units.town);
		const b = await assignment(world.units.town);
		expect((await cadreList('cadre')).body.assignments.every((x) => !x.done)).toBe(true);
		await sync(world.users.cadre.user, [exam({ assignmentId: a })]);
		const done = Object.fromEntries((await cadreList('cadre')).body.assignments.map((x) => [x.id, x.done]));
		expect(done).toEqual({ [a]: true, [b]: false });
	});
});

describe('marking synced exams', () => {
	it('marks an exam started inside the window of the cadre’s assignment', async () => {
		const id = await assignment(world.units.county);
		const e = exam({ assignmentId: id });
		const res = await sync(world.users.cadre.user, [e]);
		expect(res.body.held).toEqual([e.id]);
		expect(await markOf(e.id)).toBe(id);
	});

	it('stores but does not mark: withdrawn, another unit’s, another paper, unknown, malformed id', async () => {
		const withdrawn = await assignment(world.units.town, { withdrawn: 1 });
		const foreign = await assignment(world.units.otherTown);
		const otherPaperAssignment = await assignment(world.units.town, { paper_id: otherPaper.id });
		const cases = [exam({ assignmentId: withdrawn }), exam({ assignmentId: foreign }), exam({ assignmentId: otherPaperAssignment }), exam({ assignmentId: 99999 }), exam({ assignmentId: 'abc' }), exam({ assignmentId: -3 }), exam()];
		const res = await sync(world.users.cadre.user, cases);
		expect(res.body.rejected).toEqual([]);
		expect(res.body.held.sort()).toEqual(cases.map((c) => c.id).sort());
		for (const [i, c] of cases.entries()) expect(await markOf(c.id), `case ${i}`).toBeNull();
	});

	it('the window: five minutes of clock skew either side, no more', async () => {
		const now = Date.now();
		const opens = now - 10 * HOUR;
		const closes = now - 2 * HOUR;
		const id = await assignment(world.units.town, { opens_at: opens, closes_at: closes });
		const at = (startedAt: number) => exam({ assignmentId: id, startedAt, submittedAt: startedAt + 60_000 });
		const inside = [at(opens), at(opens - 4 * 60_000), at(closes + 4 * 60_000), at(opens + HOUR)];
		const outside = [at(opens - 6 * 60_000), at(closes + 6 * 60_000)];
		await sync(world.users.cadre.user, [...inside, ...outside]);
		for (const e of inside) expect(await markOf(e.id), `${e.startedAt - opens}`).toBe(id);
		for (const e of outside) expect(await markOf(e.id), `${e.startedAt - opens}`).toBeNull();
	});

	it('a resent exam keeps its first marking, and the batch stays one transaction', async () => {
		const id = await assignment(world.units.town);
		const e = exam({ assignmentId: id });
		await sync(world.users.cadre.user, [e]);
		await world.ctx.db.updateTable('assignments').set({ withdrawn: 1 }).execute();
		const again = await sync(world.users.cadre.user, [e]);
		expect(again.body.held).toEqual([e.id]);
		expect(await markOf(e.id)).toBe(id);
		expect(Number((await world.ctx.db.selectFrom('exams').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
	});
});

describe('China time in the form', () => {
	it('reads datetime-local values as UTC+8 and refuses impossible ones', () => {
		expect(parseChinaDateTime('2026-11-27T08:00')).toBe(Date.UTC(2026, 10, 27, 0, 0));
		expect(formatChinaDateTimeInput(Date.UTC(2026, 10, 26, 16, 30))).toBe('2026-11-27T00:30');
		for (const bad of ['2026-02-30T10:00', '2026-11-27T24:00', '2026-11-27', '', null]) expect(parseChinaDateTime(bad), String(bad)).toBeNull();
	});
});
