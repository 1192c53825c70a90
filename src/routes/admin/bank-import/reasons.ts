/**
 * The importer (scripts/bank-io) words its reasons in English for the command line; the admin page
 * shows a Chinese category beside that detail. Categories are recognised by the reason's prefix.
 */
const CATEGORIES: [prefix: string, label: string][] = [
	['missing answer', '缺少答案'],
	['answer not among the options', '答案不在选项中'],
	['answer does not fit the type', '答案与题型不符'],
	['no article', '缺少可用法条'],
	['poor quote match', '法条与答案不吻合'],
	['duplicate of an existing question', '与题库已有题目重复'],
	['duplicate of', '与本文件中的题目重复'],
	['unreadable cell', '单元格无法读取'],
	['empty stem', '题干为空'],
	['unknown type', '题型无法识别'],
	['options on a 判断 row', '判断题不应有选项'],
	['option ', '选项不完整'],
	['a 单选 question needs', '选项数量不对'],
	['a 多选 question needs', '选项数量不对'],
	['options ', '选项重复'],
	['no free id', '题号已用完'],
	['rejected by the compiler', '未通过题库检查']
];

export function reasonLabel(reason: string): string {
	return CATEGORIES.find(([prefix]) => reason.startsWith(prefix))?.[1] ?? '无法导入';
}

/** "row 12" → "第 12 行"; "单选 row 3" (one sheet of several) → "单选 第 3 行". */
export function rowLabel(where: string): string {
	return where.replace(/\brow (\d+)$/, '第 $1 行');
}
