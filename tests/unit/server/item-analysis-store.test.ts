import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeWorld, bankQuestions, fakeEvent, manifest, outcome, type World } from './support';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { load as itemsLoad } from '../../../src/routes/admin/items/+page.server';
import { getUnit } from '../../../src/lib/server/directory';
import { moveCadre } from '../../../src/lib/server/people';
import { requireStaff } from '../../../src/lib/server/access';
import { itemAnalysis } from '../../../src/lib/server/reports/item-analysis';
import { servedItemAnalysis } from '../../../src/lib/server/reports/item-analysis-store';
import { ItemAnalysisWarmer, itemAnalysisWarmer } from '../../../src/lib/server/reports/item-analysis-warmer';
import { rangeFromQuery } from '../../../src/lib/server/reports/dates';
import type { Unit } from '../../../src/lib/server/db/schema';
import type { SessionUser } from '../../../src/lib/server/auth/sessions';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => {
	await itemAnalysisWarmer(world.ctx).idle();
	itemAnalysisWarmer(world.ctx).stop();
	await world.close();
});

const DAY = 86_400_000;
const pool = bankQuestions().filter((x) => x.type === 'judge').slice(0, 6);
const range = () => rangeFromQuery(new URLSearchParams());

/** A sync through POST /api/sync, as a phone sends it: answers from yesterday. */
async function sync(user: SessionUser, count: number, rightShare = 0.5) {
	const at = Date.now() - DAY;
	const attempts = Array.from({ length: count }, (_, i) => {
		const q = pool[i % pool.length]!;
		const right = (i * 7) % 10 < rightShare * 10;
		return { id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: right ? q.answer : !q.answer, correct: right, ms: 1, at: at + i, bankVersion: manifest.version, source: 'practice' };
	});
	const res = await syncPost(fakeEvent(user, '/api/sync', { method: 'POST', body: JSON.stringify({ attempts, exams: [], reports: [] }), headers: { 'content-type': 'application/json' } }) as never);
	expect(res.status).toBe(200);
}

const bank = () => world.ctx.banks.get(world.ctx.currentBank!)!;
const unit = async (id: number) => (await getUnit(world.ctx.db, id)) as Unit;
const serve = async (id: number) => servedItemAnalysis(world.ctx.db, bank(), await unit(id), range(), world.ctx.currentBank!, { onStale: (key) => itemAnalysisWarmer(world.ctx).request(key) });
const fresh = async (id: number) => itemAnalysis(world.ctx.db, bank(), await unit(id), range());
/** Makes the stored results look slow to compute, as a county's are (3 s), so they are served stale. */
const pretendSlow = () => world.ctx.db.updateTable('item_analysis_cache').set({ compute_ms: 3000 }).execute();

