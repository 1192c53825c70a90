/**
 * Excel exports in the layout a Chinese office expects: a merged title row naming the unit and the
 * date range, then 序号, 姓名, 单位, … with borders, and a summary block.
 */
import ExcelJS from 'exceljs';
import type { CadreRow, UnitReport } from './unit-report';
import { ENOUGH_ANSWERED } from '../predictions/compute';
import type { WeakSpots } from './weak-spots';
import { chineseDate, chineseDateTime } from './dates';

/**
 * Text that Excel or WPS could take for a formula (= + - @, and tab/CR that some importers
 * strip first) gets a leading apostrophe, as OWASP advises against formula injection.
 */
export function safeCell(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function rangeText(report: UnitReport): string {
	return `${chineseDate(report.range.from)}至${chineseDate(report.range.to - 1)}`;
}

export function titleRow(sheet: ExcelJS.Worksheet, title: string, columns: number): void {
	sheet.mergeCells(1, 1, 1, columns);
	const cell = sheet.getCell(1, 1);
	cell.value = safeCell(title);
	cell.font = { bold: true, size: 16 };
	cell.alignment = { horizontal: 'center', vertical: 'middle' };
	sheet.getRow(1).height = 30;
}

export function table(sheet: ExcelJS.Worksheet, headers: string[], rows: (string | number | null)[][], startRow: number): void {
	const head = sheet.getRow(startRow);
	headers.forEach((h, i) => {
		const c = head.getCell(i + 1);
		c.value = h;
		c.font = { bold: true };
		c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
		c.border = BORDER;
		c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7F0FA' } };
	});
	rows.forEach((values, r) => {
		const row = sheet.getRow(startRow + 1 + r);
		values.forEach((v, i) => {
			const c = row.getCell(i + 1);
			c.value = typeof v === 'string' ? safeCell(v) : v;
			c.border = BORDER;
			c.alignment = { horizontal: typeof v === 'number' ? 'right' : 'left', vertical: 'middle' };
		});
	});
}

const percent = (x: number | null) => (x === null ? '—' : x);

function cadreValues(c: CadreRow, i: number): (string | number | null)[] {
	return [
		i + 1,
		c.name,
		c.unit,
		c.username,
		c.answered,
		c.answered ? Math.round((1000 * c.right) / c.answered) / 10 : '—',
		c.mocks,
		percent(c.averageScore),
		percent(c.bestScore),
		c.latestMock ? c.latestMock.score : '—',
		c.latestMock ? (c.latestMock.passed ? '合格' : '不合格') : '未参加',
		c.prediction?.enough ? Math.round(c.prediction.probability * 100) : '未知',
		c.lastActive ? chineseDateTime(c.lastActive) : '从未练习',
		c.disabled ? '已停用' : c.flagged ? `有 ${c.flagged} 次成绩待核` : ''
	];
}

const CADRE_HEADERS = ['序号', '姓名', '单位', '账号', '答题数', '正确率(%)', '模拟考试次数', '平均分', '最高分', '最近综合模拟卷得分', '是否合格', '预测通过可能(%)', '最近练习', '备注'];
const WIDTHS = [6, 10, 24, 14, 8, 10, 12, 8, 8, 18, 10, 14, 18, 16];

/** The unit report: summary sheet, cadre sheet and, when given, the weakest articles. */
export async function unitReportWorkbook(report: UnitReport, weak?: WeakSpots): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '学法考练';
	const summary = wb.addWorksheet('汇总');
	titleRow(summary, `${report.unitName}学法考练情况汇总表`, 2);
	summary.getCell(2, 1).value = safeCell(`统计期间：${rangeText(report)}`);
	summary.mergeCells(2, 1, 2, 2);
	const s = report.summary;
	table(summary, ['项目', '数值'], [
		['干部人数', s.cadres],
		['近 7 天练习人数', s.active7],
		['答题总数', s.answered],
		['正确率(%)', percent(s.accuracy)],
		['模拟考试次数', s.mocks],
		['平均分(百分制)', percent(s.averageScore)],
		['最高分(百分制)', percent(s.bestScore)],
		['参加综合模拟卷人数', s.tookMock],
		['综合模拟卷合格率(%)', percent(s.passRate)],
		['预测通过率(%)', percent(s.predictedPassRate)],
		['预测通过可能不低于 50% 的人数占比(%)', percent(s.predictedPassShare)],
		[`预测未知人数(答题不足 ${ENOUGH_ANSWERED} 道)`, s.predictedUnknown],
		['需关注人数(预测低于 50% 或 14 天未练习)', report.atRisk.length]
	], 3);
	summary.getColumn(1).width = 40;
	summary.getColumn(2).width = 16;
	addCadreSheet(wb, report, '干部明细');
	const risk = wb.addWorksheet('需关注');
	titleRow(risk, `${report.unitName}需关注干部（${rangeText(report)}）`, 4);
	table(risk, ['序号', '姓名', '单位', '原因'], report.atRisk.map((c, i) => [i + 1, c.name, c.unit, c.reasons.join('；')]), 2);
	[6, 12, 28, 36].forEach((w, i) => (risk.getColumn(i + 1).width = w));
	if (weak) {
		const sheet = wb.addWorksheet('薄弱法条');
		titleRow(sheet, `${report.unitName}正确率最低的法条（${rangeText(report)}）`, 5);
		table(sheet, ['序号', '法律', '条文', '答题次数', '正确率(%)'], weak.articles.map((a, i) => [i + 1, `《${a.short}》`, a.label, a.answered, a.accuracy]), 2);
		[6, 24, 14, 10, 10].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
	}
	return Buffer.from(await wb.xlsx.writeBuffer());
}

function addCadreSheet(wb: ExcelJS.Workbook, report: UnitReport, name: string): void {
	const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
	titleRow(sheet, `${report.unitName}干部学法考练情况表（${rangeText(report)}）`, CADRE_HEADERS.length);
	sheet.getCell(2, 1).value = `导出时间：${chineseDateTime(Date.now())}`;
	sheet.mergeCells(2, 1, 2, CADRE_HEADERS.length);
	table(sheet, CADRE_HEADERS, report.cadres.map(cadreValues), 3);
	WIDTHS.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
	sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' };
}

/** The cadre list alone, with scores. */
export async function cadreListWorkbook(report: UnitReport): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '学法考练';
	addCadreSheet(wb, report, '干部名单');
	return Buffer.from(await wb.xlsx.writeBuffer());
}
