/**
 * A fast reader for the plain shape every question file has: a list of maps whose values are
 * one-line scalars, flow lists of scalars (`[1, 2]`), folded or literal block scalars (`>-`, `|`),
 * a nested map of one-line scalars (`options:`) or a block list of scalars. The `yaml` package
 * builds a full document tree for the same text at about 5 MB/s, which made compiling 20,000
 * questions take several seconds; this reads the same files about ten times faster.
 *
 * It returns null for anything outside that shape or anything it is not sure of (anchors, tags,
 * escapes, multi-line plain scalars, duplicate keys, tabs, odd indentation, numbers that are not
 * plain decimal integers…): the compiler then parses the file with `yaml` as before, so every
 * syntax error is still reported by `yaml`, with its line. tests/unit/bank-fast-yaml.test.ts
 * checks that, where it answers, it gives the same values and lines as `yaml`.
 */

/** Where each part of a value was written: the line of a node and, for maps and lists, of its children. */
export type LineTree =
	| { line: number; kind: 'scalar' }
	| { line: number; kind: 'map'; keys: Map<string, { keyLine: number; value: LineTree }> }
	| { line: number; kind: 'seq'; items: LineTree[] };

export interface FastItem {
	value: Record<string, unknown>;
	tree: LineTree & { kind: 'map' };
}

class Unsure extends Error {}
const unsure = (): never => {
	throw new Unsure();
};

interface Line {
	indent: number;
	/** The text after the indentation, with a trailing comment or white space still in it. */
	text: string;
	/** 1-based line number. */
	n: number;
}

const KEY = /^([A-Za-z][A-Za-z0-9_]*):(?: +|$)/;
const RESERVED_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', 'y', 'n']);
const DECIMAL = /^[-+]?[0-9]+$/;
/** Plain scalars that YAML's core schema would read as something other than a string or integer. */
const NOT_PLAIN_STRING = /^(?:[-+]?(?:\.[0-9]|[0-9]+[.eE]|\.inf|\.Inf|\.INF)|\.nan$|\.NaN$|\.NAN$|0[ox]|~$|null$|Null$|NULL$)/;
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Reads a question file, or returns null when it should be parsed by `yaml` instead. */
export function readQuestionsFast(text: string): FastItem[] | null {
	if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return null;
	const raw = text.split('\n');
	const lines: Line[] = [];
	for (let i = 0; i < raw.length; i++) {
		const s = raw[i]!;
		// Only the ASCII space indents in YAML (String#trim would also take U+3000 and NBSP).
		let indent = 0;
		while (s.charCodeAt(indent) === 32) indent++;
		lines.push({ indent, text: s.slice(indent), n: i + 1 });
	}
	try {
		return readItems(lines);
	} catch (e) {
		if (e instanceof Unsure) return null;
		throw e;
	}
}

const isBlank = (l: Line) => l.text === '' || l.text.startsWith('#');

function readItems(lines: Line[]): FastItem[] {
	const items: FastItem[] = [];
	let i = 0;
	while (i < lines.length) {
		const l = lines[i]!;
		if (isBlank(l)) {
			i++;
			continue;
		}
		if (l.indent !== 0 || !l.text.startsWith('- ')) unsure();
		// The item's map starts after "- "; its keys are aligned at that column. The "- " line is
		// read as if it held only its first key there.
		let column = 1;
		while (l.text.charCodeAt(column) === 32) column++;
		if (column >= l.text.length || l.text[column] === '#') unsure(); // the item's map starts on a later line
		lines[i] = { indent: column, text: l.text.slice(column), n: l.n };
		const map = readMap(lines, i, column);
		items.push({ value: map.value, tree: map.tree });
		i = map.end;
	}
	return items;
}