describe('kept item analyses', () => {
	it('serves a stored result that is still exact, equal to a fresh computation', async () => {
		await sync(world.users.cadre.user, 12);
		const first = await serve(world.units.town);
		expect(first.source).toBe('computed');
		expect(first.items.length).toBeGreaterThan(0);
		const again = await serve(world.units.town);
		expect(again).toMatchObject({ source: 'stored', exact: true, computedAt: first.computedAt });
		expect(again.items).toEqual(await fresh(world.units.town));
	});

	it('shares one computation between simultaneous cold views', async () => {
		await sync(world.users.cadre.user, 12);
		const town = await unit(world.units.town);
		const view = (now: number) => servedItemAnalysis(world.ctx.db, bank(), town, range(), world.ctx.currentBank!, { now });
		const [a, b] = await Promise.all([view(1000), view(2000)]);
		expect(a).toMatchObject({ source: 'computed', computedAt: 1000 });
		expect(b).toMatchObject({ source: 'computed', computedAt: 1000 });
	});

	it('goes stale on a sync into the subtree, is served stale while slow, and the warm-up makes it exact again', async () => {
		await sync(world.users.cadre.user, 12);
		await serve(world.units.county);
		await pretendSlow();
		const before = await fresh(world.units.county);
		await sync(world.users.cadre.user, 9, 0.2);
		const stale = await serve(world.units.county);
		expect(stale).toMatchObject({ source: 'stale', exact: false });
		expect(stale.items).toEqual(before);
		expect(stale.items).not.toEqual(await fresh(world.units.county));
		// The sync woke the warmer, and the stale view asked for this key: after the background run
		// the stored result is exact again, without a view computing it.
		await itemAnalysisWarmer(world.ctx).idle();
		const warmed = await serve(world.units.county);
		expect(warmed).toMatchObject({ source: 'stored', exact: true });
		expect(warmed.items).toEqual(await fresh(world.units.county));
	});

	it('recomputes a cheap unit on the view instead of serving it stale', async () => {
		await sync(world.users.cadre.user, 12);
		await serve(world.units.town);
		await sync(world.users.cadre.user, 5, 0.1);
		const view = await serve(world.units.town);
		expect(view).toMatchObject({ source: 'computed', exact: true });
		expect(view.items).toEqual(await fresh(world.units.town));
	});

	it('stays exact after a sync outside the subtree, and after 纠错 outside the range', async () => {
		await sync(world.users.cadre.user, 12);
		await sync(world.users.otherCadre.user, 12);
		await serve(world.units.town);
		await pretendSlow();
		await sync(world.users.otherCadre.user, 7, 0.1);
		const report = { id: randomUUID(), questionId: pool[0]!.id, rev: pool[0]!.rev, reason: 'wrong-answer', text: '答案有误', at: Date.now() - 60 * DAY, bankVersion: manifest.version };
		const res = await syncPost(fakeEvent(world.users.cadre.user, '/api/sync', { method: 'POST', body: JSON.stringify({ attempts: [], exams: [], reports: [report] }), headers: { 'content-type': 'application/json' } }) as never);
		expect(((await res.json()) as { held: string[] }).held).toEqual([report.id]);
		expect(await serve(world.units.town)).toMatchObject({ source: 'stored', exact: true });
		// The county holds the other town: its result does go stale.
		await serve(world.units.county);
		await pretendSlow();
		await sync(world.users.otherCadre.user, 3);
		expect(await serve(world.units.county)).toMatchObject({ source: 'stale', exact: false });
	});

	it('goes stale when a 纠错 in the range arrives', async () => {
		await sync(world.users.cadre.user, 12);
		await serve(world.units.town);
		await pretendSlow();
		const report = { id: randomUUID(), questionId: pool[0]!.id, rev: pool[0]!.rev, reason: 'wrong-answer', text: '答案有误', at: Date.now() - DAY, bankVersion: manifest.version };
		await syncPost(fakeEvent(world.users.cadre.user, '/api/sync', { method: 'POST', body: JSON.stringify({ attempts: [], exams: [], reports: [report] }), headers: { 'content-type': 'application/json' } }) as never);
		expect(await serve(world.units.town)).toMatchObject({ source: 'stale', exact: false });
		await itemAnalysisWarmer(world.ctx).idle();
		const warmed = await serve(world.units.town);
		expect(warmed.source).toBe('stored');
		expect(warmed.items.find((i) => i.questionId === pool[0]!.id)?.reports).toBe(1);
	});

	it('goes stale for the old and the new unit when a cadre is moved (调动)', async () => {
		await sync(world.users.cadre.user, 12);
		await sync(world.users.otherCadre.user, 12);
		for (const id of [world.units.town, world.units.otherTown, world.units.village]) await serve(id);
		await pretendSlow();
		const staff = requireStaff(world.users.supParent.user, new URL('http://localhost/admin/people'));
		await moveCadre(world.ctx, staff, world.users.cadre.id, world.units.otherTown);
		for (const id of [world.units.town, world.units.otherTown, world.units.village]) expect((await serve(id)).source).toBe('stale');
		await itemAnalysisWarmer(world.ctx).idle();
		for (const id of [world.units.town, world.units.otherTown]) {
			const view = await serve(id);
			expect(view.source).toBe('stored');
			expect(view.items).toEqual(await fresh(id));
		}
		// The village has no cadre left: its recomputed analysis is empty.
		expect((await serve(world.units.village)).items).toEqual([]);
	});

	it('keeps the default range warm across China midnight for units that had yesterday’s', async () => {
		await sync(world.users.cadre.user, 12);
		await serve(world.units.town);
		const now = Date.now() + DAY;
		const warmer = new ItemAnalysisWarmer(world.ctx, { now: () => now, quietMs: 10 });
		warmer.start();
		await warmer.idle();
		warmer.stop();
		const tomorrow = rangeFromQuery(new URLSearchParams(), now);
		const stored = await world.ctx.db.selectFrom('item_analysis_cache').select(['range_from', 'range_to', 'items']).where('unit_id', '=', world.units.town).where('range_from', '=', tomorrow.from).executeTakeFirst();
		expect(stored?.range_to).toBe(tomorrow.to);
		expect(JSON.parse(stored!.items)).toEqual(await itemAnalysis(world.ctx.db, bank(), await unit(world.units.town), tomorrow));
	});

	it('keeps at most five results per unit', async () => {
		await sync(world.users.cadre.user, 6);
		const town = await unit(world.units.town);
		for (let i = 0; i < 8; i++) {
			const r = rangeFromQuery(new URLSearchParams(`to=2026-11-${10 + i}`));
			await servedItemAnalysis(world.ctx.db, bank(), town, r, world.ctx.currentBank!, { now: Date.now() + i });
		}
		const rows = await world.ctx.db.selectFrom('item_analysis_cache').select('range_to').where('unit_id', '=', world.units.town).execute();
		expect(rows).toHaveLength(5);
	});
});

describe('/admin/items with kept results', () => {
	it('shows the time, the updating line when stale, and never another subtree’s result', async () => {
		await sync(world.users.cadre.user, 12);
		const view = (user: SessionUser, unitId: number) => outcome(() => itemsLoad(fakeEvent(user, `/admin/items?unit=${unitId}`) as never));
		const first = (await view(world.users.supTown.user, world.units.town)) as { status: number; data: { computedAt: string; exact: boolean; total: number } };
		expect(first.status).toBe(200);
		expect(first.data.computedAt).toMatch(/^\d\d:\d\d$/);
		expect(first.data).toMatchObject({ exact: true });
		expect(first.data.total).toBeGreaterThan(0);
		// A supervisor of the other town gets the same 404 as before, stored result or not.
		expect((await view(world.users.supOther.user, world.units.town)).status).toBe(404);
		expect((await view(world.users.cadre.user, world.units.town)).status).toBe(403);
		await pretendSlow();
		await sync(world.users.cadre.user, 4, 0.1);
		const stale = (await view(world.users.supParent.user, world.units.town)) as { data: { exact: boolean } };
		expect(stale.data.exact).toBe(false);
	});
});
