/**
 * Item analyses kept, not recomputed on every view: a county's takes ~3 s (each cadre's latest
 * answer per question over a million attempts), so a result is stored per unit, date range and
 * bank version with what it counted: the highest attempts.rowid and question_reports.rowid read in
 * the same transaction as the computation. reports/item-analysis-store.ts decides from those marks
 * whether a stored result is still exact (no newer attempt or 纠错 of the subtree in the range).
 *
 * What rowid marks cannot see marks results stale here, in the writing transaction, whatever code
 * path writes: moving a cadre (or changing a role) stales the results of the units above the old
 * and the new unit; deleting or rewriting an attempt or a report (rare: tools, tests) stales all.
 * SQLite dialect (json_each): a PostgreSQL port needs its own triggers.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The unit and its ancestors, from the unit's materialised path '/1/4/9/'. */
const unitAndAbove = (unitId: string) => `SELECT value FROM json_each('[' || replace(trim((SELECT path FROM units WHERE id = ${unitId}), '/'), '/', ',') || ']')`;

export const itemAnalysisCacheMigration: Migration = {
	async up(db: Kysely<unknown>) {
		await sql`CREATE TABLE item_analysis_cache (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			unit_id INTEGER NOT NULL REFERENCES units (id),
			range_from BIGINT NOT NULL,
			range_to BIGINT NOT NULL,
			bank_version TEXT NOT NULL,
			computed_at BIGINT NOT NULL,
			attempts_mark INTEGER NOT NULL,
			reports_mark INTEGER NOT NULL,
			compute_ms INTEGER NOT NULL,
			stale INTEGER NOT NULL DEFAULT 0,
			items TEXT NOT NULL,
			UNIQUE (unit_id, range_from, range_to, bank_version)
		)`.execute(db);
		const staleAll = 'UPDATE item_analysis_cache SET stale = 1 WHERE stale = 0;';
		const triggers = [
			`CREATE TRIGGER item_analysis_cache_move AFTER UPDATE OF unit_id, role ON users
				WHEN (OLD.role = 'cadre' OR NEW.role = 'cadre') AND (OLD.unit_id IS NOT NEW.unit_id OR OLD.role IS NOT NEW.role) BEGIN
				UPDATE item_analysis_cache SET stale = 1 WHERE unit_id IN (${unitAndAbove('OLD.unit_id')}) OR unit_id IN (${unitAndAbove('NEW.unit_id')}); END`,
			`CREATE TRIGGER item_analysis_cache_attempt_delete AFTER DELETE ON attempts BEGIN ${staleAll} END`,
			`CREATE TRIGGER item_analysis_cache_attempt_update AFTER UPDATE OF user_id, question_id, at, correct, response ON attempts BEGIN ${staleAll} END`,
			`CREATE TRIGGER item_analysis_cache_report_delete AFTER DELETE ON question_reports BEGIN ${staleAll} END`,
			`CREATE TRIGGER item_analysis_cache_report_update AFTER UPDATE OF user_id, question_id, at ON question_reports BEGIN ${staleAll} END`
		];
		for (const t of triggers) await sql.raw(t).execute(db);
	},
	async down(db: Kysely<unknown>) {
		for (const t of ['move', 'attempt_delete', 'attempt_update', 'report_delete', 'report_update']) await sql.raw(`DROP TRIGGER IF EXISTS item_analysis_cache_${t}`).execute(db);
		await sql`DROP TABLE item_analysis_cache`.execute(db);
	}
};
