import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBank } from '../../scripts/bank/compile';
import { formatDiagnostic } from '../../scripts/bank/diagnostics';
import { makeSnapshot } from '../../scripts/bank/release';
import { memorySource } from '../../scripts/bank/source';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/bank/${name}`, import.meta.url), 'utf8');
const lawText = readFileSync(new URL('../../question-bank/laws/admin-licensing.md', import.meta.url), 'utf8');
const QFILE = 'questions/admin-licensing/a.yaml';

function compile(questions: string, extra: Record<string, string> = {}, bank = fixture('bank.yaml')) {
	const result = compileBank(memorySource({ 'bank.yaml': bank, 'laws/admin-licensing.md': lawText, [QFILE]: questions, ...extra }));
	return { result, messages: result.diagnostics.map(formatDiagnostic) };
}

/** The valid fixture with one text replacement, which must apply. */
function broken(find: string | RegExp, replace: string): string {
	const text = fixture('valid.yaml');
	const out = text.replace(find, replace);
	if (out === text) throw new Error(`fixture edit did not apply: ${find}`);
	return out;
}

describe('bank compiler: the valid fixture', () => {
	it('compiles without diagnostics', () => {
		const { result, messages } = compile(fixture('valid.yaml'));
		expect(messages).toEqual([]);
		const qs = result.laws[0]!.questions;
		expect(qs.map((q) => q.id)).toEqual(['admin-licensing-0001', 'admin-licensing-0002', 'admin-licensing-0003']);
		expect(qs[0]).toMatchObject({ type: 'judge', answer: false, options: [], quoteArticle: 47 });
		expect(qs[1]).toMatchObject({ answer: 'C', options: [{ key: 'A', text: '七日' }, { key: 'B', text: '三十日' }, { key: 'C', text: '二十日' }, { key: 'D', text: '六十日' }] });
		expect(qs[2]!.answer).toEqual(['A', 'B']);
	});
});

describe('bank compiler: every rule has a fixture that breaks it', () => {
	it('rule 1: an id that does not match <law>-NNNN', () => {
		const { messages } = compile(broken('admin-licensing-0002', 'admin-licensing-02'));
		expect(messages).toEqual([
			`${QFILE}:13: error [rule 1 id] admin-licensing-02: id must be admin-licensing-NNNN (four digits) in questions/admin-licensing/`
		]);
	});

	it('rule 1: an id used twice, across files', () => {
		const { messages } = compile(fixture('valid.yaml'), {
			'questions/admin-licensing/b.yaml': fixture('valid.yaml').split('\n\n')[0]!.replace('十日内提出', '七日内提出')
		});
		expect(messages).toEqual([
			`questions/admin-licensing/b.yaml:1: error [rule 1 id] admin-licensing-0001: duplicate id; first used at ${QFILE}:1`
		]);
	});

	it('rule 2: a single-choice question with two answer keys', () => {
		const { messages } = compile(broken('answer: C', 'answer: [B, C]'));
		expect(messages).toEqual([
			`${QFILE}:23: error [rule 2 type/options/answer] admin-licensing-0002: a single-choice question has exactly one answer key, like answer: B`
		]);
	});

	it('rule 2: a multiple-choice question with one key, a key that is not an option, equal options, a judge with options', () => {
		expect(compile(broken('answer: [A, B]', 'answer: [A]')).messages).toEqual([
			`${QFILE}:39: error [rule 2 type/options/answer] admin-licensing-0003: a multiple-choice question has two or more answer keys, like answer: [A, C]`
		]);
		expect(compile(broken('answer: [A, B]', 'answer: [A, E]')).messages).toEqual([
			`${QFILE}:39: error [rule 2 type/options/answer] admin-licensing-0003: answer key E is not an option`
		]);
		expect(compile(broken('    D: 六十日', '    D: 二十日')).messages).toEqual([
			`${QFILE}:22: error [rule 2 type/options/answer] admin-licensing-0002: options C and D are the same`
		]);
		expect(compile(broken('  answer: false', '  options:\n    A: 对\n    B: 错\n  answer: false')).messages).toEqual([
			`${QFILE}:6: error [rule 2 type/options/answer] admin-licensing-0001: a judge question has no options`
		]);
		expect(compile(broken('    C: 二十日\n    D: 六十日', '    D: 二十日\n    C: 六十日')).messages).toEqual([
			`${QFILE}:18: error [rule 2 type/options/answer] admin-licensing-0002: option keys must be A, B, C, D in order; found A, B, D, C`
		]);
	});

	it('rule 3: an article that does not exist in the law', () => {
		const { messages } = compile(broken('articles: [47]', 'articles: [47, 84]'));
		expect(messages).toEqual([
			`${QFILE}:4: error [rule 3 articles] admin-licensing-0001: article 84 does not exist in 行政许可法 (it has 83 articles)`
		]);
	});

	it('rule 4: a quote that is not in the cited article shows the article text and where the quote is', () => {
		const { result, messages } = compile(broken('articles: [42]', 'articles: [43]'));
		expect(messages[0]!.split('\n')[0]).toBe(
			`${QFILE}:24: error [rule 4 grounding] admin-licensing-0002: quote not found verbatim in the cited article 第四十三条 (it is in 第四十二条: cite that article)`
		);
		expect(result.diagnostics[0]!.detail).toContain('第四十三条 依法应当先经下级行政机关审查后报上级行政机关决定的行政许可');
		expect(messages).toHaveLength(1);
	});

	it('rule 4: a quote that was paraphrased, and one that is too short', () => {
		expect(compile(broken('之日起二十日内作出', '之日起20日内作出')).messages[0]!.split('\n')[0]).toBe(
			`${QFILE}:24: error [rule 4 grounding] admin-licensing-0002: quote not found verbatim in the cited article 第四十二条`
		);
		expect(compile(broken(/quote: 本法第十二条.*/, 'quote: 不设行政许可')).messages).toEqual([
			`${QFILE}:40: error [rule 4 grounding] admin-licensing-0003: quote must be at least 8 characters (white space aside); it has 6`
		]);
	});

	it('rule 4: white space of either width is ignored on both sides', () => {
		expect(compile(broken('之日起二十日内作出', '之日起 二十日　内作出')).messages).toEqual([]);
	});

	it('rule 5: an empty stem, and two live questions with the same stem and options', () => {
		expect(compile(broken(/stem: 申请人.*/, "stem: ''")).messages).toEqual([
			`${QFILE}:5: error [rule 5 stem] admin-licensing-0001: stem must not be empty`
		]);
		const copy = fixture('valid.yaml').split('\n\n')[1]!.replace('admin-licensing-0002', 'admin-licensing-0009').replace('之日起（', '之日起 （');
		expect(compile(`${fixture('valid.yaml')}\n${copy}`).messages).toEqual([
			`${QFILE}:50: error [rule 5 stem] admin-licensing-0009: same stem and options as admin-licensing-0002 (${QFILE}:13)`
		]);
		// A retired copy is allowed: it is no longer served.
		expect(compile(`${fixture('valid.yaml')}\n${copy}\n  retired: 重复题`).messages).toEqual([]);
	});

	it('rule 6: a released question whose answer changed without a higher rev', () => {
		const release = (questions: string) => {
			const { result } = compile(questions);
			return JSON.stringify(makeSnapshot(result.bank!, result.laws));
		};
		const releases = { 'releases/1.0.0.json': release(fixture('valid.yaml')) };
		const bank11 = fixture('bank.yaml').replace('version: 1.0.0', 'version: 1.1.0');
		const changed = broken('answer: C', 'answer: D').replace('    D: 六十日', '    D: 二十日').replace('    C: 二十日', '    C: 六十日');
		expect(compile(changed, releases, bank11).messages).toEqual([
			`${QFILE}:13: error [rule 6 rev] admin-licensing-0002: stem, options or answer changed since release 1.0.0: raise rev to 2`
		]);
		const revised = changed.replace(/(id: admin-licensing-0002\n  rev: )1/, '$12');
		expect(compile(revised, releases, bank11).messages).toEqual([]);
	});

	it('rule 6: a released question may not disappear', () => {
		const { result } = compile(fixture('valid.yaml'));
		const releases = { 'releases/1.0.0.json': JSON.stringify(makeSnapshot(result.bank!, result.laws)) };
		const bank11 = fixture('bank.yaml').replace('version: 1.0.0', 'version: 1.1.0');
		const without = fixture('valid.yaml').split('\n\n').slice(0, 2).join('\n\n');
		expect(compile(without, releases, bank11).messages).toEqual([
			'bank.yaml:3: error [rule 1 id] admin-licensing-0003: released in 1.0.0 but missing now: ids are stable forever, so retire the question (retired: reason) instead of deleting it'
		]);
	});

	it('rule 7: the bank version must rise when any question changed', () => {
		const { result } = compile(fixture('valid.yaml'));
		const releases = { 'releases/1.0.0.json': JSON.stringify(makeSnapshot(result.bank!, result.laws)) };
		expect(compile(fixture('valid.yaml'), releases).messages).toEqual([]);
		const retired = fixture('valid.yaml').replace('  tags: [听证]', '  tags: [听证]\n  retired: 法律修改');
		expect(compile(retired, releases).messages).toEqual([
			'bank.yaml:3: error [rule 7 version]: 1 question changed since release 1.0.0 (admin-licensing-0001): raise version above 1.0.0'
		]);
		expect(compile(retired, releases, fixture('bank.yaml').replace('version: 1.0.0', 'version: 1.0.1')).messages).toEqual([]);
	});

	it('rule 8: a key that disagrees with the option texts found in the article is a warning, silenced by keycheck: reviewed', () => {
		const { result, messages } = compile(broken('answer: [A, B]', 'answer: [A, C]'));
		expect(messages).toEqual([
			`${QFILE}:39: warning [rule 8 key check] admin-licensing-0003: options found verbatim in the cited articles: AB; keyed: AC. Check the key, or add \`keycheck: reviewed\` once it is checked`
		]);
		expect(result.laws[0]!.questions).toHaveLength(3); // a warning does not drop the question
		expect(compile(broken('answer: [A, B]', 'answer: [A, C]\n  keycheck: reviewed')).messages).toEqual([]);
	});
});

