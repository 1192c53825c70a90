/** Banks in memory and spreadsheets built with exceljs, for the import/export tests. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { compileBank } from '../../../scripts/bank/compile';
import { formatDiagnostic } from '../../../scripts/bank/diagnostics';
import { memorySource } from '../../../scripts/bank/source';
import { importTables, type ImportResult } from '../../../scripts/bank-io/import';
import { xlsxTables, type SheetTable } from '../../../scripts/bank-io/table';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
export const lawText = read('../../../question-bank/laws/admin-licensing.md');
export const bankYaml = read('../../fixtures/bank/bank.yaml');
export const OUTPUT_NAME = 'import-20261127T191300Z.yaml';
export const OUTPUT_PATH = `questions/admin-licensing/${OUTPUT_NAME}`;

/** A bank with the admin-licensing law and no questions, plus `extra` files. */
export function emptyBank(extra: Record<string, string> = {}): Record<string, string> {
	return { 'bank.yaml': bankYaml, 'laws/admin-licensing.md': lawText, ...extra };
}

/** The project's admin-licensing question files, in a bank of their own. */
export function adminLicensingBank(): Record<string, string> {
	const dir = new URL('../../../question-bank/questions/admin-licensing/', import.meta.url);
	const files: Record<string, string> = {};
	for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
		files[`questions/admin-licensing/${name}`] = readFileSync(new URL(name, dir), 'utf8');
	}
	return emptyBank(files);
}

export function runImport(files: Record<string, string>, tables: SheetTable[], fileName = 'test.xlsx'): ImportResult {
	return importTables({ tables, lawId: 'admin-licensing', source: memorySource(files), fileName, outputName: OUTPUT_NAME });
}

/** Imports, then compiles the bank with the new file in it: the compiler's errors and the questions. */
export function importAndCompile(files: Record<string, string>, tables: SheetTable[], fileName = 'test.xlsx') {
	const result = runImport(files, tables, fileName);
	const withFile = result.yaml ? { ...files, [OUTPUT_PATH]: result.yaml } : files;
	const compiled = compileBank(memorySource(withFile));
	const errors = compiled.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
	const questions = compiled.laws.find((l) => l.info.id === 'admin-licensing')!.questions.filter((q) => result.report.imported.some((r) => r.id === q.id));
	return { ...result, errors, questions };
}

export type CellInput = string | number | ExcelJS.CellValue | null;

/** An .xlsx file (as bytes) with these sheets; `edit` may merge cells or set formulas. */
export async function workbookBytes(sheets: Record<string, CellInput[][]>, edit?: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	for (const [name, rows] of Object.entries(sheets)) {
		const sheet = workbook.addWorksheet(name);
		for (const row of rows) sheet.addRow(row);
	}
	edit?.(workbook);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function workbookTables(sheets: Record<string, CellInput[][]>, edit?: (wb: ExcelJS.Workbook) => void): Promise<SheetTable[]> {
	return xlsxTables(await workbookBytes(sheets, edit));
}

/** The common layout's header, and rows that import cleanly into admin-licensing. */
export const HEADER = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '解析', '条文'];
export const SINGLE_ROW = [
	'单选',
	'除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起（　）内作出行政许可决定。',
	'七日',
	'三十日',
	'二十日',
	'六十日',
	'C',
	'第四十二条规定二十日。',
	'第四十二条'
];
export const JUDGE_ROW = ['判断', '行政机关应当于举行听证的七日前将举行听证的时间、地点通知申请人、利害关系人。', '', '', '', '', '正确', '第四十八条。', '48'];
export const MULTIPLE_ROW = [
	'多选',
	'行政许可的实施和结果，除涉及下列哪些事项的外，应当公开？（　）',
	'国家秘密',
	'商业秘密',
	'个人隐私',
	'行政机关内部讨论',
	'A、B、C',
	'第五条第二款。',
	'《行政许可法》第五条第二款'
];

/** A choice row with the given stem suffix, so that many rows are different questions. */
export function numberedSingleRow(n: number): string[] {
	const row = [...SINGLE_ROW];
	row[1] = `${SINGLE_ROW[1]}（第${n}题）`;
	return row;
}

/** Rows of text as a sheet, numbered from 1 like Excel's. */
export function asTable(rows: string[][], name = 'sheet'): SheetTable {
	return { name, rows: rows.map((cells, i) => ({ number: i + 1, cells, problems: [] })), merges: [] };
}

const project = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs scripts/<script> as npm run would; stdout and stderr together. */
export function runCommand(script: string, args: string[]): { status: number | null; out: string } {
	const r = spawnSync(join(project, 'node_modules/.bin/tsx'), [join(project, 'scripts', script), ...args], { encoding: 'utf8', cwd: project });
	return { status: r.status, out: r.stdout + r.stderr };
}

/** A bank folder in the temporary directory holding these files. */
export function bankFolder(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'bank-io-'));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), text);
	}
	return dir;
}