/** A block map whose keys sit at `column`, starting at lines[start]. Ends before the first line less indented. */
function readMap(lines: Line[], start: number, column: number): { value: Record<string, unknown>; tree: LineTree & { kind: 'map' }; end: number } {
	const value: Record<string, unknown> = {};
	const keys = new Map<string, { keyLine: number; value: LineTree }>();
	const tree = { line: lines[start]!.n, kind: 'map' as const, keys };
	let i = start;
	while (i < lines.length) {
		const l = lines[i]!;
		if (isBlank(l)) {
			i++;
			continue;
		}
		if (l.indent < column) break;
		if (l.indent > column) unsure();
		const m = KEY.exec(l.text);
		if (!m) unsure();
		const key = m![1]!;
		if (RESERVED_KEYS.has(key) || keys.has(key)) unsure();
		const rest = l.text.slice(m![0].length);
		if (rest === '' || rest.startsWith('#')) {
			const child = readNested(lines, i + 1, column);
			value[key] = child.value;
			keys.set(key, { keyLine: l.n, value: child.tree });
			i = child.end;
		} else if (rest[0] === '>' || rest[0] === '|') {
			const block = readBlockScalar(lines, i, column, rest);
			value[key] = block.value;
			keys.set(key, { keyLine: l.n, value: { line: l.n, kind: 'scalar' } });
			i = block.end;
		} else if (rest[0] === '[') {
			const seq = readFlowSeq(rest, l.n);
			value[key] = seq.value;
			keys.set(key, { keyLine: l.n, value: seq.tree });
			i++;
		} else {
			value[key] = readScalar(rest, false);
			keys.set(key, { keyLine: l.n, value: { line: l.n, kind: 'scalar' } });
			i++;
		}
	}
	return { value, tree, end: i };
}

/** The value on the lines under a `key:` with nothing after it: a map of scalars or a list of scalars. */
function readNested(lines: Line[], start: number, column: number): { value: unknown; tree: LineTree; end: number } {
	let i = start;
	while (i < lines.length && isBlank(lines[i]!)) i++;
	const l = lines[i];
	if (!l || l.indent < column || (l.indent === column && !l.text.startsWith('- '))) unsure(); // an empty value: null
	if (l!.text.startsWith('- ')) {
		const items: unknown[] = [];
		const trees: LineTree[] = [];
		const indent = l!.indent;
		for (; i < lines.length; i++) {
			const item = lines[i]!;
			if (isBlank(item)) continue;
			if (item.indent < indent) break;
			// A list written at its key's own column ends where the next key starts.
			if (item.indent === indent && indent === column && !item.text.startsWith('- ')) break;
			if (item.indent > indent || !item.text.startsWith('- ')) unsure();
			items.push(readScalar(trimSpaces(item.text.slice(2)), false));
			trees.push({ line: item.n, kind: 'scalar' });
		}
		if (i < lines.length && lines[i]!.indent > column && lines[i]!.indent < indent) unsure();
		return { value: items, tree: { line: l!.n, kind: 'seq', items: trees }, end: i };
	}
	const map = readMap(lines, i, l!.indent);
	for (const v of Object.values(map.value)) if (typeof v === 'object' && v !== null) unsure();
	if (map.end < lines.length && lines[map.end]!.indent > column) unsure();
	return { value: map.value, tree: map.tree, end: map.end };
}

/** `>`, `>-`, `|` or `|-` followed by lines indented further than `column`, all at one indentation. */
function readBlockScalar(lines: Line[], at: number, column: number, header: string): { value: string; end: number } {
	if (!/^[>|]-?$/.test(trimSpaces(header))) unsure();
	const folded = header[0] === '>';
	const strip = header[1] === '-';
	let i = at + 1;
	let indent = -1;
	const parts: string[] = [];
	let blanks = 0;
	for (; i < lines.length; i++) {
		const l = lines[i]!;
		if (l.text === '') {
			if (l.indent > indent && indent >= 0) unsure(); // white space beyond the indentation is content
			blanks++;
			continue;
		}
		if (indent < 0) {
			if (l.indent <= column || blanks > 0) unsure();
			indent = l.indent;
		}
		if (l.indent < indent) {
			if (l.indent > column) unsure();
			break;
		}
		if (l.indent > indent || l.text.endsWith(' ')) unsure();
		if (parts.length > 0) parts.push(folded ? (blanks === 0 ? ' ' : '\n'.repeat(blanks)) : '\n'.repeat(blanks + 1));
		parts.push(l.text);
		blanks = 0;
	}
	if (indent < 0) unsure();
	// Clipping keeps the last line break, which a file's unterminated last line does not have.
	if (!strip && blanks === 0 && i === lines.length) unsure();
	const body = parts.join('');
	return { value: strip ? body : body + '\n', end: i - blanks };
}

