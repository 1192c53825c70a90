/**
 * Imports questions from spreadsheet tables into one law of the bank: finds each sheet's header,
 * reads every row, gives the accepted rows fresh ids and writes them as a new question file.
 * The file is compiled before it is returned; a row the compiler would still reject is moved
 * to the skipped list, so what is written always passes npm run bank:check.
 */
import { compileBank } from '../bank/compile';
import { formatDiagnostic } from '../bank/diagnostics';
import type { BankSource } from '../bank/source';
import { OPTION_KEYS, type QuestionType } from '../../src/lib/core/bank-types';
import { normaliseType } from './answers';
import { loadBankContext, overlaySource } from './bank-context';
import { describeTopRow, findHeader, type Field, type HeaderMap } from './headers';
import { cleanCell, readRow, type ReadRow } from './row-reader';
import type { SheetTable, TableRow } from './table';
import { questionsToYaml, type QuestionDraft } from './yaml-writer';

export interface SheetSummary {
	name: string;
	/** Row number of the header, or null when the sheet has none (then it is not read). */
	headerRow: number | null;
	rowsRead: number;
	/** The type the sheet's name gives its rows when they have no 题型 cell. */
	type: QuestionType | null;
	unknownColumns: string[];
	repeatedColumns: string[];
	merges: string[];
	/** Why a sheet was not read. */
	note?: string;
}

export interface ImportedRow {
	where: string;
	id: string;
	quoteFrom: ReadRow['quoteFrom'];
	score: number | null;
	explanationWritten: boolean;
	remark?: string;
}

export interface ImportReport {
	file: string;
	lawId: string;
	/** Set when nothing could be read at all (no bank law, no header row): the command exits 1. */
	fatal?: string;
	sheets: SheetSummary[];
	rowsRead: number;
	imported: ImportedRow[];
	skipped: { where: string; reason: string }[];
	/** Compiler warnings (rule 8 key check) on the new file. */
	warnings: string[];
	/** The new file, relative to the bank root (questions/<law>/import-….yaml). */
	output: string | null;
}

export interface ImportResult {
	report: ImportReport;
	/** The new question file, or null when no row was imported. */
	yaml: string | null;
}

export interface ImportRequest {
	tables: SheetTable[];
	lawId: string;
	source: BankSource;
	/** The spreadsheet's name, for the report and the file's header comment. */
	fileName: string;
	/** The new file's name, such as import-20261127T191300Z.yaml. */
	outputName: string;
}

/** `import-20261127T191300Z.yaml`: sorts after the hand-written files and never repeats. */
export function importFileName(now: Date): string {
	return `import-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}.yaml`;
}

const ID_LIMIT = 9999;
const QUESTION_FIELDS: Field[] = ['stem', 'answer', ...OPTION_KEYS.map((k) => `option${k}` as const)];

/**
 * Whether a row holds anything of a question. A row with only a 题型 or 条文 cell is the tail of
 * a merged range or a stray note, not a question to report.
 */
function holdsQuestion(row: TableRow, columns: HeaderMap['columns']): boolean {
	return QUESTION_FIELDS.some((f) => {
		const i = columns[f];
		return i !== undefined && cleanCell(row.cells[i]) !== '';
	}) || row.problems.length > 0;
}

