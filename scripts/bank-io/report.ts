/** The import report as printed to stdout: counts first, then every skipped row and its reason. */
import { TYPE_LABELS } from '../../src/lib/core/bank-types';
import type { ImportReport } from './import';

export function formatImportReport(report: ImportReport, writtenTo: string | null): string {
	const lines: string[] = [`bank:import: ${report.file} → ${report.lawId}`];
	if (report.fatal) {
		lines.push(`error: ${report.fatal}`);
		return lines.join('\n');
	}
	for (const sheet of report.sheets) {
		if (report.sheets.length > 1 || sheet.headerRow === null) {
			const type = sheet.type ? ` (${TYPE_LABELS[sheet.type]})` : '';
			lines.push(sheet.headerRow === null ? `sheet ${sheet.name}: not read: ${sheet.note}` : `sheet ${sheet.name}${type}: header in row ${sheet.headerRow}, ${sheet.rowsRead} rows`);
		} else if (sheet.headerRow > 1) {
			lines.push(`header in row ${sheet.headerRow} (rows above it are titles)`);
		}
		if (sheet.unknownColumns.length > 0) lines.push(`  columns not used: ${sheet.unknownColumns.join(' | ')}`);
		if (sheet.repeatedColumns.length > 0) lines.push(`  columns repeated (the first one is used): ${sheet.repeatedColumns.join(' | ')}`);
		if (sheet.merges.length > 0) lines.push(`  merged cells ${sheet.merges.join(', ')}: every cell of a merged range reads as its first cell`);
	}
	lines.push(`rows read: ${report.rowsRead}`);
	const imported = report.imported;
	const range = imported.length > 0 ? ` as ${imported[0]!.id}${imported.length > 1 ? ` … ${imported[imported.length - 1]!.id}` : ''}` : '';
	lines.push(`imported: ${imported.length}${range}${writtenTo ? ` → ${writtenTo}` : ''}`);
	if (imported.length > 0) {
		const picked = imported.filter((r) => r.quoteFrom === 'picked').length;
		const written = imported.filter((r) => r.explanationWritten).length;
		lines.push(`  quotes: ${picked} picked from the cited articles (note: imported, check quote), ${imported.length - picked} from the 引文 column`);
		if (written > 0) lines.push(`  explanations: ${written} written from the quote, for rows without 解析 (the note asks for a real one)`);
		for (const r of imported.filter((r) => r.remark)) lines.push(`  ${r.where} (${r.id}): ${r.remark}`);
	}
	lines.push(`skipped: ${report.skipped.length}`);
	for (const s of report.skipped) lines.push(`  ${s.where}: ${s.reason}`);
	if (report.warnings.length > 0) {
		lines.push(`key-check warnings on the new questions: ${report.warnings.length} (an editor checks the key, see docs/QUESTION-BANK.md rule 8)`);
		for (const w of report.warnings) lines.push(`  ${w}`);
	}
	return lines.join('\n');
}
