/**
 * Exports a law's questions in the common layout the importer reads: the header in row 1 (no
 * title row, so the file re-imports), one row per question, plus 引文, 编号 and 案例 so that an
 * exported file loses nothing a re-import needs.
 */
import ExcelJS from 'exceljs';
import { OPTION_KEYS, TYPE_LABELS, type Question } from '../../src/lib/core/bank-types';
import { articleLabel } from '../../src/lib/core/chinese-numerals';
import { toCsv } from './csv';

export const EXPORT_HEADER = [
	'题型', '题干', ...OPTION_KEYS.map((k) => `选项${k}`), '答案', '解析', '难度', '标签', '条文', '引文', '编号', '案例'
] as const;

/**
 * Text that Excel (or a CSV reader) would take as a formula, starting with = + - @, gets a ' in
 * front: a cell must never run as a formula. The importer removes the mark again.
 */
export function guardCell(text: string): string {
	return /^[=+\-@]/.test(text) ? `'${text}` : text;
}

export function answerCell(q: Question): string {
	if (typeof q.answer === 'boolean') return q.answer ? '正确' : '错误';
	return Array.isArray(q.answer) ? q.answer.join('') : q.answer;
}

export function questionRow(q: Question): string[] {
	const options = OPTION_KEYS.map((k) => q.options.find((o) => o.key === k)?.text ?? '');
	const cells = [
		TYPE_LABELS[q.type],
		q.stem,
		...options,
		answerCell(q),
		q.explanation,
		String(q.difficulty),
		q.tags.join('、'),
		q.articles.map(articleLabel).join('、'),
		q.quote,
		q.id,
		q.case ?? ''
	];
	return cells.map(guardCell);
}

/** Live questions only: a retired question re-imported would come back to life. */
export function exportRows(questions: readonly Question[]): string[][] {
	return [[...EXPORT_HEADER], ...questions.filter((q) => !q.retired).map(questionRow)];
}

export function rowsToCsv(rows: readonly (readonly string[])[]): string {
	return toCsv(rows);
}

const WIDTHS: Record<string, number> = { 题型: 8, 题干: 50, 答案: 8, 解析: 50, 难度: 6, 标签: 14, 条文: 16, 引文: 40, 编号: 22, 案例: 40 };

export async function rowsToXlsx(rows: readonly (readonly string[])[], sheetName: string): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
	const [header, ...body] = rows;
	sheet.columns = (header ?? []).map((name) => ({ header: name, key: name, width: WIDTHS[name] ?? 24 }));
	// Cells are written as strings, so an option such as 12 or 1.5 stays the text it is.
	for (const row of body) sheet.addRow([...row]);
	sheet.getRow(1).font = { bold: true };
	// Wrapped text, so long stems and explanations can be read without widening columns.
	for (const column of sheet.columns) column.alignment = { wrapText: true, vertical: 'top' };
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