export function importTables(request: ImportRequest): ImportResult {
	const { tables, lawId, source } = request;
	const report: ImportReport = { file: request.fileName, lawId, sheets: [], rowsRead: 0, imported: [], skipped: [], warnings: [], output: null };
	const bank = loadBankContext(source, lawId);
	if ('error' in bank) return { report: { ...report, fatal: bank.error }, yaml: null };

	const accepted: { where: string; row: ReadRow }[] = [];
	const seenInFile = new Map<string, string>();
	const several = tables.length > 1;
	for (const table of tables) {
		const header = findHeader(table);
		const summary: SheetSummary = {
			name: table.name,
			headerRow: header?.row.number ?? null,
			rowsRead: 0,
			type: normaliseType(table.name),
			unknownColumns: header?.unknown ?? [],
			repeatedColumns: header?.repeated ?? [],
			merges: table.merges
		};
		report.sheets.push(summary);
		if (!header) {
			summary.note = `no header row with 题干 (or 题目) and 答案 in the first rows; ${describeTopRow(table)}`;
			continue;
		}
		for (const row of table.rows) {
			if (row.number <= header.row.number || !holdsQuestion(row, header.columns)) continue;
			summary.rowsRead++;
			const where = several ? `${table.name} row ${row.number}` : `row ${row.number}`;
			const outcome = readRow(row, header.columns, summary.type, table.name, bank);
			if ('reason' in outcome) {
				report.skipped.push({ where, reason: outcome.reason });
				continue;
			}
			const earlier = seenInFile.get(outcome.duplicateKey);
			if (earlier) {
				report.skipped.push({ where, reason: `duplicate of ${earlier} in this file` });
				continue;
			}
			seenInFile.set(outcome.duplicateKey, where);
			accepted.push({ where, row: outcome });
		}
		report.rowsRead += summary.rowsRead;
	}
	if (report.sheets.every((s) => s.headerRow === null)) {
		const why = report.sheets.map((s) => `${s.name}: ${s.note}`).join('; ');
		return { report: { ...report, fatal: `no sheet has the question layout (${why || 'the file has no sheets'})` }, yaml: null };
	}

	const outputPath = `questions/${lawId}/${request.outputName}`;
	if (source.read(outputPath) !== null) return { report: { ...report, fatal: `${outputPath} already exists; it is never overwritten` }, yaml: null };

	// Compile the new file on its own (its ids and duplicates are already checked against the
	// bank); drop any row the compiler rejects and try again, so the file written is clean.
	for (let attempt = 0; attempt < 3; attempt++) {
		const room = Math.max(0, ID_LIMIT - bank.highestNumber);
		for (const extra of accepted.splice(room)) report.skipped.push({ where: extra.where, reason: `no free id: ${lawId}-9999 is in use` });
		const drafts = accepted.map((a, i) => ({
			question: { id: `${lawId}-${String(bank.highestNumber + 1 + i).padStart(4, '0')}`, ...a.row.draft } as QuestionDraft,
			source: `${request.fileName} ${a.where}`
		}));
		if (drafts.length === 0) return { report, yaml: null };
		const yaml = questionsToYaml(drafts, [
			`Imported from ${request.fileName} by npm run bank:import.`,
			'Every question has a note: an editor checks the quote (and the explanation where the file had none),',
			'then removes the note. The bank changes only through a release (docs/QUESTION-BANK.md).'
		]);
		const check = compileBank(overlaySource(source, { [outputPath]: yaml }, [outputPath]));
		const label = source.label(outputPath);
		const mine = check.diagnostics.filter((d) => d.file === label);
		const rejected = new Set(mine.filter((d) => d.severity === 'error').map((d) => d.id ?? ''));
		if (rejected.size === 0) {
			report.warnings = mine.map(formatDiagnostic);
			report.imported = accepted.map((a, i) => ({
				where: a.where,
				id: drafts[i]!.question.id,
				quoteFrom: a.row.quoteFrom,
				score: a.row.score,
				explanationWritten: a.row.explanationWritten,
				...(a.row.remark ? { remark: a.row.remark } : {})
			}));
			report.output = outputPath;
			return { report, yaml };
		}
		for (let i = accepted.length - 1; i >= 0; i--) {
			const id = drafts[i]!.question.id;
			if (!rejected.has(id) && !rejected.has('')) continue;
			const message = mine.find((d) => d.id === id || !d.id)!.message;
			report.skipped.push({ where: accepted[i]!.where, reason: `rejected by the compiler: ${message}` });
			accepted.splice(i, 1);
		}
	}
	return { report: { ...report, fatal: 'the compiler still rejects the imported questions; please report this file' }, yaml: null };
}
