import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { openLearnerDb, type LearnerDb } from '../../src/lib/client/db';
import { ProgressRepository } from '../../src/lib/client/progress-repository';
import {
	BACKUP_APP,
	BackupError,
	backupFileName,
	backupSummary,
	exportBackup,
	importBackup,
	parseBackup,
	resetLearnerData,
	type BackupFile
} from '../../src/lib/client/backup';

const judge = { id: 'admin-licensing-0101', rev: 1, law: 'admin-licensing', type: 'judge' as const, answer: false };
const single = { id: 'civil-code-0007', rev: 2, law: 'civil-code', type: 'single' as const, answer: 'B' as const };

let db: LearnerDb;
let factory: IDBFactory;

/** Every table holds something, so a restore that skipped one would show. */
async function seed(target: LearnerDb): Promise<void> {
	const repo = new ProgressRepository(target);
	await repo.recordAnswer({ question: judge, response: false, ms: 3000, bankVersion: '1.0.0', source: 'practice', at: 1000 });
	await repo.recordAnswer({ question: judge, response: true, ms: 2000, bankVersion: '1.0.0', source: 'practice', at: 2000 });
	await repo.recordAnswer({ question: single, response: 'B', ms: 5000, bankVersion: '1.0.0', source: 'exam', at: 3000 });
	await target.kv.put({ key: 'settings', value: { fontSize: 'larger', theme: 'dark', examDate: '2027-03-15', dailyGoal: 40, autoAdvance: false, wrongGraduation: 3 } });
	await target.kv.put({ key: 'cursor:admin-licensing:sequential', value: judge.id });
	await target.exams.put({
		id: 'exam-1', paperId: 'comprehensive', paperTitle: '综合模拟卷', bankVersion: '1.0.0', seed: 42, pass: 60, total: 100,
		durationMs: 5_400_000, startedAt: 5000, deadline: 5_405_000, status: 'submitted', currentIndex: 0, flags: ['civil-code-0007'],
		items: [{ questionId: single.id, rev: 2, law: 'civil-code', type: 'single', points: 1, order: ['B', 'A', 'D', 'C'] }] as never,
		submittedAt: 9000, submitReason: 'manual'
	});
	await target.examPapers.put({ attemptId: 'exam-1', questions: [{ id: single.id, rev: 2 }] as never, lawShort: { 'civil-code': '民法典' } });
	await target.examAnswers.put({ attemptId: 'exam-1', questionId: single.id, response: 'B', at: 6000 });
	await target.marks.put({ questionId: judge.id, lawId: 'admin-licensing', favorite: 1, note: '注意期限', updatedAt: 7000 });
	await target.reports.put({ id: 'r-1', questionId: single.id, rev: 2, reason: '答案有误', text: '', at: 8000, bankVersion: '1.0.0' });
}

async function snapshot(target: LearnerDb): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const t of target.tables) out[t.name] = await t.toArray();
	return out;
}

async function exported(): Promise<BackupFile> {
	return JSON.parse(JSON.stringify(await exportBackup(db, new Date('2026-11-27T12:00:00Z')))) as BackupFile;
}

/** Expects the import to be refused with the message, and the database to be exactly as before. */
async function expectRefused(text: string, message: RegExp): Promise<void> {
	const before = await snapshot(db);
	const error = await importBackup(db, text, { indexedDB: factory }).then(() => null, (e: unknown) => e);
	expect(error).toBeInstanceOf(BackupError);
	expect((error as Error).message).toMatch(message);
	expect(await snapshot(db)).toEqual(before);
}

beforeEach(async () => {
	factory = new IDBFactory();
	db = openLearnerDb('backup-test', { indexedDB: factory });
	await seed(db);
});

describe('export', () => {
	it('holds every table, the schema version, the app and the time', async () => {
		const file = await exported();
		expect(file).toMatchObject({ app: BACKUP_APP, appName: '学法考练', schemaVersion: db.verno, exportedAt: '2026-11-27T12:00:00.000Z' });
		expect(Object.keys(file.tables).sort()).toEqual(db.tables.map((t) => t.name).sort());
		expect(file.tables.attempts).toHaveLength(3);
		expect(backupSummary(file)).toEqual([
			{ label: '答题记录', count: 3, unit: '条' },
			{ label: '模拟考试', count: 1, unit: '场' },
			{ label: '收藏与笔记', count: 1, unit: '条' }
		]);
	});

	it('is named after the day in the learner’s calendar', () => {
		expect(backupFileName(new Date(2026, 10, 27, 23, 59))).toBe('学法考练备份-2026年11月27日.json');
	});
});

