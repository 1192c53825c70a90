/**
 * Bank compiler: compileBank on the real bank and on a generated 20,000-question bank (the real
 * question files repeated with fresh ids, over the same statutes), beside the law parser alone on
 * the nine statute texts, which every compile does first. Medians of several runs, in Node.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { compileBank } from '../scripts/bank/compile';
import { folderSource, memorySource } from '../scripts/bank/source';
import { parseLaw } from '../src/lib/core/law-parser';
import { figure, median, type Figure } from './lib/report';

const bankDir = new URL('../question-bank/', import.meta.url).pathname;

function timed(fn: () => unknown, runs: number): number {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		fn();
		times.push(performance.now() - t);
	}
	return median(times);
}

/**
 * The real bank repeated until it holds `target` questions. Question ids must read
 * `<law>-NNNN`, so each repeat is filed under a copy of its law (admin-licensing-c2, same
 * statute text) in bank.yaml: the compiler parses and checks every copy as a law of its own.
 */
export function generatedBank(target: number): { files: Record<string, string>; questions: number } {
	const real = folderSource(bankDir);
	const files: Record<string, string> = {};
	const bank = parse(real.read('bank.yaml')!) as { laws: { id: string; short: string; text: string; companion_of?: string }[] };
	for (const law of bank.laws) files[law.text] = real.read(law.text)!;
	for (const p of real.paperFiles()) files[p] = real.read(p)!;
	const sources = real.questionFiles().map((p) => ({ p, law: p.split('/')[1]!, text: real.read(p)! }));
	const originals = [...bank.laws];
	let questions = 0;
	for (let copy = 0; questions < target; copy++) {
		const suffix = copy === 0 ? '' : `-c${copy}`;
		if (copy > 0) {
			for (const law of originals.filter((l) => sources.some((s) => s.law === l.id))) {
				bank.laws.push({ ...law, id: law.id + suffix, short: law.short + suffix, ...(law.companion_of ? { companion_of: law.companion_of + suffix } : {}) });
			}
		}
		for (const { p, law, text } of sources) {
			if (questions >= target) break;
			const renamed = copy === 0 ? text : text.replace(/^- id: (\S+)-(\d{4})$/gm, `- id: $1${suffix}-$2`).replace(/^( +case_id: \S+)$/gm, `$1${suffix}`)
				// A different stem per copy, or rule 5 (no repeated stem) rejects them.
				.replace(/^( {2}stem: (?:[>|][-+]?\n +)?)/gm, `$1〔第${copy}套〕`);
			files[p.replace(`questions/${law}/`, `questions/${law}${suffix}/`)] = renamed;
			questions += (renamed.match(/^- id: /gm) ?? []).length;
		}
	}
	files['bank.yaml'] = stringify(bank);
	return { files, questions };
}

export async function compilerBench(): Promise<Figure[]> {
	const bankYaml = readFileSync(bankDir + 'bank.yaml', 'utf8');
	const lawTexts = [...bankYaml.matchAll(/text: (\S+)/g)].map((m) => readFileSync(bankDir + m[1], 'utf8'));
	const parser = { name: 'law parser alone (9 statutes)', value: timed(() => lawTexts.forEach((t) => parseLaw(t)), 7) };

	const realResult = compileBank(folderSource(bankDir));
	const realCount = realResult.laws.reduce((n, l) => n + l.questions.length, 0);
	const real = timed(() => compileBank(folderSource(bankDir)), 5);

	const gen = generatedBank(20_000);
	// One run: it takes tens of seconds, far above the noise.
	const t = performance.now();
	const genResult = compileBank(memorySource(gen.files));
	const big = performance.now() - t;
	const genCount = genResult.laws.reduce((n, l) => n + l.questions.length, 0);
	return [
		figure({ bench: 'compiler', name: `compile the real bank (${realCount} questions)`, value: real, unit: 'ms', baseline: parser, note: `${realResult.diagnostics.length} diagnostics` }),
		figure({
			bench: 'compiler',
			name: `compile a generated bank (${genCount} questions)`,
			value: big,
			unit: 'ms',
			baseline: parser,
			target: 3000,
			note: `${gen.questions} generated; ${genResult.diagnostics.length} diagnostics`
		})
	];
}
