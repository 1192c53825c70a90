/**
 * Item analyses kept rather than recomputed on every view (migration 0008-item-analysis-cache).
 * A county's analysis needs each cadre's latest answer per question in the range (a million pairs
 * for 30 days, ~3 s); no running tally gives it exactly. So a computed result is stored per unit,
 * date range and bank version, with the highest attempts and 纠错 rowids it saw, and on a view:
 *
 * - a stored result that is still exact (no attempt or report of the subtree in the range above
 *   its marks, and not marked stale by a trigger) is served as is;
 * - a stale one is served when computing it took SLOW_MS or more, with its time and a note that
 *   newer practice is being counted; the warmer (item-analysis-warmer.ts) recomputes it later;
 * - a stale one of a cheap unit (a town: ~190 ms) is recomputed on the view, as is a missing one.
 *
 * Access is checked before any of this (adminScope), and results are keyed by unit id, so a
 * supervisor can only ever be served the result of a unit in their own subtree.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Unit } from '../db/schema';
import type { ArchivedBank } from '../bank-archive';
import { itemAnalysis, type ItemStats } from './item-analysis';
import type { DateRange } from './unit-report';

/** A computation at least this slow is worth serving stale (the reports' target is 300 ms). */
export const SLOW_MS = 300;
/** Stored results kept per unit (the newest by computation time); older ones are pruned. */
export const KEEP_PER_UNIT = 5;

export interface ItemAnalysisKey {
	unitId: number;
	from: number;
	to: number;
	bankVersion: string;
}

export interface ServedItemAnalysis {
	items: ItemStats[];
	/** When the served figures were computed (epoch ms). */
	computedAt: number;
	/** False when newer practice exists than the figures count (a recomputation is queued). */
	exact: boolean;
	/** 'stored': an exact stored result; 'stale': a stale one; 'computed': computed for this view. */
	source: 'stored' | 'stale' | 'computed';
}

type StoredRow = { id: number; computed_at: number; attempts_mark: number; reports_mark: number; compute_ms: number; stale: number; items: string };

// Written as IN (units) rather than a join: inside EXISTS, with the path as a bound parameter,
// SQLite otherwise builds an automatic index on users by role alone and scans every cadre once
// per unit (170 ms for a county instead of 5).
const cadresOf = (unit: Unit) => sql`SELECT users.id FROM users WHERE users.role = 'cadre' AND users.unit_id IN (SELECT id FROM units WHERE path LIKE ${`${unit.path}%`})`;

async function stored(db: Db, key: ItemAnalysisKey): Promise<StoredRow | undefined> {
	return db
		.selectFrom('item_analysis_cache')
		.select(['id', 'computed_at', 'attempts_mark', 'reports_mark', 'compute_ms', 'stale', 'items'])
		.where('unit_id', '=', key.unitId)
		.where('range_from', '=', key.from)
		.where('range_to', '=', key.to)
		.where('bank_version', '=', key.bankVersion)
		.executeTakeFirst();
}

/**
 * True when nothing the analysis counts has changed since it was computed. The newer rows are
 * found by rowid (`+` keeps SQLite off the (user_id, at) index, which would read the whole range):
 * the cost is the number of attempts stored since, not the size of the range.
 */
async function stillExact(db: Db, unit: Unit, range: DateRange, row: Pick<StoredRow, 'stale' | 'attempts_mark' | 'reports_mark'>): Promise<boolean> {
	if (row.stale) return false;
	const { rows } = await sql<{ newer: number }>`
		SELECT EXISTS (SELECT 1 FROM attempts WHERE rowid > ${row.attempts_mark} AND +at >= ${range.from} AND +at < ${range.to} AND +user_id IN (${cadresOf(unit)}))
			OR EXISTS (SELECT 1 FROM question_reports WHERE rowid > ${row.reports_mark} AND +at >= ${range.from} AND +at < ${range.to} AND +user_id IN (${cadresOf(unit)})) AS newer`.execute(db);
	return !rows[0]?.newer;
}