describe('round trip', () => {
	it('a restore into an empty database gives back exactly what was exported', async () => {
		const before = await snapshot(db);
		for (const rows of Object.values(before)) expect(rows.length).toBeGreaterThan(0);
		const text = JSON.stringify(await exportBackup(db));
		const other = openLearnerDb('backup-target', { indexedDB: new IDBFactory() });
		await importBackup(other, text);
		expect(await snapshot(other)).toEqual(before);
	});

	it('a restore replaces what was there, rather than merging', async () => {
		const text = JSON.stringify(await exportBackup(db));
		await new ProgressRepository(db).recordAnswer({ question: judge, response: false, ms: 1, bankVersion: '1.0.0', source: 'practice', at: 9999 });
		await db.kv.put({ key: 'later', value: 1 });
		await importBackup(db, text);
		expect(await db.attempts.count()).toBe(3);
		expect(await db.kv.get('later')).toBeUndefined();
		expect((await db.questionStates.get(judge.id))!.seen).toBe(2);
	});

	it('reset empties every table, and the backup brings it all back', async () => {
		const before = await snapshot(db);
		const text = JSON.stringify(await exportBackup(db));
		await resetLearnerData(db);
		for (const t of db.tables) expect(await t.count()).toBe(0);
		await importBackup(db, text);
		expect(await snapshot(db)).toEqual(before);
	});

	it('a backup from an older schema version is upgraded as a phone’s database would be', async () => {
		// A real v2 database, as the app had it before spaced review: no days, marks or reports.
		const v2 = new Dexie('old-app', { indexedDB: new IDBFactory() });
		v2.version(1).stores({ attempts: 'id, questionId, lawId, at', questionStates: 'questionId, lawId', kv: 'key' });
		v2.version(2).stores({ exams: 'id, paperId, status, startedAt', examPapers: 'attemptId', examAnswers: '[attemptId+questionId], attemptId' });
		const current = await exported();
		for (const t of v2.tables) await t.bulkAdd(current.tables[t.name]!.map(({ inWrong: _i, due: _d, card: _c, ...row }) => row));
		const old = await exportBackup(v2 as LearnerDb);
		expect(old.schemaVersion).toBe(2);
		expect(Object.keys(old.tables)).not.toContain('marks');

		await importBackup(db, JSON.stringify(old), { indexedDB: factory });
		expect(await db.attempts.count()).toBe(3);
		expect(await db.marks.count()).toBe(0);
		// The v3 upgrade step ran: the question last answered wrong is in the 错题本.
		expect(await db.questionStates.get(judge.id)).toMatchObject({ lastResult: false, inWrong: 1, due: 2000 });
		// The scratch database is gone.
		expect((await factory.databases()).map((d) => d.name)).toEqual(['backup-test']);
	});

	it('an older backup with a broken schema is refused', async () => {
		const file = await exported();
		await expectRefused(JSON.stringify({ ...file, schemaVersion: 1, schemas: { ...file.schemas, attempts: '[[[' } }), /旧版本的备份无法升级/);
		await expectRefused(JSON.stringify({ ...file, schemaVersion: 1, schemas: {} }), /缺少“答题记录”的结构说明/);
	});
});

describe('a bad file changes nothing and says why', () => {
	it('malformed JSON', async () => {
		const text = JSON.stringify(await exported());
		await expectRefused(text.slice(0, text.length / 2), /不是完整的备份文件/);
		await expectRefused('', /不是完整的备份文件/);
	});

	it('another app’s file, or no backup at all', async () => {
		await expectRefused(JSON.stringify({ ...(await exported()), app: 'other-app' }), /不是学法考练的备份文件/);
		await expectRefused('[1,2,3]', /不是学法考练的备份文件/);
		await expectRefused('"hello"', /不是学法考练的备份文件/);
		await expectRefused('{"name":"x","version":"1.0.0"}', /不是学法考练的备份文件/);
	});

	it('a newer schema version', async () => {
		await expectRefused(JSON.stringify({ ...(await exported()), schemaVersion: db.verno + 1 }), /较新版本.*请先更新应用/);
	});

	it('a broken envelope', async () => {
		const file = await exported();
		await expectRefused(JSON.stringify({ ...file, exportedAt: 'yesterday' }), /已损坏或被改动.*exportedAt/);
		await expectRefused(JSON.stringify({ ...file, tables: { attempts: 'none' } }), /已损坏或被改动/);
		await expectRefused(JSON.stringify({ ...file, schemaVersion: '2' }), /已损坏或被改动.*schemaVersion/);
	});

	it('a table this app does not know, or one missing at the same version', async () => {
		const file = await exported();
		await expectRefused(JSON.stringify({ ...file, tables: { ...file.tables, passwords: [] } }), /不认识的数据（passwords）/);
		const { exams: _dropped, ...rest } = file.tables;
		await expectRefused(JSON.stringify({ ...file, tables: rest }), /不完整：缺少“模拟考试”/);
	});

	it('rows of the wrong shape, named by table, row and field', async () => {
		const cases: [(f: BackupFile) => void, RegExp][] = [
			[(f) => ((f.tables.attempts![1] as Record<string, unknown>).correct = 'yes'), /“答题记录”第 2 条记录字段“correct”无效/],
			[(f) => delete f.tables.questionStates![0]!.questionId, /“题目进度”第 1 条记录字段“questionId”无效/],
			[(f) => ((f.tables.exams![0] as Record<string, unknown>).status = 'lost'), /“模拟考试”第 1 条记录字段“status”无效/],
			[(f) => (f.tables.kv![0] = 7 as never), /“设置与练习位置”第 1 条记录格式不对/],
			[(f) => delete f.tables.examAnswers![0]!.questionId, /“考试作答”第 1 条记录字段“questionId”无效/]
		];
		for (const [mutate, message] of cases) {
			const file = await exported();
			mutate(file);
			await expectRefused(JSON.stringify(file), message);
		}
	});

	it('a file that passes every check but fails half-way is never partly applied', async () => {
		// Duplicate keys in the last table: every earlier table is cleared and refilled first, then rolled back.
		const file = await exported();
		const last = db.tables[db.tables.length - 1]!.name;
		const rows = file.tables[last]!;
		expect(rows.length).toBeGreaterThan(0);
		for (const t of db.tables.slice(0, -1)) expect(file.tables[t.name]!.length).toBeGreaterThan(0);
		file.tables[last] = [...rows, ...rows];
		expect(() => parseBackup(JSON.stringify(file), db)).not.toThrow();
		await expectRefused(JSON.stringify(file), /重复的记录/);
	});
});
