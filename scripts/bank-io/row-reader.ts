/**
 * One spreadsheet row to one question (without its id yet), or the reason it cannot be one.
 * Checks run in the order a person would fix them: unreadable cells, stem, type, options,
 * answer, articles, duplicate, quote.
 */
import { OPTION_KEYS, type OptionKey, type QuestionType } from '../../src/lib/core/bank-types';
import { articleLabel } from '../../src/lib/core/chinese-numerals';
import { stripWhitespace } from '../../src/lib/core/text';
import { areJudgeWords, normaliseAnswer, normaliseDifficulty, normaliseType, splitTags } from './answers';
import { parseArticleRefs } from './article-refs';
import { duplicateKey, type BankContext } from './bank-context';
import type { Field } from './headers';
import { pickQuote, QUOTE_THRESHOLD } from './quote-picking';
import type { TableRow } from './table';
import type { QuestionDraft } from './yaml-writer';

export type RowDraft = Omit<QuestionDraft, 'id'>;

export interface ReadRow {
	draft: RowDraft;
	duplicateKey: string;
	/** Whether the quote came from the file's 引文 column (checked) or was picked. */
	quoteFrom: 'column' | 'picked';
	score: number | null;
	explanationWritten: boolean;
	/** Something an editor should know although the row was imported. */
	remark?: string;
}

export type RowOutcome = ReadRow | { reason: string };

export const NOTE_PICKED = 'imported, check quote';
export const NOTE_GIVEN = 'imported';
export const NOTE_EXPLANATION = ', write the explanation';

/** A1-style column letters for messages: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
	let n = index + 1;
	let out = '';
	while (n > 0) {
		out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
		n = Math.floor((n - 1) / 26);
	}
	return out;
}

/**
 * A cell's text. The exporter writes a ' before text starting with = + - @ (so that Excel does
 * not run it as a formula); that mark is removed again here, so an exported file re-imports.
 */
export function cleanCell(text: string | undefined): string {
	const t = (text ?? '').replace(/\r\n?/g, '\n').trim();
	return /^'[=+\-@]/.test(t) ? t.slice(1) : t;
}

/** "A．宪法" in the 选项A column: the repeated letter is dropped. */
function optionText(raw: string, key: OptionKey): string {
	const m = /^([A-FＡ-Ｆa-f])\s*[.．、:：)）]\s*/u.exec(raw);
	return m && m[1]!.normalize('NFKC').toUpperCase() === key ? raw.slice(m[0].length).trim() : raw;
}

export function readRow(row: TableRow, columns: Partial<Record<Field, number>>, sheetType: QuestionType | null, sheetName: string, bank: BankContext): RowOutcome {
	const cell = (field: Field) => {
		const i = columns[field];
		return i === undefined ? '' : cleanCell(row.cells[i]);
	};
	const used = new Set(Object.values(columns));
	const problem = row.problems.find((p) => used.has(p.column));
	if (problem) return { reason: `unreadable cell ${columnLetter(problem.column)}${row.number}: ${problem.message}` };

	const stem = cell('stem');
	if (stem === '') return { reason: 'empty stem' };
	const typeText = cell('type');
	const type = typeText ? normaliseType(typeText) : sheetType;
	if (!type) {
		return { reason: typeText ? `unknown type "${typeText}" (use 单选, 多选 or 判断)` : `unknown type: no 题型, and the sheet name "${sheetName}" names none` };
	}

	const optionCells = OPTION_KEYS.map((k) => optionText(cell(`option${k}`), k));
	while (optionCells.length > 0 && optionCells[optionCells.length - 1] === '') optionCells.pop();
	const options: Partial<Record<OptionKey, string>> = {};
	if (type === 'judge') {
		if (!areJudgeWords(optionCells)) return { reason: 'options on a 判断 row: a judge question has no options (only 正确 / 错误)' };
	} else {
		const gap = optionCells.indexOf('');
		if (gap >= 0) return { reason: `option ${OPTION_KEYS[gap]} is empty but a later option is not` };
		if (optionCells.length < 2) return { reason: `a ${type === 'single' ? '单选' : '多选'} question needs 2-6 options; this row has ${optionCells.length}` };
		const seen = new Map<string, OptionKey>();
		for (const [i, text] of optionCells.entries()) {
			const key = OPTION_KEYS[i]!;
			const same = seen.get(stripWhitespace(text));
			if (same) return { reason: `options ${same} and ${key} are the same ("${text}")` };
			seen.set(stripWhitespace(text), key);
			options[key] = text;
		}
	}
	const optionKeys = Object.keys(options);
	const answered = normaliseAnswer(cell('answer'), type, optionKeys, optionCells);
	if ('reason' in answered) return answered;
	const answer = answered.answer;

	const refs = parseArticleRefs(cell('articles'), bank.lawNames, bank.law.structure.articles.length);
	if ('reason' in refs) return refs;
	const articles = refs.articles;

	const caseText = cell('case') || undefined;
	const key = duplicateKey(caseText, stem, Object.values(options));
	const existing = bank.liveKeys.get(key);
	if (existing) return { reason: `duplicate of an existing question: ${existing}` };

	// The quote: the file's own 引文 when it is verbatim in a cited article, else the best sentence.
	const given = cell('quote');
	const givenNormal = stripWhitespace(given);
	const givenOk = givenNormal.length >= 8 && articles.some((n) => bank.articleNormal.get(n)?.includes(givenNormal));
	let quote = given;
	let score: number | null = null;
	if (!givenOk) {
		const keyed = type === 'judge' ? [] : (Array.isArray(answer) ? answer : [answer as OptionKey]).map((k) => options[k] ?? '');
		const pick = pickQuote(bank.sentences, articles, stem, keyed);
		if (!pick) return { reason: `no article: ${articles.map(articleLabel).join('、')} has no sentence long enough to quote` };
		if (pick.score < QUOTE_THRESHOLD) {
			return { reason: `poor quote match: the best sentence (${articleLabel(pick.sentence.article)}) scores ${pick.score.toFixed(2)}, below ${QUOTE_THRESHOLD}; check the 条文 cell` };
		}
		quote = pick.sentence.text;
		score = pick.score;
	}

	let explanation = cell('explanation');
	const explanationWritten = explanation === '';
	if (explanationWritten) {
		const verdict = type === 'judge' ? (answer ? '正确' : '错误') : `选${Array.isArray(answer) ? answer.join('') : String(answer)}`;
		const quoteArticle = articles.find((n) => bank.articleNormal.get(n)?.includes(stripWhitespace(quote))) ?? articles[0]!;
		explanation = `${verdict}。《${bank.law.info.short}》${articleLabel(quoteArticle)}规定：${quote}。`;
	}
	const draft: RowDraft = {
		rev: 1,
		type,
		articles,
		...(caseText ? { case: caseText } : {}),
		stem,
		...(type === 'judge' ? {} : { options }),
		answer,
		quote,
		explanation,
		difficulty: normaliseDifficulty(cell('difficulty')),
		tags: splitTags(cell('tags')),
		note: (givenOk ? NOTE_GIVEN : NOTE_PICKED) + (explanationWritten ? NOTE_EXPLANATION : '')
	};
	const remark = given && !givenOk ? '引文 not found verbatim in the cited articles; a quote was picked instead' : undefined;
	return { draft, duplicateKey: key, quoteFrom: givenOk ? 'column' : 'picked', score, explanationWritten, ...(remark ? { remark } : {}) };
}
