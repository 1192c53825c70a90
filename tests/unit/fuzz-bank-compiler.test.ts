/**
 * Fuzzing the bank compiler (issue #12): real question, paper and bank files, mutated the ways an
 * editor's slip or a broken merge would (keys deleted, types changed, text truncated, random
 * Unicode inserted, questions duplicated, indentation broken), and wholly random YAML. The
 * compiler must never throw: it either compiles or returns diagnostics naming one of the bank's
 * files and a line that exists in it. FUZZ_RUNS raises the number of cases per property.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileBank } from '../../scripts/bank/compile';
import { memorySource } from '../../scripts/bank/source';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** Generous: the compiler takes 30-200 ms per real file, and FUZZ_RUNS may be in the thousands. */
const TIMEOUT = 60_000 + RUNS * 400;
const bankDir = new URL('../../question-bank/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, bankDir), 'utf8');

const LAW_TEXT = read('laws/admin-licensing.md');
const BANK_YAML = readFileSync(new URL('../fixtures/bank/bank.yaml', import.meta.url), 'utf8');
const PAPER_YAML = read('papers/admin-licensing.yaml');
const QUESTION_FILES = readdirSync(new URL('questions/admin-licensing/', bankDir))
	.filter((f) => f.endsWith('.yaml'))
	.map((f) => read(`questions/admin-licensing/${f}`));
const QUESTIONS_PATH = 'questions/admin-licensing/fuzzed.yaml';

/** One to four consecutive real questions: the compiler's cost grows with the file, so fuzz small ones. */
const realQuestions = fc
	.tuple(fc.constantFrom(...QUESTION_FILES), fc.nat(), fc.integer({ min: 1, max: 4 }))
	.map(([file, start, count]) => {
		const items = file.split(/\n(?=- id:)/);
		const from = start % items.length;
		return items.slice(from, from + count).join('\n');
	});

/** Values of every YAML kind, and some that trip parsers: anchors, tags, flow syntax, huge numbers. */
const ODD_VALUES = ['[]', '{}', '0', '-1', '1e309', '99999999999999999999', 'true', 'null', '~', '""', "''", '[A, A]', '{ a: 1 }', '- x', '&a x', '*a', '!!binary aGk=', '!!str', '|', '>-', '"unterminated', '[1, [2, [3', '2026-11-27', '.nan', '<<: *a', '? x', '%YAML 1.2', '---', '...', '\t'];

type Mutation = (text: string) => string;

const lineMutation = (f: (lines: string[], at: number) => void) =>
	fc.nat().map<Mutation>((n) => (text) => {
		const lines = text.split('\n');
		f(lines, n % lines.length);
		return lines.join('\n');
	});

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	// Delete a line (often a key), or a run of lines.
	lineMutation((lines, at) => lines.splice(at, 1)),
	fc.tuple(fc.nat(), fc.integer({ min: 2, max: 30 })).map<Mutation>(([n, count]) => (text) => {
		const lines = text.split('\n');
		lines.splice(n % lines.length, count);
		return lines.join('\n');
	}),
	// Change a value's type.
	fc.tuple(fc.nat(), fc.constantFrom(...ODD_VALUES)).map<Mutation>(([n, value]) => (text) => {
		const lines = text.split('\n');
		const at = n % lines.length;
		lines[at] = lines[at]!.replace(/:\s.*$/, `: ${value}`);
		return lines.join('\n');
	}),
	// Truncate anywhere, even inside a multi-byte character's surrogate pair.
	fc.nat().map<Mutation>((n) => (text) => text.slice(0, n % (text.length + 1))),
	// Insert random Unicode (including control characters and lone surrogates).
	fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 20 })).map<Mutation>(([n, s]) => (text) => {
		const at = n % (text.length + 1);
		return text.slice(0, at) + s + text.slice(at);
	}),
	fc.tuple(fc.nat(), fc.constantFrom(...ODD_VALUES)).map<Mutation>(([n, s]) => (text) => {
		const at = n % (text.length + 1);
		return text.slice(0, at) + s + text.slice(at);
	}),
	// Duplicate a question (same id twice), or the whole file.
	fc.nat().map<Mutation>((n) => (text) => {
		const items = text.split(/\n(?=- )/);
		items.splice(n % items.length, 0, items[n % items.length]!);
		return items.join('\n');
	}),
	fc.constant<Mutation>((text) => `${text}\n${text}`),
	// Break indentation, or indent with tabs.
	lineMutation((lines, at) => (lines[at] = lines[at]!.replace(/^\s*/, (ws) => (ws.length > 0 ? ws.slice(1) : '   ')))),
	lineMutation((lines, at) => (lines[at] = lines[at]!.replace(/^ +/, '\t'))),
	// Swap two lines.
	fc.tuple(fc.nat(), fc.nat()).map<Mutation>(([a, b]) => (text) => {
		const lines = text.split('\n');
		const i = a % lines.length;
		const j = b % lines.length;
		[lines[i], lines[j]] = [lines[j]!, lines[i]!];
		return lines.join('\n');
	})
);

