/**
 * Fuzzing backup import (issue #12): a real export, mutated (fields deleted or given other types,
 * rows duplicated or moved between tables, tables dropped or invented, the version changed, the
 * text truncated or sprinkled with random characters). Each import either restores exactly what
 * it reports restoring, or is refused with a message and leaves the database exactly as it was.
 * FUZZ_RUNS raises the number of cases.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackupError, exportBackup, importBackup, type BackupFile } from '../../src/lib/client/backup';
import { openLearnerDb, type LearnerDb } from '../../src/lib/client/db';
import { ProgressRepository } from '../../src/lib/client/progress-repository';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const TIMEOUT = 60_000 + RUNS * 200;

const judge = { id: 'admin-licensing-0101', rev: 1, law: 'admin-licensing', type: 'judge' as const, answer: false };
const single = { id: 'civil-code-0007', rev: 2, law: 'civil-code', type: 'single' as const, answer: 'B' as const };

/** A database with something in every table. */
async function seed(db: LearnerDb): Promise<void> {
	const repo = new ProgressRepository(db);
	await repo.recordAnswer({ question: judge, response: false, ms: 3000, bankVersion: '1.0.0', source: 'practice', at: 1000 });
	await repo.recordAnswer({ question: judge, response: true, ms: 2000, bankVersion: '1.0.0', source: 'practice', at: 2000 });
	await repo.recordAnswer({ question: single, response: 'B', ms: 5000, bankVersion: '1.0.0', source: 'exam', at: 3000 });
	await db.kv.put({ key: 'settings', value: { theme: 'dark', dailyGoal: 40, autoAdvance: false, wrongGraduation: 3 } });
	await db.exams.put({
		id: 'exam-1', paperId: 'comprehensive', paperTitle: '综合模拟卷', bankVersion: '1.0.0', seed: 42, pass: 60, total: 100,
		durationMs: 5_400_000, startedAt: 5000, deadline: 5_405_000, status: 'submitted', currentIndex: 0, flags: [single.id],
		items: [{ questionId: single.id, rev: 2, law: 'civil-code', type: 'single', points: 1, order: ['B', 'A', 'D', 'C'] }] as never,
		submittedAt: 9000, submitReason: 'manual'
	});
	await db.examPapers.put({ attemptId: 'exam-1', questions: [{ id: single.id, rev: 2 }] as never, lawShort: { 'civil-code': '民法典' } });
	await db.examAnswers.put({ attemptId: 'exam-1', questionId: single.id, response: 'B', at: 6000 });
	await db.marks.put({ questionId: judge.id, lawId: 'admin-licensing', favorite: 1, note: '注意期限 <script>', updatedAt: 7000 });
	await db.reports.put({ id: 'r-1', questionId: single.id, rev: 2, reason: '答案有误', text: '', at: 8000, bankVersion: '1.0.0' });
}

/** Every table's rows, in a stable order, as JSON (so -0, undefined and key order compare strictly). */
async function snapshot(db: LearnerDb): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const t of db.tables) out[t.name] = (await t.toArray()).map((r) => JSON.stringify(r)).sort();
	return out;
}

let ORIGINAL: BackupFile;
let ORIGINAL_TEXT: string;
{
	const db = openLearnerDb('fuzz-source', { indexedDB: new IDBFactory() });
	await seed(db);
	ORIGINAL = JSON.parse(JSON.stringify(await exportBackup(db, new Date('2026-11-27T12:00:00Z')))) as BackupFile;
	ORIGINAL_TEXT = JSON.stringify(ORIGINAL);
	db.close();
}

type Json = ReturnType<typeof JSON.parse>;
type Edit = (file: Json) => void;

/** The file's tables object, when an earlier edit has left it an object. */
const tablesOf = (file: Json): Record<string, Json> => (file && typeof file.tables === 'object' && file.tables !== null ? file.tables : {});

/** A random place in the file: the envelope, a table, a row or a field of a row. */
const TABLES = () => Object.keys(ORIGINAL.tables);
const odd = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<Json>(null, -0, 1e308, '', ' ', [], {}, '2026-13-45', 'x'.repeat(2000), ['A', 'A'], { toString: 1 }));

