/** Compiler messages: every problem names file, line, question id and the rule it breaks. */

export type RuleName =
	| 'format'
	| 'rule 1 id'
	| 'rule 2 type/options/answer'
	| 'rule 3 articles'
	| 'rule 4 grounding'
	| 'rule 5 stem'
	| 'rule 6 rev'
	| 'rule 7 version'
	| 'rule 8 key check';

export interface Diagnostic {
	severity: 'error' | 'warning';
	file: string;
	line: number;
	id?: string;
	rule: RuleName;
	message: string;
	/** Extra lines shown under the message, such as the cited article's text. */
	detail?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
	const head = `${d.file}:${d.line}: ${d.severity} [${d.rule}]${d.id ? ` ${d.id}` : ''}: ${d.message}`;
	if (!d.detail) return head;
	return `${head}\n${d.detail
		.split('\n')
		.map((l) => `    ${l}`)
		.join('\n')}`;
}
