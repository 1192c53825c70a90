/**
 * Roster import from Excel: a sheet with a header row holding 姓名, 手机号 or 工号, and 单位
 * (as offices keep them). Every row is checked first; accounts are created only when all pass.
 * The 手机号/工号 becomes the account name.
 */
import ExcelJS from 'exceljs';
import type { ServerContext } from './context';
import type { StaffUser } from './access';
import { DirectoryError, newUserProblem } from './directory';
import { addPerson } from './people';

export interface RosterRow {
	line: number;
	name: string;
	staffNo: string;
	unit: string;
}

export const MAX_ROSTER_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 500;

const text = (v: ExcelJS.CellValue): string => {
	if (v === null || v === undefined) return '';
	if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
	if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
	if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('').trim();
	return String(v).trim();
};

export async function parseRoster(data: ArrayBuffer): Promise<RosterRow[]> {
	const wb = new ExcelJS.Workbook();
	try {
		await wb.xlsx.load(data);
	} catch {
		throw new DirectoryError('无法读取这个文件，请上传 Excel（.xlsx）文件。');
	}
	const sheet = wb.worksheets[0];
	if (!sheet) throw new DirectoryError('文件里没有工作表。');
	// The header may sit below a title row: look for 姓名 in the first rows.
	for (let r = 1; r <= Math.min(6, sheet.rowCount); r++) {
		const headers = Array.from(sheet.getRow(r).values as ExcelJS.CellValue[], (v) => text(v)); // values is sparse
		const col = (pred: (h: string) => boolean) => headers.findIndex(pred);
		const name = col((h) => h === '姓名');
		if (name < 0) continue;
		const staffNo = col((h) => /手机|工号|电话/.test(h));
		const unit = col((h) => h.includes('单位') || h.includes('村') || h.includes('部门'));
		if (staffNo < 0 || unit < 0) throw new DirectoryError('表头需要“姓名”“手机号或工号”“单位”三列。');
		const rows: RosterRow[] = [];
		for (let i = r + 1; i <= sheet.rowCount; i++) {
			const cells = sheet.getRow(i).values as ExcelJS.CellValue[];
			const row = { line: i, name: text(cells[name]), staffNo: text(cells[staffNo]), unit: text(cells[unit]) };
			if (row.name || row.staffNo) rows.push(row);
		}
		if (rows.length > MAX_ROWS) throw new DirectoryError(`一次最多导入 ${MAX_ROWS} 人。`);
		return rows;
	}
	throw new DirectoryError('没有找到“姓名”表头。');
}

/** Unit by its full label (青山县 / 城关镇 / 东风村) or its own name when that is unique in the subtree. */
function resolveUnit(units: { id: number; label: string }[], name: string): number | string {
	const exact = units.filter((u) => u.label === name || u.label.replace(/ \/ /g, '') === name);
	if (exact.length === 1) return exact[0]!.id;
	const byOwnName = units.filter((u) => u.label.split(' / ').at(-1) === name);
	if (byOwnName.length === 1) return byOwnName[0]!.id;
	return byOwnName.length > 1 ? `单位“${name}”有重名，请写出上级，如“城关镇 / ${name}”。` : `找不到单位“${name}”（或不在您管理的范围内）。`;
}

export async function importRoster(ctx: ServerContext, staff: StaffUser, units: { id: number; label: string }[], rows: RosterRow[]) {
	const problems: string[] = [];
	const seen = new Set<string>();
	const planned: { displayName: string; username: string; staffNo: string; unitId: number }[] = [];
	for (const row of rows) {
		const unit = resolveUnit(units, row.unit);
		if (!row.name) problems.push(`第 ${row.line} 行：缺少姓名。`);
		else if (!row.staffNo) problems.push(`第 ${row.line} 行：缺少手机号或工号。`);
		else if (typeof unit === 'string') problems.push(`第 ${row.line} 行：${unit}`);
		// The account rules, checked for every row before the first account is made: all or none.
		else if (newUserProblem(row.staffNo, row.name)) problems.push(`第 ${row.line} 行：${newUserProblem(row.staffNo, row.name)}`);
		else if (seen.has(row.staffNo)) problems.push(`第 ${row.line} 行：手机号或工号“${row.staffNo}”重复。`);
		else if (await ctx.db.selectFrom('users').select('id').where('username', '=', row.staffNo).executeTakeFirst()) problems.push(`第 ${row.line} 行：账号“${row.staffNo}”已存在。`);
		else planned.push({ displayName: row.name, username: row.staffNo, staffNo: row.staffNo, unitId: unit });
		seen.add(row.staffNo);
	}
	if (problems.length) return { issued: [], problems };
	if (!planned.length) return { issued: [], problems: ['表中没有人员。'] };
	const issued = [];
	for (const p of planned) issued.push({ ...(await addPerson(ctx, staff, { ...p, role: 'cadre' })), unit: units.find((u) => u.id === p.unitId)!.label });
	return { issued, problems };
}
