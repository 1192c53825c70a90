/**
 * Writes imported questions as a question file in the bank's own style: fields in the order of
 * docs/QUESTION-BANK.md, short lists in flow style ([12, 13]), a blank line between questions.
 * The yaml library does the quoting, so a stem like "是" or an option like "123" stays a string.
 */
import { Document, isSeq, type Node } from 'yaml';
import type { Answer, Difficulty, OptionKey, QuestionType } from '../../src/lib/core/bank-types';

/** One question as written to YAML (the fields of scripts/bank/schema.ts). */
export interface QuestionDraft {
	id: string;
	rev: number;
	type: QuestionType;
	articles: number[];
	case?: string;
	stem: string;
	options?: Partial<Record<OptionKey, string>>;
	answer: Answer;
	quote: string;
	explanation: string;
	difficulty: Difficulty;
	tags: string[];
	note?: string;
}

const FLOW_FIELDS = new Set(['articles', 'tags', 'answer']);

/** One question as a list item; `source` (where it came from) goes in a comment above it. */
export function questionToYaml(question: QuestionDraft, source?: string): string {
	// Undefined fields are dropped, and the object's key order is the order written.
	const ordered: Record<string, unknown> = {};
	for (const key of ['id', 'rev', 'type', 'articles', 'case', 'stem', 'options', 'answer', 'quote', 'explanation', 'difficulty', 'tags', 'note'] as const) {
		const value = question[key];
		if (value !== undefined && !(key === 'tags' && question.tags.length === 0)) ordered[key] = value;
	}
	const doc = new Document([ordered]);
	const item = (doc.contents as { items: Node[] }).items[0] as unknown as { items: { key: { value: string }; value: Node }[] };
	for (const pair of item.items) {
		if (FLOW_FIELDS.has(String(pair.key.value)) && isSeq(pair.value)) pair.value.flow = true;
	}
	// lineWidth 0: never fold a long line; Chinese text has no spaces to fold at anyway.
	const text = doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: false });
	return source ? `# ${source}\n${text}` : text;
}

export function questionsToYaml(questions: readonly { question: QuestionDraft; source?: string }[], header: readonly string[]): string {
	const comment = header.map((l) => `# ${l}`.trimEnd()).join('\n');
	return `${comment}\n${questions.map((q) => questionToYaml(q.question, q.source)).join('\n')}`;
}
