/**
 * 备份与恢复: all of the learner's data as one JSON file, and back. A restore is checked in full
 * before anything is written, then replaces every table in one transaction, so a bad, foreign or
 * tampered file changes nothing at all.
 */
import { z } from './zod';
import { Dexie, type DexieOptions, type Table } from 'dexie';
import { openLearnerDb, type LearnerDb } from './db';

export const BACKUP_APP = 'xuefa-kaolian';
export const BACKUP_APP_NAME = '学法考练';

export interface BackupFile {
	app: typeof BACKUP_APP;
	appName: string;
	/** The Dexie schema version the data was written under (db.verno). */
	schemaVersion: number;
	/** ISO 8601. */
	exportedAt: string;
	/** Each table's Dexie schema ('id, lawId, at'): lets a later app version rebuild and upgrade it. */
	schemas: Record<string, string>;
	tables: Record<string, Record<string, unknown>[]>;
}

/** A restore that was refused; `message` is for the learner, in Chinese. */
export class BackupError extends Error {
	override name = 'BackupError';
}

/** Names the learner can understand, for messages; a table not listed is named as it is. */
export const TABLE_LABELS: Record<string, string> = {
	attempts: '答题记录',
	questionStates: '题目进度',
	kv: '设置与练习位置',
	exams: '模拟考试',
	examPapers: '考试试卷',
	examAnswers: '考试作答',
	days: '每日统计',
	marks: '收藏与笔记',
	reports: '纠错记录',
	outbox: '待上传记录'
};
const labelOf = (table: string) => TABLE_LABELS[table] ?? table;

const idbKey: z.ZodType<IDBValidKey> = z.lazy(() => z.union([z.string(), z.number(), z.array(idbKey)]));
const response = z.union([z.boolean(), z.string(), z.array(z.string())]);

/**
 * Shapes of the tables whose meaning the rest of the app depends on. Loose objects: fields added
 * by later code pass through. Every row of every table must in any case carry its primary key.
 */
const ROW_SCHEMAS: Record<string, z.ZodType> = {
	attempts: z.looseObject({
		id: z.string().min(1),
		questionId: z.string().min(1),
		rev: z.number().int(),
		lawId: z.string(),
		response,
		correct: z.boolean(),
		ms: z.number(),
		at: z.number(),
		bankVersion: z.string(),
		source: z.string()
	}),
	questionStates: z.looseObject({
		questionId: z.string().min(1),
		lawId: z.string(),
		rev: z.number().int(),
		seen: z.number().int().min(0),
		right: z.number().int().min(0),
		wrong: z.number().int().min(0),
		lastResult: z.boolean(),
		lastAt: z.number(),
		streak: z.number().int().min(0)
	}),
	kv: z.looseObject({ key: z.string().min(1) }),
	exams: z.looseObject({
		id: z.string().min(1),
		paperId: z.string(),
		status: z.enum(['in-progress', 'submitted']),
		startedAt: z.number(),
		items: z.array(z.looseObject({})),
		flags: z.array(z.string())
	}),
	examPapers: z.looseObject({ attemptId: z.string().min(1), questions: z.array(z.looseObject({})) }),
	examAnswers: z.looseObject({ attemptId: z.string().min(1), questionId: z.string().min(1), response, at: z.number() }),
	days: z.looseObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), answered: z.number().int().min(0) }),
	marks: z.looseObject({ questionId: z.string().min(1), favorite: z.union([z.literal(0), z.literal(1)]), note: z.string() }),
	reports: z.looseObject({ id: z.string().min(1), questionId: z.string().min(1) }),
	outbox: z.looseObject({ id: z.string().min(1), kind: z.string(), createdAt: z.number() })
};

const envelope = z.object({
	app: z.string(),
	schemaVersion: z.number().int().positive(),
	exportedAt: z.iso.datetime({ offset: true }),
	schemas: z.record(z.string(), z.string().min(1)),
	tables: z.record(z.string(), z.array(z.unknown()))
});

