import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { lineOfTreePath, readQuestionsFast, type LineTree } from '../../scripts/bank/fast-yaml';
import { lineOf, lineOfPath } from '../../scripts/bank/yaml-lines';

// The compiler reads question files with fast-yaml.ts and falls back to `yaml` when it returns
// null. Where it answers, it must give exactly what `yaml` gives: values, item lines, field lines.
const root = join(__dirname, '../../question-bank/questions');
const realFiles = readdirSync(root).flatMap((law) => readdirSync(join(root, law)).map((f) => readFileSync(join(root, law, f), 'utf8')));

function pathsOf(tree: LineTree, prefix: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
	out.push(prefix);
	if (tree.kind === 'map') for (const [k, v] of tree.keys) pathsOf(v.value, [...prefix, k], out);
	if (tree.kind === 'seq') tree.items.forEach((c, i) => pathsOf(c, [...prefix, i], out));
	return out;
}

/** Null, or the same as `yaml`; returns whether the fast reader answered. */
function agreesWithYaml(text: string): boolean {
	const fast = readQuestionsFast(text);
	if (fast === null) return false;
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
	expect(doc.errors.map((e) => e.message)).toEqual([]);
	const items = doc.contents === null ? [] : isSeq(doc.contents) ? doc.contents.items : [doc.contents];
	expect(fast.length).toBe(items.length);
	fast.forEach((item, i) => {
		const node = items[i] as Node & { toJSON(): unknown };
		expect(item.value).toEqual(node.toJSON());
		expect(item.tree.line).toBe(lineOf(node, counter));
		for (const path of [...pathsOf(item.tree), ['missing'], ['options', 'Z'], ['articles', 99], ['stem', 'x']]) {
			expect(lineOfTreePath(item.tree, path, -1), JSON.stringify(path)).toBe(lineOfPath(node, path, counter, -1));
		}
	});
	return true;
}

describe('fast question-file reader', () => {
	it('reads every real question file, exactly as yaml does', () => {
		for (const text of realFiles) expect(agreesWithYaml(text)).toBe(true);
	}, 120_000);

	it('leaves what it is not sure of to yaml', () => {
		const unsure = [
			'- id: a\n  stem: "x\\ty"\n', // escapes
			'- id: a\n  stem: first line\n    continued\n', // multi-line plain scalar
			'- id: a\n  id: b\n', // duplicate key
			'- id: a\n  rev: 1.5\n', // a float
			'- id: a\n  rev: 0x1F\n', // hex
			'- id: a\n  stem: &x anchor\n', // anchor
			'- id: a\n  stem: ~\n', // null
			'- id: a\n  stem:\n', // empty value
			'- id: a\n  explanation: >2-\n    text\n', // indentation indicator
			'- id: a\n  explanation: >-\n      more\n    less\n', // more-indented line
			'- id: a\n  explanation: >+\n    keep\n', // keep chomping
			'---\n- id: a\n', // document marker
			'- id: a\n  options: {A: x}\n', // flow map
			'- id: a\n  tags: [a, [b]]\n', // nested flow
			'id: a\n', // not a list
			'- id: a\n\t- b\n', // tab
			'- id: a\n  explanation: >\n    last line without a newline'
		];
		for (const text of unsure) expect(readQuestionsFast(text), text).toBeNull();
	});

	it('agrees with yaml on the shapes it reads', () => {
		const sure = [
			'',
			'# only a comment\n',
			"- id: a\n  stem: 'it''s'\n  quote: \"plain quoted\" # note\n",
			'- id: a\n  explanation: >-\n    one\n    two\n\n    three\n\n\n    four\n',
			'- id: a\n  explanation: |\n    one\n    two\n\n    three\n  rev: 2\n',
			'- id: a\n  explanation: >\n    folded, clipped\n\n- id: b\n',
			'- id: a\n  tags:\n  - x\n  - y\n  rev: 3\n',
			'- id: a\n  tags:\n    - x\n    # c\n    - y\n  answer: [A, C]\n',
			'- id: a\n  options:\n    A: 10\n    B: true\n    C: 　全角空格开头\n  answer: FALSE\n',
			'-   id: a\n    rev: +12\n    stem: 条件：满足 a:b 与 c#d\n',
			'- id: a\n  explanation: >-\n    stripped, so no line break is missing'
		];
		for (const text of sure) expect(agreesWithYaml(text), text).toBe(true);
	});

	it('never disagrees with yaml on mutated real files', () => {
		const piece = fc.constantFrom(' ', '  ', '- ', ': ', '#', "'", '"', '>-', '|', '[', ']', ',', '~', '1.5', 'true', '\t', '\n', 'x', '　', '&a', '*a');
		fc.assert(
			fc.property(fc.nat({ max: realFiles.length - 1 }), fc.nat(), fc.nat({ max: 40 }), fc.array(piece, { minLength: 1, maxLength: 3 }), (file, row, col, bits) => {
				const mutated = realFiles[file]!.split('\n').slice(0, 60);
				const at = row % mutated.length;
				const line = mutated[at]!;
				mutated[at] = line.slice(0, col) + bits.join('') + line.slice(col);
				const text = mutated.join('\n');
				const counter = new LineCounter();
				const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
				// A file yaml rejects must never be read by the fast path (the errors come from yaml).
				if (doc.errors.length > 0) expect(readQuestionsFast(text)).toBeNull();
				else agreesWithYaml(text);
			}),
			{ numRuns: Number(process.env.FUZZ_RUNS ?? 400) }
		);
	}, 120_000);
});
