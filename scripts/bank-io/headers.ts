/**
 * Finds the header row of a sheet and maps its columns to question fields. Units name their
 * columns in many ways (题目 for 题干, 正确答案 for 答案, "题干（必填）", full-width letters), so
 * names are compared after normalising and against a list of aliases.
 */
import { OPTION_KEYS, type OptionKey } from '../../src/lib/core/bank-types';
import type { SheetTable, TableRow } from './table';

export type Field =
	| 'type'
	| 'stem'
	| `option${OptionKey}`
	| 'answer'
	| 'explanation'
	| 'difficulty'
	| 'tags'
	| 'score'
	| 'articles'
	| 'quote'
	| 'id'
	| 'case';

const ALIASES: Record<Field, string[]> = {
	type: ['题型', '题目类型', '试题类型', '类型'],
	stem: ['题干', '题目', '试题', '题目内容', '试题内容', '问题', '题干内容'],
	optionA: [],
	optionB: [],
	optionC: [],
	optionD: [],
	optionE: [],
	optionF: [],
	answer: ['答案', '正确答案', '正确选项', '标准答案', '参考答案'],
	explanation: ['解析', '答案解析', '试题解析', '题目解析', '解答'],
	difficulty: ['难度', '难易度', '难易程度', '难度等级'],
	tags: ['知识点', '标签', '考点'],
	score: ['分值', '分数'],
	articles: ['条文', '法条', '依据', '法律依据', '条文依据', '法条依据'],
	quote: ['引文'],
	id: ['编号'],
	case: ['案例', '案例材料', '材料', '背景材料']
};
for (const key of OPTION_KEYS) ALIASES[`option${key}`] = [`选项${key}`, `${key}选项`, key];

const FIELD_BY_NAME = new Map<string, Field>(
	(Object.entries(ALIASES) as [Field, string[]][]).flatMap(([field, names]) => names.map((n) => [n, field] as const))
);

/**
 * The comparable form of a header: full-width letters and brackets made half-width (NFKC),
 * white space, asterisks and colons removed, bracketed remarks such as （必填） or (单选) dropped.
 */
export function normaliseHeader(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/[\s*＊:]/gu, '')
		.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>/g, '')
		.toUpperCase();
}

export function fieldOfHeader(text: string): Field | null {
	return FIELD_BY_NAME.get(normaliseHeader(text)) ?? null;
}

export interface HeaderMap {
	/** The header row. */
	row: TableRow;
	columns: Partial<Record<Field, number>>;
	/** Headers that name no field (kept in the report so that a typo is noticed). */
	unknown: string[];
	/** Headers naming a field a column before them already names. */
	repeated: string[];
}

/** How many rows at the top may hold titles or notes before the header row. */
const HEADER_SEARCH_ROWS = 10;

/**
 * The header row is the first of the top rows that names both a stem column and an answer
 * column; a title row (a merged 某某单位题库 cell) above it is skipped.
 */
export function findHeader(table: SheetTable): HeaderMap | null {
	for (const row of table.rows.slice(0, HEADER_SEARCH_ROWS)) {
		const map = mapHeaderRow(row);
		if (map.columns.stem !== undefined && map.columns.answer !== undefined) return map;
	}
	return null;
}

function mapHeaderRow(row: TableRow): HeaderMap {
	const columns: Partial<Record<Field, number>> = {};
	const unknown: string[] = [];
	const repeated: string[] = [];
	row.cells.forEach((cell, i) => {
		if (cell.trim() === '') return;
		const field = fieldOfHeader(cell);
		if (!field) unknown.push(cell.trim());
		else if (columns[field] !== undefined) repeated.push(cell.trim());
		else columns[field] = i;
	});
	return { row, columns, unknown, repeated };
}

/** The headers a sheet has, for the message when no header row is found. */
export function describeTopRow(table: SheetTable): string {
	const first = table.rows[0];
	if (!first) return 'the sheet is empty';
	const names = first.cells.map((c) => c.trim()).filter((c) => c !== '');
	return names.length > 0 ? `row ${first.number} has ${names.join(' | ')}` : 'the first row is empty';
}