/** Computes the analysis and stores it with its marks; prunes the unit's older results. */
export async function computeAndStore(db: Db, bank: ArchivedBank, unit: Unit, range: DateRange, bankVersion: string, now = Date.now()): Promise<{ items: ItemStats[]; computedAt: number }> {
	const started = performance.now();
	// One transaction: the marks and the figures see the same snapshot (Kysely holds the single
	// connection, so no sync can write between the two reads).
	const { items, marks } = await db.transaction().execute(async (trx) => {
		const { rows } = await sql<{ a: number; r: number }>`SELECT (SELECT coalesce(max(rowid), 0) FROM attempts) AS a, (SELECT coalesce(max(rowid), 0) FROM question_reports) AS r`.execute(trx);
		return { marks: rows[0]!, items: await itemAnalysis(trx, bank, unit, range) };
	});
	const computeMs = Math.round(performance.now() - started);
	const values = { computed_at: now, attempts_mark: Number(marks.a), reports_mark: Number(marks.r), compute_ms: computeMs, stale: 0, items: JSON.stringify(items) };
	await db
		.insertInto('item_analysis_cache')
		.values({ unit_id: unit.id, range_from: range.from, range_to: range.to, bank_version: bankVersion, ...values })
		.onConflict((oc) => oc.columns(['unit_id', 'range_from', 'range_to', 'bank_version']).doUpdateSet(values))
		.execute();
	const keep = db.selectFrom('item_analysis_cache').select('id').where('unit_id', '=', unit.id).orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(KEEP_PER_UNIT);
	await db.deleteFrom('item_analysis_cache').where('unit_id', '=', unit.id).where('id', 'not in', keep).execute();
	return { items, computedAt: now };
}

/**
 * What /admin/items shows for a unit and range. `onStale` is called when a stale result is served
 * (the caller queues its recomputation off the request).
 */
export async function servedItemAnalysis(
	db: Db,
	bank: ArchivedBank,
	unit: Unit,
	range: DateRange,
	bankVersion: string,
	options: { now?: number; onStale?: (key: ItemAnalysisKey) => void } = {}
): Promise<ServedItemAnalysis> {
	const key = { unitId: unit.id, from: range.from, to: range.to, bankVersion };
	const row = await stored(db, key);
	if (row) {
		if (await stillExact(db, unit, range, row)) return { items: JSON.parse(row.items) as ItemStats[], computedAt: row.computed_at, exact: true, source: 'stored' };
		if (row.compute_ms >= SLOW_MS) {
			options.onStale?.(key);
			return { items: JSON.parse(row.items) as ItemStats[], computedAt: row.computed_at, exact: false, source: 'stale' };
		}
	}
	// Two supervisors opening the same cold county at once share one computation.
	const running = inflight.get(db) ?? new Map<string, Promise<{ items: ItemStats[]; computedAt: number }>>();
	inflight.set(db, running);
	const id = `${key.unitId}:${key.from}:${key.to}:${key.bankVersion}`;
	let computation = running.get(id);
	if (!computation) {
		computation = computeAndStore(db, bank, unit, range, bankVersion, options.now).finally(() => running.delete(id));
		running.set(id, computation);
	}
	return { ...(await computation), exact: true, source: 'computed' };
}

const inflight = new WeakMap<Db, Map<string, Promise<{ items: ItemStats[]; computedAt: number }>>>();

/** Recomputes a stored result unless it is still exact; true when it recomputed. */
export async function refreshIfStale(db: Db, bank: ArchivedBank, unit: Unit, range: DateRange, bankVersion: string, now = Date.now()): Promise<boolean> {
	const row = await stored(db, { unitId: unit.id, from: range.from, to: range.to, bankVersion });
	if (row && (await stillExact(db, unit, range, row))) return false;
	await computeAndStore(db, bank, unit, range, bankVersion, now);
	return true;
}

/** Units with a stored result for any of these ranges (any bank version): the ones kept warm. */
export async function unitsWithResults(db: Db, ranges: DateRange[]): Promise<number[]> {
	if (ranges.length === 0) return [];
	const rows = await db
		.selectFrom('item_analysis_cache')
		.select('unit_id')
		.distinct()
		.where((eb) => eb.or(ranges.map((r) => eb.and([eb('range_from', '=', r.from), eb('range_to', '=', r.to)]))))
		.orderBy('unit_id')
		.execute();
	return rows.map((r) => r.unit_id);
}
