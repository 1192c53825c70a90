import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileBank } from '../../scripts/bank/compile';
import { folderSource, memorySource } from '../../scripts/bank/source';
import { normaliseAnswer, normaliseType } from '../../scripts/bank-io/answers';
import { parseArticleRefs } from '../../scripts/bank-io/article-refs';
import { parseCsv, toCsv } from '../../scripts/bank-io/csv';
import { exportRows, guardCell, rowsToXlsx } from '../../scripts/bank-io/export';
import { normaliseHeader } from '../../scripts/bank-io/headers';
import { importFileName } from '../../scripts/bank-io/import';
import { formatImportReport } from '../../scripts/bank-io/report';
import { csvTable, xlsxTables, type SheetTable } from '../../scripts/bank-io/table';
import { adminLicensingBank, asTable, bankFolder, emptyBank, HEADER, importAndCompile, JUDGE_ROW, MULTIPLE_ROW } from './support/bank-io';
import { numberedSingleRow, runCommand as run, runImport, SINGLE_ROW, workbookBytes, workbookTables } from './support/bank-io';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/bank-io/${name}`, import.meta.url));
const reportOf = (tables: SheetTable[], files = emptyBank()) => formatImportReport(runImport(files, tables).report, null).split('\n');
/** The exported rows without the 引文 column (the 14th), as most units' files are. */
const withoutQuote = (rows: string[][]) => rows.map((r) => r.filter((_, col) => col !== 13));
/** What comes back of a question: the fields the round trip must keep. */
const essence = (q: { type: string; stem: string; options: unknown; answer: unknown; articles: number[] }) => [q.type, q.stem, q.options, q.answer, q.articles];

describe('bank export → import round trip', () => {
	const source = adminLicensingBank();
	const original = compileBank(memorySource(source)).laws[0]!.questions;

	it('export admin-licensing to xlsx, import into an empty bank, compile: the same questions come back', async () => {
		const rows = exportRows(original);
		expect(rows[0]).toEqual(['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '难度', '标签', '条文', '引文', '编号', '案例']);
		const tables = await xlsxTables(await rowsToXlsx(rows, '行政许可法'));
		const { report, errors, questions } = importAndCompile(emptyBank(), tables, 'admin-licensing.xlsx');
		expect(errors).toEqual([]);
		expect(report.skipped).toEqual([]);
		expect(report.rowsRead).toBe(original.length);
		expect(questions.map(essence)).toEqual(original.map(essence));
		// 引文 was verbatim in the cited articles, so it is kept; the rest of the row too.
		expect(questions.map((q) => [q.quote, q.explanation, q.difficulty, q.tags, q.case])).toEqual(original.map((q) => [q.quote, q.explanation, q.difficulty, q.tags, q.case]));
		expect(questions[0]!.id).toBe('admin-licensing-0001');
	});

	it('without the 引文 column, quotes are picked from the cited articles and the file compiles', () => {
		const { report, errors, questions, yaml } = importAndCompile(emptyBank(), [asTable(withoutQuote(exportRows(original)))]);
		expect(errors).toEqual([]);
		expect(report.imported.length / original.length).toBeGreaterThan(0.85);
		expect(report.skipped.every((s) => s.reason.startsWith('poor quote match') || s.reason.startsWith('no article'))).toBe(true);
		const byStem = new Map(original.map((q) => [q.stem, q.quote.replace(/\s/g, '')]));
		const agree = questions.filter((q) => q.quote.includes(byStem.get(q.stem)!) || byStem.get(q.stem)!.includes(q.quote)).length;
		expect(agree / questions.length).toBeGreaterThan(0.8);
		expect(yaml!.match(/^  note: imported, check quote$/gm)).toHaveLength(questions.length);
	});

	it('a 条文 cell citing the wrong article is mostly caught as a poor quote match', () => {
		// Each question cites the article after its own (第十二条 → 13), 引文 left out.
		const shifted = (r: string[], i: number) => (i === 0 ? r : r.map((c, col) => (col === 12 ? String((original[i - 1]!.articles[0]! % 83) + 1) : c)));
		const { report } = runImport(emptyBank(), [asTable(withoutQuote(exportRows(original)).map(shifted))]);
		expect(report.skipped.filter((s) => s.reason.startsWith('poor quote match')).length / original.length).toBeGreaterThan(0.75);
	});
});

describe('bank import: layouts', () => {
	it('loose headers: a title row, spaces, full-width letters, （必填） suffixes, synonyms, extra columns', async () => {
		const header = [' 题 型 ', '题目（必填）', '选项Ａ', 'B', '选项C(选填)', '选项 D', '正确答案', '答案解析', '难易程度', '知识点', '分值', '法条依据', '备注'];
		const tables = await workbookTables(
			{ 题库: [['某县司法局行政执法题库'], header, [...SINGLE_ROW.slice(0, 7), '解析', '易', '期限、决定', '1', '第四十二条', '第一批']] },
			(wb) => wb.getWorksheet('题库')!.mergeCells('A1:M1')
		);
		const { report, errors, questions, yaml } = importAndCompile(emptyBank(), tables);
		expect(errors).toEqual([]);
		expect(report.sheets[0]).toMatchObject({ headerRow: 2, unknownColumns: ['备注'], merges: ['A1:M1'] });
		expect(questions).toEqual([expect.objectContaining({ type: 'single', answer: 'C', articles: [42], difficulty: 1, tags: ['期限', '决定'], quote: '除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定' })]);
		expect(yaml).toContain('note: imported, check quote');
		expect(normaliseHeader('【必填】正确答案：')).toBe('正确答案');
	});

	it('one sheet per type: 题型 from the sheet name; a sheet without the layout is listed', async () => {
		const noType = (row: string[]) => row.slice(1);
		const tables = await workbookTables({
			说明: [['本题库供内部练习使用']],
			'一、单选题': [noType(HEADER), noType(SINGLE_ROW)],
			多项选择题: [noType(HEADER), noType(MULTIPLE_ROW)],
			判断题: [noType(HEADER), noType(JUDGE_ROW)]
		});
		const { report, errors, questions } = importAndCompile(emptyBank(), tables);
		expect(errors).toEqual([]);
		expect(questions.map((q) => [q.id, q.type, q.answer])).toEqual([
			['admin-licensing-0001', 'single', 'C'],
			['admin-licensing-0002', 'multiple', ['A', 'B', 'C']],
			['admin-licensing-0003', 'judge', true]
		]);
		expect(formatImportReport(report, null).split('\n').slice(1, 5)).toEqual([
			'sheet 说明: not read: no header row with 题干 (or 题目) and 答案 in the first rows; row 1 has 本题库供内部练习使用',
			'sheet 一、单选题 (单选题): header in row 1, 1 rows',
			'sheet 多项选择题 (多选题): header in row 1, 1 rows',
			'sheet 判断题 (判断题): header in row 1, 1 rows'
		]);
	});

	it('CSV in UTF-8 and in GBK: quoted commas, line breaks and doubled quotes; columns in any order', () => {
		for (const name of ['common-layout.csv', 'common-layout-gbk.csv']) {
			const { errors, questions, report } = importAndCompile(emptyBank(), [csvTable(name, fixture(name))], name);
			expect(errors).toEqual([]);
			expect(report.skipped).toEqual([]);
			expect(questions.map((q) => [q.type, q.answer, q.articles])).toEqual([['judge', true, [48]], ['single', 'C', [42]], ['multiple', ['A', 'B', 'C'], [5]]]);
			expect(questions[0]!.explanation).toBe('第四十八条："七日前"通知。');
			expect(questions[1]!.explanation).toBe('选C，见第四十二条，\n二十日内作出决定。');
			expect(questions[2]!.options[3]!.text).toBe('行政机关内部讨论, 会议纪要');
			// No 解析: one is written from the quote, and the note asks an editor to write a real one.
			expect(questions[2]!.explanation).toBe('选ABC。《行政许可法》第五条规定：行政许可的实施和结果，除涉及国家秘密、商业秘密或者个人隐私的外，应当公开。');
		}
		expect(parseCsv('a,"b,""c""\nd"\r\ne,\n')).toEqual([['a', 'b,"c"\nd'], ['e', '']]);
		expect(parseCsv(toCsv([['=1', 'x,y'], ['"q"', '']]).slice(1))).toEqual([['=1', 'x,y'], ['"q"', '']]);
	});

	it('every answer notation and type name people type', async () => {
		const choice = (answer: string, type = '多选') => normaliseAnswer(answer, type === '多选' ? 'multiple' : 'single', ['A', 'B', 'C', 'D'], []);
		for (const a of ['A,B', 'A、B', 'A，B', 'AB', 'A;B', 'A；B', 'A|B', 'ab', 'Ａ Ｂ', 'B,A']) expect(choice(a)).toEqual({ answer: ['A', 'B'] });
		expect(choice('c', '单选')).toEqual({ answer: 'C' });
		for (const t of ['正确', '对', '√', '是', 'T', 't', '✓']) expect(normaliseAnswer(t, 'judge', [], [])).toEqual({ answer: true });
		for (const f of ['错误', '错', '×', '否', 'F', 'X']) expect(normaliseAnswer(f, 'judge', [], [])).toEqual({ answer: false });
		expect(normaliseAnswer('B', 'judge', [], ['正确', '错误'])).toEqual({ answer: false });
		expect(['单选', '单选题', '单项选择题', '多选', '多项选择', '多选题', '判断', '判断题', '是非题'].map(normaliseType)).toEqual(['single', 'single', 'single', 'multiple', 'multiple', 'multiple', 'judge', 'judge', 'judge']);
		expect(normaliseType('填空题')).toBeNull();
		const refs = ['第十二条', '第12条', '12', '《行政许可法》第十二条第一款', '《中华人民共和国行政许可法》第十二条、第十三条', '第12、13条', '第十二条至第十四条'];
		expect(refs.map((r) => parseArticleRefs(r, ['行政许可法', '中华人民共和国行政许可法'], 83))).toEqual([
			{ articles: [12] }, { articles: [12] }, { articles: [12] }, { articles: [12] }, { articles: [12, 13] }, { articles: [12, 13] }, { articles: [12, 13, 14] }
		]);
		// The same notations through a whole import: each row keeps its answer.
		const judge = (answer: string) => [...JUDGE_ROW.slice(0, 6), answer, ...JUDGE_ROW.slice(7)];
		const rows = ['正确', '对', '√', '是', 'T'].map((a, i) => judge(a).map((c, col) => (col === 1 ? `${c}（${i}）` : c)));
		const multiple = ['A,B,C', 'A、B、C', 'A，B，C', 'ABC', 'A;B;C', 'A|B|C', 'cba'].map((a, i) => [...MULTIPLE_ROW.slice(0, 1), `${MULTIPLE_ROW[1]}（${i}）`, ...MULTIPLE_ROW.slice(2, 6), a, ...MULTIPLE_ROW.slice(7)]);
		const { questions, errors } = importAndCompile(emptyBank(), await workbookTables({ s: [HEADER, ...rows, ...multiple] }));
		expect(errors).toEqual([]);
		expect(questions.map((q) => q.answer)).toEqual([true, true, true, true, true, ...multiple.map(() => ['A', 'B', 'C'])]);
	});
});

describe('bank import: rows that are skipped, with the reason', () => {
	it('lists every skipped row with its row number and reason; the rest is imported', async () => {
		const row = (edit: Record<number, string>) => numberedSingleRow(1).map((c, i) => edit[i] ?? c);
		const existing = '申请人、利害关系人应当在被告知听证权利之日起十日内提出听证申请。'; // in tests/fixtures/bank/valid.yaml
		const tables = await workbookTables({
			s: [
				HEADER,
				row({ 6: '' }), // 2 missing answer
				row({ 6: 'E' }), // 3 answer not among the options
				row({ 1: existing, 2: '', 3: '', 4: '', 5: '', 6: '错误', 0: '判断' }), // 4 duplicate of an existing question
				row({ 8: '' }), // 5 no article
				row({ 8: '第八十三条' }), // 6 poor quote match
				row({ 0: '填空题' }), // 7 unknown type
				row({ 1: '   ' }), // 8 empty stem
				row({ 8: '第500条' }), // 9 article beyond the law
				row({ 8: '《行政诉讼法》第四十六条' }), // 10 another law
				row({}), // 11 imported
				row({}), // 12 the same row again
				row({ 6: 'AB' }), // 13 two answers for a single-choice question
				row({ 3: '' }), // 14 option B empty, C and D not
				row({ 3: '七日' }), // 15 options A and B are the same
				['判断', '行政许可应当公开。', '对', '错', '可能', '', 'A', '', '第五条'] // 16 options on a judge row
			]
		});
		const files = emptyBank({ 'questions/admin-licensing/a.yaml': readFileSync(new URL('../fixtures/bank/valid.yaml', import.meta.url), 'utf8') });
		expect(reportOf(tables, files)).toEqual([
			'bank:import: test.xlsx → admin-licensing',
			'rows read: 15',
			'imported: 1 as admin-licensing-0004',
			'  quotes: 1 picked from the cited articles (note: imported, check quote), 0 from the 引文 column',
			'skipped: 14',
			'  row 2: missing answer',
			'  row 3: answer not among the options: E (options are ABCD)',
			'  row 4: duplicate of an existing question: admin-licensing-0001',
			'  row 5: no article: the 条文 cell is empty',
			'  row 6: poor quote match: the best sentence (第八十三条) scores 0.08, below 0.25; check the 条文 cell',
			'  row 7: unknown type "填空题" (use 单选, 多选 or 判断)',
			'  row 8: empty stem',
			'  row 9: no article: article 500 does not exist in 《行政许可法》 (it has 83 articles)',
			'  row 10: no article: the 条文 cell cites 《行政诉讼法》, not 《行政许可法》',
			'  row 12: duplicate of row 11 in this file',
			'  row 13: answer does not fit the type: a 单选 question has one answer, this has AB',
			'  row 14: option B is empty but a later option is not',
			'  row 15: options A and B are the same ("七日")',
			'  row 16: options on a 判断 row: a judge question has no options (only 正确 / 错误)'
		]);
	});

	it('fresh ids above the highest in use (question files and releases); the file is never overwritten', () => {
		const files = emptyBank({
			'questions/admin-licensing/a.yaml': readFileSync(new URL('../fixtures/bank/valid.yaml', import.meta.url), 'utf8'),
			'releases/0.9.0.json': JSON.stringify({ format: 1, id: 'fixture', version: '0.9.0', released: '2026-01-01', questions: { 'admin-licensing-0500': { rev: 1, fingerprint: 'x' } } })
		});
		const table = asTable([HEADER, numberedSingleRow(1)]);
		const { report } = runImport(files, [table]);
		expect(report.imported.map((r) => r.id)).toEqual(['admin-licensing-0501']);
		const again = runImport({ ...files, 'questions/admin-licensing/import-20261127T191300Z.yaml': '' }, [table]);
		expect(again.report.fatal).toBe('questions/admin-licensing/import-20261127T191300Z.yaml already exists; it is never overwritten');
		expect(importFileName(new Date('2026-11-27T19:13:00.123Z'))).toBe('import-20261127T191300Z.yaml');
	});
});

describe('bank import: broken files', () => {
	it('an empty file, an empty sheet, and a sheet with the wrong columns cannot be read', async () => {
		await expect(xlsxTables(new Uint8Array())).rejects.toThrow('the file is empty (0 bytes)');
		await expect(xlsxTables(new TextEncoder().encode('题干,答案'))).rejects.toThrow('not a readable .xlsx file');
		expect(reportOf(await workbookTables({ Sheet1: [] }))).toEqual([
			'bank:import: test.xlsx → admin-licensing',
			'error: no sheet has the question layout (Sheet1: no header row with 题干 (or 题目) and 答案 in the first rows; the sheet is empty)'
		]);
		expect(reportOf(await workbookTables({ Sheet1: [['序号', '问题描述', '备选项', '参考'], ['1', 'x', 'y', 'z']] }))).toEqual([
			'bank:import: test.xlsx → admin-licensing',
			'error: no sheet has the question layout (Sheet1: no header row with 题干 (or 题目) and 答案 in the first rows; row 1 has 序号 | 问题描述 | 备选项 | 参考)'
		]);
		expect(reportOf([csvTable('only-header.csv', new TextEncoder().encode(`${HEADER.join(',')}\n`))]).slice(1)).toEqual(['rows read: 0', 'imported: 0', 'skipped: 0']);
	});

	it('merged cells read as their first cell: a merged 题型 column works, options merged across columns are caught', async () => {
		const second = numberedSingleRow(2);
		const tables = await workbookTables({ s: [HEADER, numberedSingleRow(1), second.map((c, i) => (i === 0 ? '' : c)), numberedSingleRow(3)] }, (wb) => {
			const sheet = wb.getWorksheet('s')!;
			sheet.mergeCells('A2:A3');
			sheet.mergeCells('C4:D4');
			// A 题型 merge running past the last question leaves rows with only that cell.
			sheet.mergeCells('A4:A6');
		});
		const { report, errors, questions } = importAndCompile(emptyBank(), tables);
		expect(errors).toEqual([]);
		expect(questions.map((q) => q.type)).toEqual(['single', 'single']);
		expect(formatImportReport(report, null).split('\n')).toContain('  row 4: options A and B are the same ("七日")');
		expect(report.sheets[0]!.merges).toEqual(['A2:A3', 'C4:D4', 'A4:A6']);
		expect(report.rowsRead).toBe(3);
	});

	it('formulas: a saved result is used; a formula without one, or an error value, skips the row', async () => {
		const tables = await workbookTables({ s: [HEADER, numberedSingleRow(1), numberedSingleRow(2), numberedSingleRow(3)] }, (wb) => {
			const sheet = wb.getWorksheet('s')!;
			sheet.getCell('G2').value = { formula: 'MID("ABC",3,1)', result: 'C' };
			sheet.getCell('G3').value = { formula: 'MID("ABC",3,1)' } as never;
			sheet.getCell('I4').value = { error: '#REF!' };
		});
		const { report, errors, questions } = importAndCompile(emptyBank(), tables);
		expect(errors).toEqual([]);
		expect(questions.map((q) => q.answer)).toEqual(['C']);
		expect(report.skipped).toEqual([
			{ where: 'row 3', reason: 'unreadable cell G3: formula =MID("ABC",3,1) has no saved result (open the file in Excel and save it)' },
			{ where: 'row 4', reason: 'unreadable cell I4: error value #REF!' }
		]);
	});

	it('5,000 rows are read, checked and compiled in a few seconds', async () => {
		const bytes = await workbookBytes({ s: [HEADER, ...Array.from({ length: 5000 }, (_, i) => numberedSingleRow(i))] });
		const started = performance.now();
		const tables = await xlsxTables(bytes);
		const { report } = runImport(emptyBank(), tables);
		const seconds = (performance.now() - started) / 1000;
		expect(report.rowsRead).toBe(5000);
		expect(report.imported).toHaveLength(5000);
		expect(report.imported.at(-1)!.id).toBe('admin-licensing-5000');
		// About 3 s on an idle two-core machine; the bound leaves room for a busy one.
		expect(seconds).toBeLessThan(10);
	}, 30_000);
});

describe('bank export', () => {
	it('prefixes text that would run as a formula, and the importer removes the mark again', async () => {
		expect(['=SUM(A1)', '+86', '-5日', '@x', '五日'].map(guardCell)).toEqual(["'=SUM(A1)", "'+86", "'-5日", "'@x", '五日']);
		const row = numberedSingleRow(1).map((c, i) => (i === 7 ? '=见第四十二条' : c));
		const tables = await xlsxTables(await rowsToXlsx([HEADER, row.map(guardCell)], 'x'));
		expect(tables[0]!.rows[1]!.cells[7]).toBe("'=见第四十二条");
		expect(importAndCompile(emptyBank(), tables).questions[0]!.explanation).toBe('=见第四十二条');
	});
});

describe('the commands (npm run bank:export / bank:import)', () => {
	it('export to xlsx, import into an empty bank: exit 0, a new file that compiles; unreadable files exit 1', () => {
		const from = bankFolder(adminLicensingBank());
		const into = bankFolder(emptyBank());
		try {
			const xlsx = join(from, 'export.xlsx');
			const exported = run('bank-export.ts', ['--law', 'admin-licensing', '--format', 'xlsx', '--out', xlsx, '--bank', from]);
			expect(exported.status).toBe(0);
			expect(exported.out).toMatch(/^bank:export: \d+ questions of admin-licensing \(bank 1\.0\.0\) → /);
			const imported = run('bank-import.ts', [xlsx, '--law', 'admin-licensing', '--bank', into]);
			expect(imported.status, imported.out).toBe(0);
			expect(imported.out).toMatch(/^imported: \d+ as admin-licensing-0001 … admin-licensing-\d{4} → .*import-\d{8}T\d{6}Z\.yaml$/m);
			expect(imported.out).toContain('skipped: 0');
			expect(readdirSync(join(into, 'questions/admin-licensing'))).toHaveLength(1);
			expect(compileBank(folderSource(into)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

			const out = join(into, 'out');
			const toDir = run('bank-import.ts', [xlsx, '--law', 'admin-licensing', '--bank', into, '--out', out]);
			expect(toDir.status).toBe(0);
			// The bank now holds every question, so each row is a duplicate and nothing is written.
			expect(toDir.out).toMatch(/^skipped: \d+\n  row 2: duplicate of an existing question: admin-licensing-0001$/m);

			writeFileSync(join(into, 'broken.xlsx'), 'not a zip file');
			const broken = run('bank-import.ts', [join(into, 'broken.xlsx'), '--law', 'admin-licensing', '--bank', into]);
			expect(broken.status).toBe(1);
			expect(broken.out).toMatch(/error: not a readable \.xlsx file/);
			expect(run('bank-import.ts', [join(into, 'missing.csv'), '--law', 'admin-licensing', '--bank', into]).status).toBe(1);
			expect(run('bank-import.ts', [xlsx, '--law', 'no-such-law', '--bank', into]).out).toMatch(/error: law no-such-law is not in bank\.yaml/);
		} finally {
			rmSync(from, { recursive: true, force: true });
			rmSync(into, { recursive: true, force: true });
		}
	}, 60_000);
});