/** The whole database, read in one transaction so the copy is consistent. */
export async function exportBackup(db: LearnerDb, now = new Date()): Promise<BackupFile> {
	const tables: BackupFile['tables'] = {};
	const schemas: BackupFile['schemas'] = {};
	await db.transaction('r', db.tables, async () => {
		for (const table of db.tables) tables[table.name] = (await table.toArray()) as Record<string, unknown>[];
	});
	for (const table of db.tables) {
		schemas[table.name] = [table.schema.primKey, ...table.schema.indexes].map((index) => index.src).join(', ');
	}
	return { app: BACKUP_APP, appName: BACKUP_APP_NAME, schemaVersion: db.verno, exportedAt: now.toISOString(), schemas, tables };
}

/** 学法考练备份-2026年11月27日.json, in the learner's own calendar. */
export function backupFileName(now = new Date()): string {
	return `${BACKUP_APP_NAME}备份-${now.getFullYear()}年${now.getMonth() + 1}月${now.getDate()}日.json`;
}

/** Hands the backup to the browser as a file download. */
export function downloadBackup(backup: BackupFile, now = new Date()): void {
	const blob = new Blob([JSON.stringify(backup)], { type: 'application/json' });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = backupFileName(now);
	document.body.append(a);
	a.click();
	a.remove();
	// Some browsers read the blob after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function keyAt(row: Record<string, unknown>, keyPath: string | string[] | null): unknown {
	if (keyPath === null) return undefined;
	if (Array.isArray(keyPath)) return keyPath.map((p) => keyAt(row, p));
	return keyPath.split('.').reduce<unknown>((v, part) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined), row);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
	const path = issue?.path.length ? issue.path.join('.') : '';
	return path ? `字段“${path}”无效` : '格式不对';
}

/**
 * Checks a backup file's text against this app and this database, and returns it ready to
 * restore. Throws BackupError, with a message for the learner, on anything it cannot restore.
 * The rows of a backup from an older schema version are checked after upgradeBackup.
 */
export function parseBackup(text: string, db: LearnerDb): BackupFile {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new BackupError('无法读取这个文件：它不是完整的备份文件（内容不是有效的 JSON，可能已损坏或未下载完）。');
	}
	if (!json || typeof json !== 'object' || (json as { app?: unknown }).app !== BACKUP_APP) {
		throw new BackupError(`这个文件不是${BACKUP_APP_NAME}的备份文件。请选择从“设置 → 备份与恢复”导出的文件。`);
	}
	const head = envelope.safeParse(json);
	if (!head.success) throw new BackupError(`备份文件已损坏或被改动：${describeIssue(head.error.issues[0])}。`);
	const file: BackupFile = { ...head.data, app: BACKUP_APP, appName: BACKUP_APP_NAME, tables: head.data.tables as BackupFile['tables'] };
	if (file.schemaVersion > db.verno) {
		throw new BackupError(
			`这个备份来自较新版本的${BACKUP_APP_NAME}（数据版本 ${file.schemaVersion}），本应用只能读取到版本 ${db.verno}。请先更新应用（联网打开一次），再恢复。`
		);
	}
	if (file.schemaVersion === db.verno) {
		checkTables(file, db);
		return file;
	}
	// An older backup is rebuilt from its own table schemas (see upgradeBackup), so they must all be there.
	for (const name of Object.keys(file.tables)) {
		if (!(name in file.schemas)) throw new BackupError(`备份文件已损坏或被改动：缺少“${labelOf(name)}”的结构说明。`);
	}
	return file;
}

/** Every table of this database present, no other, and every row of the right shape. */
function checkTables(file: BackupFile, db: LearnerDb): void {
	const known = new Set(db.tables.map((t) => t.name));
	for (const name of Object.keys(file.tables)) {
		if (!known.has(name)) throw new BackupError(`备份文件含有本应用不认识的数据（${name}），可能已被改动，无法恢复。`);
	}
	for (const table of db.tables) {
		const rows = file.tables[table.name];
		if (rows === undefined) throw new BackupError(`备份文件不完整：缺少“${labelOf(table.name)}”。`);
		checkRows(table, rows);
	}
}

