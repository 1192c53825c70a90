/**
 * What people actually type in the 题型, 答案, 难度 and 标签 cells, made into the bank's values.
 */
import { OPTION_KEYS, type Answer, type Difficulty, type OptionKey, type QuestionType } from '../../src/lib/core/bank-types';

/** Full-width letters and punctuation made half-width, white space removed. */
function compact(text: string): string {
	return text.normalize('NFKC').replace(/[\s\u3000]/gu, '');
}

const TYPE_WORDS: [QuestionType, RegExp][] = [
	['single', /单选|单项/],
	['multiple', /多选|多项/],
	['judge', /判断|是非|对错/]
];
const ENGLISH_TYPES: Record<string, QuestionType> = { single: 'single', multiple: 'multiple', judge: 'judge' };

/**
 * 单选 / 单项选择题 / 多选 / 多项选择 / 判断 / 判断题 (and a sheet name like 一、单选题（50题）) to the
 * bank's type; null when the text names no type or more than one.
 */
export function normaliseType(text: string): QuestionType | null {
	const t = compact(text);
	if (t === '') return null;
	const english = ENGLISH_TYPES[t.toLowerCase()];
	if (english) return english;
	const found = TYPE_WORDS.filter(([, re]) => re.test(t)).map(([type]) => type);
	return found.length === 1 ? found[0]! : null;
}

const TRUE_WORDS = new Set(['正确', '对', '√', '✓', '✔', '是', 'T', 'TRUE', 'Y', 'YES', '1']);
const FALSE_WORDS = new Set(['错误', '错', '×', '✗', '✘', 'X', '否', 'F', 'FALSE', 'N', 'NO', '0']);

export type AnswerResult = { answer: Answer } | { reason: string };

/**
 * Reads an answer cell for a question of `type` whose options use the keys `optionKeys`.
 * Choice answers: A,B / A、B / A，B / AB / A;B / A|B / a b, in any order. Judge answers:
 * 正确 / 错误 / 对 / 错 / √ / × / 是 / 否 / T / F, or a letter when the sheet gives judge
 * questions the options 正确 and 错误.
 */
export function normaliseAnswer(raw: string, type: QuestionType, optionKeys: readonly string[], optionTexts: readonly string[]): AnswerResult {
	const text = compact(raw).toUpperCase().replace(/^答案[:：]?/, '');
	if (text === '') return { reason: 'missing answer' };
	if (type === 'judge') return judgeAnswer(text, optionTexts);

	const letters = text.replace(/[,，、;；|/.．和]/g, '');
	if (!/^[A-Z]+$/.test(letters)) return { reason: `answer not among the options: cannot read "${raw.trim()}" as option letters` };
	const keys = [...new Set(letters.split(''))].sort() as OptionKey[];
	const missing = keys.filter((k) => !optionKeys.includes(k));
	if (missing.length > 0) {
		return { reason: `answer not among the options: ${missing.join('、')} (options are ${optionKeys.join('') || 'none'})` };
	}
	if (type === 'single' && keys.length !== 1) return { reason: `answer does not fit the type: a 单选 question has one answer, this has ${keys.join('')}` };
	if (type === 'multiple' && keys.length < 2) return { reason: `answer does not fit the type: a 多选 question has two or more answers, this has ${keys.join('')}` };
	return { answer: type === 'single' ? keys[0]! : keys };
}

function judgeAnswer(text: string, optionTexts: readonly string[]): AnswerResult {
	const word = text.replace(/[。.!！]$/, '');
	if (TRUE_WORDS.has(word)) return { answer: true };
	if (FALSE_WORDS.has(word)) return { answer: false };
	// A judge question laid out as a choice between 正确 (A) and 错误 (B).
	const index = OPTION_KEYS.indexOf(word as OptionKey);
	const optionWord = index >= 0 ? compact(optionTexts[index] ?? '').toUpperCase() : '';
	if (TRUE_WORDS.has(optionWord)) return { answer: true };
	if (FALSE_WORDS.has(optionWord)) return { answer: false };
	return { reason: `answer not among the options: a 判断 answer is 正确 or 错误, not "${text}"` };
}

/** Whether the options of a judge row are only the words 正确 / 错误 (which the bank leaves out). */
export function areJudgeWords(optionTexts: readonly string[]): boolean {
	return optionTexts.every((t) => {
		const w = compact(t).toUpperCase();
		return w === '' || TRUE_WORDS.has(w) || FALSE_WORDS.has(w);
	});
}

const DIFFICULTY_WORDS: Record<string, Difficulty> = {
	易: 1, 容易: 1, 简单: 1, 低: 1, 较易: 1,
	中: 2, 中等: 2, 一般: 2, 适中: 2,
	难: 3, 困难: 3, 较难: 3, 高: 3
};
export const DEFAULT_DIFFICULTY: Difficulty = 2;

/** 1-3, or 易 / 中 / 难 and their synonyms; anything else gives the default, 2. */
export function normaliseDifficulty(raw: string): Difficulty {
	const t = compact(raw);
	if (t === '1' || t === '2' || t === '3') return Number(t) as Difficulty;
	return DIFFICULTY_WORDS[t] ?? DEFAULT_DIFFICULTY;
}

/** 知识点 / 标签 cells: words separated by commas, 、, semicolons, slashes or spaces. */
export function splitTags(raw: string): string[] {
	const tags = raw
		.normalize('NFKC')
		.split(/[,，、;；|/\s]+/u)
		.map((t) => t.trim())
		.filter((t) => t !== '');
	return [...new Set(tags)];
}
