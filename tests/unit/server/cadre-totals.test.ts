import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { makeWorld, bankQuestions, manifest, type World } from './support';
import { createUser, getUnit } from '../../../src/lib/server/directory';
import { ingestBatch } from '../../../src/lib/server/sync/ingest';
import { unitReport } from '../../../src/lib/server/reports/unit-report';
import { dayStart, rangeFromQuery } from '../../../src/lib/server/reports/dates';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let world: World;
beforeEach(async () => (world = await makeWorld()));
afterEach(async () => world.close());

const DAY = 86_400_000;
const CST = 8 * 3_600_000;
const now = dayStart('2026-11-27')! + 10 * 3_600_000;
const pool = bankQuestions().filter((x) => x.type === 'judge').slice(0, 8);

function random(seed: number) {
	let s = seed;
	return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Random syncs: resent batches, repeated ids, answers either side of China midnight, out of time order. */
async function randomSyncs(cadres: number[], rand: () => number) {
	const sent: unknown[] = [];
	for (let b = 0; b < 40; b++) {
		const userId = cadres[Math.floor(rand() * cadres.length)]!;
		const attempts = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => {
			const q = pool[Math.floor(rand() * pool.length)]!;
			const right = rand() < 0.6;
			const at = dayStart('2026-11-20')! + Math.floor(rand() * 6) * DAY + Math.floor((rand() - 0.5) * 600_000);
			return { id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response: right ? q.answer : !q.answer, correct: right, ms: 1, at, bankVersion: manifest.version, source: 'practice' };
		});
		const resent = sent.filter(() => rand() < 0.1);
		await ingestBatch(world.ctx.db, world.ctx.banks, userId, { attempts: [...attempts, ...resent, ...(attempts.length > 1 ? [attempts[0]] : [])], exams: [], reports: [] }, now);
		sent.push(...attempts);
	}
}

/** The running totals recounted from the attempts: per cadre and day with answers. */
async function recount() {
	const all = await world.ctx.db.selectFrom('attempts').select(['user_id', 'at', 'correct']).orderBy('user_id').orderBy('at').execute();
	const rows: { user_id: number; day: number; answered_through: number; right_through: number; last_at: number }[] = [];
	for (const a of all) {
		const day = Math.floor((a.at + CST) / DAY);
		const prev = rows.at(-1);
		const same = prev && prev.user_id === a.user_id;
		if (same && prev.day === day) {
			prev.answered_through++;
			prev.right_through += a.correct;
			prev.last_at = Math.max(prev.last_at, a.at);
		} else rows.push({ user_id: a.user_id, day, answered_through: (same ? prev.answered_through : 0) + 1, right_through: (same ? prev.right_through : 0) + a.correct, last_at: a.at });
	}
	return rows;
}

const stored = () => world.ctx.db.selectFrom('cadre_totals').select(['user_id', 'day', 'answered_through', 'right_through', 'last_at']).orderBy('user_id').orderBy('day').execute();

describe('running totals per cadre (migration 0009)', () => {
	it('equal a recount after random syncs, deletes and rewritten attempts, and give the report its counts', async () => {
		const cadres: number[] = [];
		for (let i = 0; i < 5; i++) cadres.push((await createUser(world.ctx.db, { username: `t${i}`, displayName: `干部${i}`, role: 'cadre', unitId: i % 2 ? world.units.village : world.units.town, password: 'x1234567' })).id);
		const rand = random(23);
		await randomSyncs(cadres, rand);
		expect(await stored()).toEqual(await recount());

		// Deleting attempts (a whole day of one cadre, and single ones), and rewriting some.
		const db = world.ctx.db;
		const some = await db.selectFrom('attempts').select(['id', 'user_id', 'at']).orderBy('id').execute();
		const victim = some[0]!;
		const victimDay = Math.floor((victim.at + CST) / DAY);
		await db.deleteFrom('attempts').where('user_id', '=', victim.user_id).where('at', '>=', victimDay * DAY - CST).where('at', '<', (victimDay + 1) * DAY - CST).execute();
		// Checked at once: a rewrite below may move another attempt of the cadre into that day.
		expect((await stored()).some((r) => r.user_id === victim.user_id && r.day === victimDay)).toBe(false);
		expect(await stored()).toEqual(await recount());
		for (const a of some.slice(5, 12)) await db.deleteFrom('attempts').where('id', '=', a.id).execute();
		for (const a of some.slice(20, 26)) await db.updateTable('attempts').set({ at: a.at + 2 * DAY, correct: 1 }).where('id', '=', a.id).execute();
		await db.updateTable('attempts').set({ user_id: cadres[0]! }).where('id', '=', some[30]!.id).execute();
		expect(await stored()).toEqual(await recount());
		await randomSyncs(cadres, rand);
		expect(await stored()).toEqual(await recount());

		// The overview's counts and last activity equal those counted from the attempts, for whole
		// days (the totals) and for a range cutting through days (the attempts).
		const all = await db.selectFrom('attempts').select(['user_id', 'at', 'correct']).execute();
		const county = (await getUnit(db, world.units.county))!;
		const ranges = [rangeFromQuery(new URLSearchParams('from=2026-11-21&to=2026-11-23'), now), { from: dayStart('2026-11-21')! + 3_600_000, to: dayStart('2026-11-24')! - 1 }];
		for (const range of ranges) {
			const report = await unitReport(db, county, range, { predictPaper: 'comprehensive', now });
			expect(report.cadres.length).toBeGreaterThanOrEqual(5);
			for (const c of report.cadres) {
				const mine = all.filter((a) => a.user_id === c.id);
				const inRange = mine.filter((a) => a.at >= range.from && a.at < range.to);
				expect([c.answered, c.right]).toEqual([inRange.length, inRange.reduce((s, a) => s + a.correct, 0)]);
				expect(c.lastActive).toBe(mine.length ? Math.max(...mine.map((a) => a.at)) : null);
			}
			expect(report.summary.answered).toBeGreaterThan(0);
		}
	});
});