const edit: fc.Arbitrary<Edit> = fc.oneof(
	// A field of a row deleted or given another value of any type.
	fc.tuple(fc.nat(), fc.nat(), fc.nat(), odd, fc.boolean()).map<Edit>(([t, r, f, value, remove]) => (file) => {
		const rows = tablesOf(file)[TABLES()[t % TABLES().length]!] as Json[] | undefined;
		if (!Array.isArray(rows) || rows.length === 0) return;
		const row = rows[r % rows.length];
		if (!row || typeof row !== 'object') return;
		const keys = Object.keys(row);
		const key = keys[f % Math.max(1, keys.length)] ?? 'id';
		if (remove) delete row[key];
		else row[key] = value;
	}),
	// A row duplicated (same key twice), moved to another table, replaced by junk, or a table emptied.
	fc.tuple(fc.nat(), fc.nat()).map<Edit>(([t, r]) => (file) => {
		const rows = tablesOf(file)[TABLES()[t % TABLES().length]!];
		if (Array.isArray(rows) && rows.length > 0) rows.push(structuredClone(rows[r % rows.length]));
	}),
	fc.tuple(fc.nat(), fc.nat(), fc.nat()).map<Edit>(([from, to, r]) => (file) => {
		const a = tablesOf(file)[TABLES()[from % TABLES().length]!];
		const b = tablesOf(file)[TABLES()[to % TABLES().length]!];
		if (Array.isArray(a) && Array.isArray(b) && a.length > 0) b.push(a.splice(r % a.length, 1)[0]);
	}),
	fc.tuple(fc.nat(), odd).map<Edit>(([t, junk]) => (file) => {
		const rows = tablesOf(file)[TABLES()[t % TABLES().length]!];
		if (Array.isArray(rows)) rows.push(junk);
	}),
	fc.tuple(fc.nat(), fc.constantFrom<Json>(undefined, [], null, {}, 'rows')).map<Edit>(([t, value]) => (file) => {
		tablesOf(file)[TABLES()[t % TABLES().length]!] = value;
	}),
	// Tables invented, schemas and envelope fields changed.
	fc.tuple(fc.string({ maxLength: 12 }), odd).map<Edit>(([name, rows]) => (file) => {
		tablesOf(file)[name] = Array.isArray(rows) ? rows : [rows];
	}),
	fc.tuple(fc.constantFrom('app', 'appName', 'schemaVersion', 'exportedAt', 'schemas', 'tables'), odd, fc.boolean()).map<Edit>(([key, value, remove]) => (file) => {
		if (remove) delete file[key];
		else file[key] = value;
	}),
	fc.constantFrom<number>(0, 1, 2, 3, 5, 40, 1.5, -1).map<Edit>((v) => (file) => {
		file.schemaVersion = v;
	}),
	fc.tuple(fc.nat(), fc.constantFrom('id', 'id, lawId', '++id', '&id', '', '[a+b]', 'questionId, lawId, due, inWrong')).map<Edit>(([t, schema]) => (file) => {
		if (file.schemas && typeof file.schemas === 'object' && !Array.isArray(file.schemas)) file.schemas[TABLES()[t % TABLES().length]!] = schema;
	})
);

/** Text-level damage: truncation (a download cut short), random characters, a byte flipped. */
const damage = fc.oneof(
	fc.nat().map((n) => (text: string) => text.slice(0, n % text.length)),
	fc.tuple(fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })).map(([n, s]) => (text: string) => text.slice(0, n % text.length) + s + text.slice(n % text.length)),
	fc.tuple(fc.nat(), fc.integer({ min: 0, max: 127 })).map(([n, c]) => (text: string) => text.slice(0, n % text.length) + String.fromCharCode(c) + text.slice((n % text.length) + 1))
);

const mutatedBackup = fc.oneof(
	{ weight: 3, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
		const file = structuredClone(ORIGINAL) as Json;
		for (const e of edits) e(file);
		return JSON.stringify(file);
	}) },
	{ weight: 1, arbitrary: damage.map((d) => d(ORIGINAL_TEXT)) },
	{ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) }
);

/** The database the learner already has: different from the backup, so a restore shows. */
async function learnerDatabase(): Promise<{ db: LearnerDb; factory: IDBFactory }> {
	const factory = new IDBFactory();
	const db = openLearnerDb('fuzz-target', { indexedDB: factory });
	await new ProgressRepository(db).recordAnswer({ question: judge, response: true, ms: 1, bankVersion: '1.0.0', source: 'practice', at: 42 });
	await db.kv.put({ key: 'mine', value: 'kept unless a restore succeeds' });
	return { db, factory };
}

describe('fuzz: backup import', () => {
	it('the unmutated export restores exactly', async () => {
		const { db, factory } = await learnerDatabase();
		await importBackup(db, ORIGINAL_TEXT, { indexedDB: factory });
		const stored = await snapshot(db);
		for (const t of db.tables) expect(stored[t.name]).toEqual(ORIGINAL.tables[t.name]!.map((r) => JSON.stringify(r)).sort());
	});

	it('mutated backup files: restored exactly, or refused with a message and the database unchanged', async () => {
		const outcomes = { restored: 0, refused: 0 };
		await fc.assert(
			fc.asyncProperty(mutatedBackup, async (text) => {
				const { db, factory } = await learnerDatabase();
				try {
					const before = await snapshot(db);
					const outcome = await importBackup(db, text, { indexedDB: factory }).then(
						(restored) => ({ restored }),
						(error: unknown) => ({ error })
					);
					if ('error' in outcome) {
						outcomes.refused++;
						expect(outcome.error, `not a BackupError: ${String(outcome.error)}`).toBeInstanceOf(BackupError);
						expect((outcome.error as Error).message.length).toBeGreaterThan(5);
						expect(await snapshot(db)).toEqual(before);
					} else {
						outcomes.restored++;
						const stored = await snapshot(db);
						const wanted: Record<string, string[]> = {};
						for (const t of db.tables) wanted[t.name] = (outcome.restored.tables[t.name] ?? []).map((r) => JSON.stringify(r)).sort();
						expect(stored).toEqual(wanted);
						// Restoring a backup of this schema version gives back the file's own rows.
						const parsed = JSON.parse(text) as BackupFile;
						if (parsed.schemaVersion === db.verno) {
							for (const t of db.tables) expect(stored[t.name]).toEqual(parsed.tables[t.name]!.map((r) => JSON.stringify(r)).sort());
						}
					}
				} finally {
					db.close();
				}
			}),
			{ numRuns: RUNS * 3 }
		);
		console.log(`backup fuzz: ${JSON.stringify(outcomes)}`);
		expect(outcomes.refused).toBeGreaterThan(0);
	}, TIMEOUT);
});
