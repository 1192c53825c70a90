/**
 * A spreadsheet reduced to what the importer needs: per sheet, rows of text cells with their
 * row numbers as Excel shows them, and the cells that could not be read as text.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { decodeCsvBytes, parseCsv } from './csv';

export interface CellProblem {
	/** 0-based column index. */
	column: number;
	message: string;
}

export interface TableRow {
	/** Row number as shown in Excel (1-based). */
	number: number;
	cells: string[];
	problems: CellProblem[];
}

export interface SheetTable {
	name: string;
	rows: TableRow[];
	/** Merged ranges such as A2:A9; every cell of a range reads as the range's first cell. */
	merges: string[];
}

/** A file that cannot be read at all: the command exits 1. */
export class UnreadableFileError extends Error {}

export async function readTables(path: string): Promise<SheetTable[]> {
	let bytes: Buffer;
	try {
		bytes = await readFile(path);
	} catch (e) {
		throw new UnreadableFileError(`cannot read ${path}: ${(e as Error).message}`);
	}
	return tablesFromBytes(path, bytes);
}

/** The sheets of a file already in memory (an upload), by the type its name says. */
export async function tablesFromBytes(name: string, bytes: Uint8Array): Promise<SheetTable[]> {
	const ext = extname(name).toLowerCase();
	if (ext === '.csv' || ext === '.txt') return [csvTable(name, bytes)];
	if (ext === '.xlsx' || ext === '.xlsm') return xlsxTables(bytes);
	if (ext === '.xls' || ext === '.et' || ext === '.wps') {
		throw new UnreadableFileError(`${ext} is the old binary format; open the file in Excel or WPS and save it as .xlsx`);
	}
	throw new UnreadableFileError(`unsupported file type ${ext || '(none)'}: use .xlsx or .csv`);
}

export function csvTable(name: string, bytes: Uint8Array): SheetTable {
	const rows = parseCsv(decodeCsvBytes(bytes)).map((cells, i) => ({ number: i + 1, cells, problems: [] }));
	return { name, rows, merges: [] };
}

export async function xlsxTables(bytes: Uint8Array): Promise<SheetTable[]> {
	if (bytes.length === 0) throw new UnreadableFileError('the file is empty (0 bytes)');
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch (e) {
		throw new UnreadableFileError(`not a readable .xlsx file (${(e as Error).message.split('\n')[0]})`);
	}
	return workbook.worksheets.map((sheet) => {
		const rows: TableRow[] = [];
		sheet.eachRow({ includeEmpty: false }, (row, number) => {
			const cells: string[] = [];
			const problems: CellProblem[] = [];
			row.eachCell({ includeEmpty: false }, (cell, col) => {
				const read = cellText(cell.value);
				cells[col - 1] = read.text;
				if (read.problem) problems.push({ column: col - 1, message: read.problem });
			});
			rows.push({ number, cells: Array.from(cells, (c) => c ?? ''), problems });
		});
		return { name: sheet.name, rows, merges: [...(sheet.model.merges ?? [])] };
	});
}

/** The text of a cell value, or a problem when a formula has no saved result or holds an error. */
function cellText(value: ExcelJS.CellValue): { text: string; problem?: string } {
	if (value === null || value === undefined) return { text: '' };
	if (typeof value === 'string') return { text: value };
	if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) };
	if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
	if ('error' in value) return { text: '', problem: `error value ${value.error}` };
	if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
	if ('formula' in value || 'sharedFormula' in value) {
		const formula = 'formula' in value ? value.formula : value.sharedFormula;
		const result = value.result;
		if (result === undefined || result === null) {
			return { text: '', problem: `formula =${formula} has no saved result (open the file in Excel and save it)` };
		}
		if (typeof result === 'object' && 'error' in result) return { text: '', problem: `formula =${formula} gives ${result.error}` };
		return cellText(result as ExcelJS.CellValue);
	}
	if ('text' in value) return { text: String(value.text) }; // a hyperlink
	return { text: '' };
}
