/**
 * One assignment's results as a workbook, in the layout of the other exports (reports/excel.ts):
 * a merged title row, the window, then 序号, 姓名, 单位, … with borders; those who did not take it
 * follow those who did.
 */
import ExcelJS from 'exceljs';
import { safeCell } from '../reports/excel';
import { chineseDateTime } from '../reports/dates';
import type { AssignmentView } from './results';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADERS = ['序号', '姓名', '单位', '状态', '得分', '满分', '是否及格', '交卷时间'];

export async function assignmentWorkbook(view: AssignmentView, unitName: string): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '学法考练';
	const sheet = wb.addWorksheet('考试任务');
	sheet.columns = [6, 12, 26, 10, 8, 8, 10, 20].map((width) => ({ width }));
	sheet.mergeCells(1, 1, 1, HEADERS.length);
	const title = sheet.getCell(1, 1);
	title.value = safeCell(`${unitName}“${view.title}”完成情况`);
	title.font = { bold: true, size: 16 };
	title.alignment = { horizontal: 'center', vertical: 'middle' };
	sheet.getRow(1).height = 30;
	sheet.mergeCells(2, 1, 2, HEADERS.length);
	sheet.getCell(2, 1).value = safeCell(
		`试卷：${view.paperTitle}　考试时间：${chineseDateTime(view.opensAt)}至${chineseDateTime(view.closesAt)}　应考 ${view.taken.length + view.missing.length} 人，已考 ${view.taken.length} 人，及格 ${view.passed} 人`
	);
	const head = sheet.getRow(3);
	HEADERS.forEach((h, i) => {
		const c = head.getCell(i + 1);
		c.value = h;
		c.font = { bold: true };
		c.alignment = { horizontal: 'center', vertical: 'middle' };
		c.border = BORDER;
		c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7F0FA' } };
	});
	const rows: (string | number)[][] = [
		...view.taken.map((t) => [t.name, t.unit, '已考', t.score, t.total, t.passed ? '及格' : '不及格', chineseDateTime(t.submittedAt)]),
		...view.missing.map((m) => [m.name, m.unit, '未考', '', '', '', ''])
	];
	rows.forEach((values, r) => {
		const row = sheet.getRow(4 + r);
		[r + 1, ...values].forEach((v, i) => {
			const c = row.getCell(i + 1);
			c.value = typeof v === 'string' ? safeCell(v) : v;
			c.border = BORDER;
			c.alignment = { horizontal: typeof v === 'number' ? 'right' : 'left', vertical: 'middle' };
		});
	});
	return Buffer.from(await wb.xlsx.writeBuffer());
}
