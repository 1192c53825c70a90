/**
 * Importing a unit's Excel/CSV question file from /admin: the same importer as
 * `npm run bank:import` (scripts/bank-io), run against the bank's source folder, returning the
 * report and the YAML for an editor to download. Nothing is written: the bank changes only
 * through a release (docs/QUESTION-BANK.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { folderSource } from '../../../scripts/bank/source';
import { importFileName, importTables, type ImportReport } from '../../../scripts/bank-io/import';
import { tablesFromBytes, UnreadableFileError } from '../../../scripts/bank-io/table';

/** Larger than any real question file (5,000 rows of xlsx is about 1 MB). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

export interface SourceLaw {
	id: string;
	title: string;
}

export type ImportPreview =
	| { ok: true; report: ImportReport; yaml: string | null; fileName: string }
	| { ok: false; message: string };

/** The question bank's source folder: BANK_SOURCE, or question-bank/ where the server was started. */
export function bankSourceDir(): string {
	return resolve(process.env.BANK_SOURCE ?? join(process.cwd(), 'question-bank'));
}

/** The laws of the source bank, or null when the server has no source folder (a bare build). */
export function sourceLaws(dir = bankSourceDir()): SourceLaw[] | null {
	const file = join(dir, 'bank.yaml');
	if (!existsSync(file)) return null;
	const bank = parse(readFileSync(file, 'utf8')) as { laws?: { id?: unknown; title?: unknown }[] } | null;
	return (bank?.laws ?? []).filter((l) => typeof l.id === 'string').map((l) => ({ id: String(l.id), title: String(l.title ?? l.id) }));
}

export async function previewImport(file: File, lawId: string, now = new Date(), dir = bankSourceDir()): Promise<ImportPreview> {
	const laws = sourceLaws(dir);
	if (!laws) return { ok: false, message: `服务器上没有题库源文件（${dir}），无法导入。请在含 question-bank 目录的安装中使用，或设置 BANK_SOURCE。` };
	if (!laws.some((l) => l.id === lawId)) return { ok: false, message: '请选择题目所属的法律。' };
	if (file.size === 0) return { ok: false, message: '请选择要导入的文件（.xlsx 或 .csv）。' };
	if (file.size > MAX_IMPORT_BYTES) return { ok: false, message: '文件太大（最大 4 MB）。请分成几个文件导入。' };
	let tables;
	try {
		tables = await tablesFromBytes(file.name, new Uint8Array(await file.arrayBuffer()));
	} catch (e) {
		if (e instanceof UnreadableFileError) return { ok: false, message: `无法读取文件：${e.message}` };
		throw e;
	}
	const { report, yaml } = importTables({ tables, lawId, source: folderSource(dir), fileName: file.name, outputName: importFileName(now) });
	return { ok: true, report, yaml, fileName: file.name };
}
