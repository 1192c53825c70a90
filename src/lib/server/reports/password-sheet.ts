/**
 * The sheet of issued initial passwords, for printing and handing out. It is built in the form
 * action and sent back in that one response (the page offers it as a download made in the
 * browser); the server never stores it, nor the passwords in plain text.
 */
import ExcelJS from 'exceljs';
import { chineseDate } from './dates';
import { safeCell, table, titleRow } from './excel';

export interface IssuedPassword {
	displayName: string;
	unit: string;
	username: string;
	password: string;
}

const HEADERS = ['序号', '姓名', '单位', '登录名', '初始密码'];

export async function passwordSheetWorkbook(unitName: string, issued: IssuedPassword[], now = Date.now()): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = '学法考练';
	const sheet = wb.addWorksheet('初始密码');
	titleRow(sheet, `${unitName}学法考练账号初始密码（${chineseDate(now)}）`, HEADERS.length);
	sheet.getCell(2, 1).value = safeCell('首次登录后须修改密码。请将本表妥善保管，分发后销毁。');
	sheet.mergeCells(2, 1, 2, HEADERS.length);
	table(sheet, HEADERS, issued.map((p, i) => [i + 1, p.displayName, p.unit, p.username, p.password]), 3);
	[6, 12, 28, 16, 16].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
	sheet.pageSetup = { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' };
	return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What a form action returns for the page to offer as a download. */
export async function passwordSheetDownload(unitName: string, issued: IssuedPassword[], now = Date.now()) {
	return {
		name: `${unitName.replace(/[\\/:*?"<>| ]+/g, '')}初始密码_${new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)}.xlsx`,
		base64: (await passwordSheetWorkbook(unitName, issued, now)).toString('base64')
	};
}