function checkRows(table: Table, rows: unknown[]): void {
	const schema = ROW_SCHEMAS[table.name];
	const keyPath = table.schema.primKey.keyPath as string | string[] | null;
	rows.forEach((row, i) => {
		const where = `“${labelOf(table.name)}”第 ${i + 1} 条记录`;
		if (!row || typeof row !== 'object' || Array.isArray(row)) throw new BackupError(`备份文件已损坏或被改动：${where}格式不对。`);
		if (schema) {
			const checked = schema.safeParse(row);
			if (!checked.success) throw new BackupError(`备份文件已损坏或被改动：${where}${describeIssue(checked.error.issues[0])}。`);
		}
		if (!idbKey.safeParse(keyAt(row as Record<string, unknown>, keyPath)).success) {
			throw new BackupError(`备份文件已损坏或被改动：${where}缺少编号。`);
		}
	});
}

/** Replaces every table with the backup's rows, all or nothing. */
export async function restoreBackup(db: LearnerDb, backup: BackupFile): Promise<void> {
	try {
		await db.transaction('rw', db.tables, async () => {
			for (const table of db.tables) {
				await table.clear();
				const rows = backup.tables[table.name];
				// Uncaught, a failed bulkAdd aborts the whole transaction: nothing is kept.
				if (rows?.length) await table.bulkAdd(rows);
			}
		});
	} catch (e) {
		const name = (e as Error).name;
		if (name === 'BulkError' || name === 'ConstraintError') {
			throw new BackupError('备份文件已损坏或被改动：其中有重复的记录，无法恢复。');
		}
		throw new BackupError(`恢复失败：${(e as Error).message}`);
	}
}

/**
 * Brings a backup from an older schema version up to this one the way a phone's own database is
 * upgraded: it is written into a scratch database at its own version, which the app's schema
 * (with every upgrade step since) then opens; what comes out is checked like a current backup.
 */
export async function upgradeBackup(file: BackupFile, db: LearnerDb, options?: DexieOptions): Promise<BackupFile> {
	const scratch = `${db.name}-restore-${Date.now()}`;
	let upgraded: BackupFile;
	try {
		const old = new Dexie(scratch, options);
		old.version(file.schemaVersion).stores(file.schemas);
		await old.open();
		await old.transaction('rw', old.tables, async () => {
			for (const table of old.tables) {
				const rows = file.tables[table.name];
				if (rows?.length) await table.bulkAdd(rows);
			}
		});
		old.close();
		const current = openLearnerDb(scratch, options);
		try {
			upgraded = { ...(await exportBackup(current)), exportedAt: file.exportedAt };
		} finally {
			current.close();
		}
	} catch (e) {
		throw new BackupError(`这个旧版本的备份无法升级到当前版本，可能已损坏或被改动（${(e as Error).message}）。`);
	} finally {
		await new Dexie(scratch, options).delete().catch(() => undefined);
	}
	checkTables(upgraded, db);
	return upgraded;
}

/**
 * Checks, upgrades if need be, and restores; the database is untouched unless the whole file is
 * good. `options` are the Dexie options the database was opened with (tests pass fake-indexeddb).
 */
export async function importBackup(db: LearnerDb, text: string, options?: DexieOptions): Promise<BackupFile> {
	return applyBackup(db, parseBackup(text, db), options);
}

/** The second half of importBackup, for a file parseBackup has already checked (the page shows it first). */
export async function applyBackup(db: LearnerDb, parsed: BackupFile, options?: DexieOptions): Promise<BackupFile> {
	const backup = parsed.schemaVersion < db.verno ? await upgradeBackup(parsed, db, options) : parsed;
	await restoreBackup(db, backup);
	return backup;
}

/** 重置: deletes all of the learner's data, in one transaction. */
export async function resetLearnerData(db: LearnerDb): Promise<void> {
	await db.transaction('rw', db.tables, async () => {
		for (const table of db.tables) await table.clear();
	});
}

/** Row counts the learner recognises, for the confirmation before a restore: 答题记录 120 条. */
export function backupSummary(backup: BackupFile): { label: string; count: number; unit: string }[] {
	const shown = [
		['attempts', '条'],
		['exams', '场'],
		['marks', '条']
	] as const;
	return shown
		.filter(([name]) => backup.tables[name])
		.map(([name, unit]) => ({ label: labelOf(name), count: backup.tables[name]!.length, unit }));
}