describe('bank compiler: malformed files', () => {
	it('reports YAML syntax errors with their line and keeps checking other files', () => {
		const { messages } = compile(fixture('valid.yaml'), { 'questions/admin-licensing/b.yaml': '- id: x\n  stem: [unclosed\n' });
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatch(/^questions\/admin-licensing\/b\.yaml:\d+: error \[format\]: YAML: /);
	});

	it('reports unknown and missing fields, and reports every broken question in one run', () => {
		const text = broken('  difficulty: 1', '  difficulty: 4').replace('  tags: [听证]', '  tag: [听证]').replace(/  explanation: >-\n    选AB。第十三条。\n/, '');
		const { messages } = compile(text);
		expect(messages).toEqual([
			`${QFILE}:11: error [format] admin-licensing-0001: unknown field tag (see docs/QUESTION-BANK.md for the fields)`,
			`${QFILE}:27: error [format] admin-licensing-0002: difficulty: must be 1, 2 or 3`,
			`${QFILE}:30: error [format] admin-licensing-0003: missing field explanation`
		]);
	});

	it('rejects a file that is not a list and a folder for a law not in bank.yaml', () => {
		expect(compile('id: admin-licensing-0001\n').messages).toEqual([
			`${QFILE}:1: error [format]: a question file must be a list of questions (items starting with "- id:")`
		]);
		expect(compile(fixture('valid.yaml'), { 'questions/penal-code/a.yaml': '[]' }).messages).toEqual([
			'questions/penal-code/a.yaml:1: error [format]: questions/penal-code/ does not belong to a law listed in bank.yaml'
		]);
	});

	it('rejects a broken bank.yaml with its line', () => {
		const { messages } = compile(fixture('valid.yaml'), {}, fixture('bank.yaml').replace('version: 1.0.0', 'version: v1'));
		expect(messages).toEqual(['bank.yaml:3: error [format]: version: must be a semantic version like 1.2.0']);
	});
});