function readFlowSeq(text: string, line: number): { value: unknown[]; tree: LineTree } {
	const close = text.indexOf(']');
	if (close < 0) unsure();
	const after = text.slice(close + 1);
	if (trimSpaces(after) !== '' && !/^ +#/.test(after)) unsure();
	const inner = text.slice(1, close);
	if (/[[{}"'#\n]/.test(inner)) unsure();
	const trees: LineTree[] = [];
	if (trimSpaces(inner) === '') return { value: [], tree: { line, kind: 'seq', items: trees } };
	const value = inner.split(',').map((part) => {
		const s = trimSpaces(part);
		if (s === '' || s.includes(': ') || s.endsWith(':')) unsure();
		trees.push({ line, kind: 'scalar' });
		return readScalar(s, true);
	});
	return { value, tree: { line, kind: 'seq', items: trees } };
}

/** A one-line scalar: plain, or single-quoted, or double-quoted without escapes. */
function readScalar(text: string, inFlow: boolean): unknown {
	const q = text[0];
	if (q === "'" || q === '"') {
		const close = q === "'" ? findSingleQuoteEnd(text) : text.indexOf('"', 1);
		if (close < 0) unsure();
		const after = text.slice(close + 1);
		if (trimSpaces(after) !== '' && !/^ +#/.test(after)) unsure();
		const inner = text.slice(1, close);
		if (q === '"') {
			if (inner.includes('\\')) unsure();
			return inner;
		}
		return inner.replaceAll("''", "'");
	}
	const hash = text.indexOf(' #');
	const plain = trimSpaces(hash >= 0 ? text.slice(0, hash) : text);
	if (plain === '' || INDICATOR_START.test(plain) || plain.includes(': ') || plain.endsWith(':')) unsure();
	if (!inFlow && /[\]}]/.test(plain[0]!)) unsure();
	if (DECIMAL.test(plain)) {
		const n = Number(plain);
		if (!Number.isSafeInteger(n)) unsure();
		return n;
	}
	if (plain === 'true' || plain === 'True' || plain === 'TRUE') return true;
	if (plain === 'false' || plain === 'False' || plain === 'FALSE') return false;
	if (NOT_PLAIN_STRING.test(plain)) unsure();
	return plain;
}

/** Trims ASCII spaces only: U+3000 and other white space are part of a YAML scalar. */
function trimSpaces(s: string): string {
	let a = 0;
	let b = s.length;
	while (a < b && s.charCodeAt(a) === 32) a++;
	while (b > a && s.charCodeAt(b - 1) === 32) b--;
	return s.slice(a, b);
}

function findSingleQuoteEnd(text: string): number {
	for (let i = 1; i < text.length; i++) {
		if (text[i] !== "'") continue;
		if (text[i + 1] === "'") i++;
		else return i;
	}
	return -1;
}

/** The line of the node `path` leads to inside an item, like lineOfPath does for `yaml` nodes. */
export function lineOfTreePath(tree: LineTree, path: readonly PropertyKey[], fallback: number): number {
	let node: LineTree | undefined = tree;
	let line = fallback;
	for (const key of path) {
		if (node?.kind === 'map') {
			const entry: { keyLine: number; value: LineTree } | undefined = node.keys.get(String(key));
			if (!entry) break;
			line = entry.keyLine;
			node = entry.value;
		} else if (node?.kind === 'seq') {
			const child: LineTree | undefined = node.items[Number(key)];
			if (!child) break;
			line = child.line;
			node = child;
		} else break;
	}
	return line;
}