const mutated = (base: fc.Arbitrary<string>) =>
	fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([text, ms]) => ms.reduce((t, m) => m(t), text));

/** Compiles and checks the contract; returns whether it compiled without errors. */
function compileChecked(files: Record<string, string>): boolean {
	let result;
	try {
		result = compileBank(memorySource(files));
	} catch (e) {
		throw new Error(`the compiler threw ${(e as Error).stack}\n--- inputs ---\n${JSON.stringify(files).slice(0, 4000)}`);
	}
	for (const d of result.diagnostics) {
		expect(Object.keys(files), `diagnostic names an unknown file: ${JSON.stringify(d)}`).toContain(d.file);
		expect(Number.isInteger(d.line) && d.line >= 1, `diagnostic without a line: ${JSON.stringify(d)}`).toBe(true);
		expect(d.line, `line past the end of ${d.file}: ${JSON.stringify(d)}`).toBeLessThanOrEqual(files[d.file]!.split('\n').length + 1);
		expect(d.message.length).toBeGreaterThan(0);
	}
	const errors = result.diagnostics.filter((d) => d.severity === 'error');
	if (errors.length === 0) expect(result.bank).not.toBeNull();
	return errors.length === 0;
}

const files = (questions: string, extra: Record<string, string> = {}) => ({
	'bank.yaml': BANK_YAML,
	'laws/admin-licensing.md': LAW_TEXT,
	[QUESTIONS_PATH]: questions,
	...extra
});

describe('fuzz: bank compiler', () => {
	it('the unmutated real files compile (so the mutations start from something valid)', () => {
		for (const text of QUESTION_FILES) expect(compileChecked(files(text))).toBe(true);
		expect(compileChecked(files(QUESTION_FILES.join('\n'), { 'papers/admin-licensing.yaml': PAPER_YAML }))).toBe(true);
	}, TIMEOUT);

	// Found by the bank.yaml/paper property below (FUZZ_RUNS=2000, seed -1318937674): yaml's toJS()
	// throws on an alias whose anchor is missing, and the compiler does not catch it.
	it('an alias without its anchor (*x) in bank.yaml or a paper is a diagnostic, not a crash', () => {
		const questions = QUESTION_FILES[0]!;
		compileChecked({ ...files(questions), 'bank.yaml': BANK_YAML.replace('id: fixture', 'id: *x') });
		compileChecked(files(questions, { 'papers/admin-licensing.yaml': PAPER_YAML.replace('pass: 60', 'pass: *x') }));
		compileChecked(files(questions.replace(/rev: \d+/, 'rev: *x')));
	});

	it('mutated real question files: never a crash; compiled, or diagnostics with file and line', () => {
		let compiled = 0;
		fc.assert(
			fc.property(mutated(realQuestions), (text) => {
				if (compileChecked(files(text))) compiled++;
			}),
			{ numRuns: RUNS * 3 }
		);
		// Some mutations (a swapped blank line, a duplicated comment) leave a valid file: both paths run.
		expect(compiled).toBeGreaterThan(0);
	}, TIMEOUT);

	it('mutated bank.yaml and paper blueprints: never a crash; compiled, or diagnostics with file and line', () => {
		fc.assert(
			fc.property(mutated(fc.constant(BANK_YAML)), mutated(fc.constant(PAPER_YAML)), realQuestions, (bank, paper, questions) => {
				compileChecked({ ...files(questions, { 'papers/admin-licensing.yaml': paper }), 'bank.yaml': bank });
			}),
			{ numRuns: RUNS }
		);
	}, TIMEOUT);

	it('random YAML documents of any shape as question files and papers', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), (questions, paper) => {
				compileChecked(files(stringify(questions), { 'papers/fuzz.yaml': stringify(paper) }));
			}),
			{ numRuns: RUNS }
		);
	}, TIMEOUT);

	it('random text, including binary-looking Unicode, as a question file', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
				compileChecked(files(text));
			}),
			{ numRuns: RUNS }
		);
	}, TIMEOUT);

	it('random question records: every field of the format with values of any type', () => {
		const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('judge', 'single', 'multiple', 'A', ['A', 'B'], [47], 47, true));
		const question = fc.record(
			{ id: fc.oneof(fc.constant('admin-licensing-9001'), fc.constant('admin-licensing-9001'), field), rev: field, type: field, articles: field, stem: field, options: field, answer: field, quote: field, explanation: field, difficulty: field, tags: field, case: field, case_id: field, retired: field },
			{ requiredKeys: [] }
		);
		fc.assert(
			fc.property(fc.array(question, { maxLength: 4 }), (list) => {
				compileChecked(files(stringify(list)));
			}),
			{ numRuns: RUNS }
		);
	}, TIMEOUT);
});
