/**
 * One question file as a list of items, each with its plain value and the lines of its fields.
 * The fast reader (fast-yaml.ts) handles the usual shape; anything else goes through `yaml`,
 * which also reports every syntax error with its line.
 */
import { LineCounter, parseDocument, isSeq, isMap, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics';
import { lineOfTreePath, readQuestionsFast } from './fast-yaml';
import { lineOf, lineOfPath, toPlain } from './yaml-lines';

export interface QuestionItem {
	/** The line of the item's "- ". */
	line: number;
	/** The item as plain data, or why it cannot be converted (an alias without its anchor…). */
	plain: { value: unknown } | { error: string };
	isMap: boolean;
	/** The line of the field at `path` inside the item, or `line` when there is no such field. */
	at(path: readonly PropertyKey[]): number;
}

/** The file's items, or null when the file cannot be read as a list (the problem is reported). */
export function readQuestionFile(
	text: string,
	file: string,
	report: (d: Omit<Diagnostic, 'severity'>) => void
): QuestionItem[] | null {
	const fast = readQuestionsFast(text);
	if (fast) {
		return fast.map(({ value, tree }) => ({
			line: tree.line,
			plain: { value },
			isMap: true,
			at: (path) => lineOfTreePath(tree, path, tree.line)
		}));
	}
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
	if (doc.errors.length > 0) {
		for (const e of doc.errors) {
			report({ file, line: counter.linePos(e.pos[0]).line, rule: 'format', message: `YAML: ${e.message.split('\n')[0]}` });
		}
		return null;
	}
	if (doc.contents === null) return []; // an empty file holds no questions
	if (!isSeq(doc.contents)) {
		report({ file, line: lineOf(doc.contents as Node, counter), rule: 'format', message: 'a question file must be a list of questions (items starting with "- id:")' });
		return null;
	}
	return doc.contents.items.map((item) => {
		const line = lineOf(item as Node, counter);
		return {
			line,
			plain: toPlain(() => (item as Node & { toJSON(): unknown }).toJSON?.() ?? null),
			isMap: isMap(item),
			at: (path) => lineOfPath(item, path, counter, line)
		};
	});
}
