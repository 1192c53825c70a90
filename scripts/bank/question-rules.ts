/**
 * The per-question rules the compiler applies to one parsed question: rule 2 (type, options and
 * answer agree), the schema messages, the term match of rule 8 and the white-space normal form.
 */
import type { z } from 'zod';
import { OPTION_KEYS, type Answer, type OptionKey, type QuestionOption } from '../../src/lib/core/bank-types';
import { tidyChineseSpacing } from '../../src/lib/core/text';
import type { RuleName } from './diagnostics';
import type { QuestionSource } from './schema';

/** Rule 2: type, options and answer agree. Returns the normalised options and answer, or null. */
export function checkShape(
	src: QuestionSource,
	q: (rule: RuleName, message: string, path?: PropertyKey[]) => void
): { options: QuestionOption[]; answer: Answer } | null {
	const rule: RuleName = 'rule 2 type/options/answer';
	if (src.type === 'judge') {
		let ok = true;
		if (src.options !== undefined) {
			q(rule, 'a judge question has no options', ['options']);
			ok = false;
		}
		if (typeof src.answer !== 'boolean') {
			q(rule, 'a judge question needs answer: true or answer: false', ['answer']);
			ok = false;
		}
		return ok ? { options: [], answer: src.answer as boolean } : null;
	}

	const entries = Object.entries(src.options ?? {});
	let ok = true;
	if (entries.length < 2 || entries.length > 6) {
		q(rule, `a ${src.type} question needs 2-6 options; it has ${entries.length}`, [src.options ? 'options' : 'type']);
		return null;
	}
	const keys = entries.map(([k]) => k);
	const expected = OPTION_KEYS.slice(0, keys.length);
	if (keys.some((k, i) => k !== expected[i])) {
		q(rule, `option keys must be ${expected.join(', ')} in order; found ${keys.join(', ')}`, ['options']);
		ok = false;
	}
	const seenText = new Map<string, string>();
	for (const [k, text] of entries) {
		if (text === '') {
			q(rule, `option ${k} is empty`, ['options', k]);
			ok = false;
			continue;
		}
		const normal = stripWhitespace(text);
		const other = seenText.get(normal);
		if (other) {
			q(rule, `options ${other} and ${k} are the same`, ['options', k]);
			ok = false;
		}
		seenText.set(normal, k);
	}
	const options = entries.map(([key, text]) => ({ key: key as OptionKey, text: tidyChineseSpacing(text) }));

	let answer: Answer | null = null;
	if (src.type === 'single') {
		if (typeof src.answer !== 'string' || src.answer.length !== 1) {
			q(rule, 'a single-choice question has exactly one answer key, like answer: B', ['answer']);
		} else answer = src.answer as OptionKey;
	} else {
		if (!Array.isArray(src.answer) || src.answer.length < 2) {
			q(rule, 'a multiple-choice question has two or more answer keys, like answer: [A, C]', ['answer']);
		} else if (new Set(src.answer).size !== src.answer.length) {
			q(rule, 'an answer key is listed twice', ['answer']);
		} else {
			answer = [...src.answer].sort() as OptionKey[];
		}
	}
	if (answer !== null) {
		const list = Array.isArray(answer) ? answer : [answer as string];
		for (const k of list) {
			if (!keys.includes(k)) {
				q(rule, `answer key ${k} is not an option`, ['answer']);
				answer = null;
				break;
			}
		}
	}
	return ok && answer !== null ? { options, answer } : null;
}

export function reportSchemaIssue(
	issue: z.core.$ZodIssue,
	q: (rule: RuleName, message: string, path?: PropertyKey[]) => void
): void {
	const path = issue.path as PropertyKey[];
	const field = path.join('.');
	if (issue.code === 'unrecognized_keys') {
		q('format', `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (see docs/QUESTION-BANK.md for the fields)`, [...path, issue.keys[0]!]);
		return;
	}
	const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
	q('format', missing ? `missing field ${field}` : `${field}: ${issue.message}`, path);
}

const NUMERAL_CHAR = /[零〇一二两三四五六七八九十百千万0-9]/;

/**
 * Whether `term` occurs in `text` as itself: a number is not found inside a longer number
 * (十日 is not in 二十日, 十五日 is not in 四十五日), and terms under two characters never count.
 */
export function containsTerm(text: string, term: string): boolean {
	if (term.length < 2) return false;
	const startsNumeral = NUMERAL_CHAR.test(term[0]!);
	const endsNumeral = NUMERAL_CHAR.test(term[term.length - 1]!);
	for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
		if (startsNumeral && at > 0 && NUMERAL_CHAR.test(text[at - 1]!)) continue;
		const after = text[at + term.length];
		if (endsNumeral && after !== undefined && NUMERAL_CHAR.test(after)) continue;
		return true;
	}
	return false;
}

const WHITESPACE_ALL = /[\s\u3000\u00a0\ufeff]/gu;

/**
 * The same normal form as stripWhitespace in src/lib/core/text.ts (every white-space character
 * is in the BMP, so one regular-expression pass removes the same characters), without its
 * per-character loop, which was a tenth of a 20,000-question compile.
 */
export function stripWhitespace(text: string): string {
	return text.replace(WHITESPACE_ALL, '');
}
