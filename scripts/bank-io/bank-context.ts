/**
 * What the importer must know about the bank it imports into: the law's text and sentences,
 * the highest id in use for the law, and the live questions an imported row must not repeat.
 */
import { compileBank, type CompiledLawEntry } from '../bank/compile';
import type { BankSource } from '../bank/source';
import { articleText } from '../../src/lib/core/law-parser';
import { stripWhitespace } from '../../src/lib/core/text';
import { lawSentences, type LawSentences } from './quote-picking';

export interface BankContext {
	law: CompiledLawEntry;
	/** Names a 条文 cell may use for this law: short name first, then the title. */
	lawNames: string[];
	sentences: LawSentences;
	/** Article text with white space removed, as the compiler compares quotes. */
	articleNormal: Map<number, string>;
	/** The highest NNNN of `<law>-NNNN` anywhere in the bank's question files and releases. */
	highestNumber: number;
	/** Duplicate key of every live question of the law → its id. */
	liveKeys: Map<string, string>;
}

/** The compiler's rule-5 key: same case, stem and options (white space aside) is the same question. */
export function duplicateKey(caseText: string | undefined, stem: string, optionTexts: readonly string[]): string {
	return [caseText ?? '', stem, ...optionTexts].map(stripWhitespace).join('\u0000');
}

export function loadBankContext(source: BankSource, lawId: string): BankContext | { error: string } {
	const result = compileBank(source);
	if (!result.bank) return { error: 'bank.yaml cannot be read; run npm run bank:check' };
	const law = result.laws.find((l) => l.info.id === lawId);
	if (!law) {
		const known = result.laws.map((l) => l.info.id).join(', ');
		return { error: `law ${lawId} is not in bank.yaml or its text does not parse (laws: ${known})` };
	}
	const liveKeys = new Map<string, string>();
	for (const q of law.questions) {
		if (!q.retired) liveKeys.set(duplicateKey(q.case, q.stem, q.options.map((o) => o.text)), q.id);
	}
	return {
		law,
		lawNames: [law.info.short, law.info.title],
		sentences: lawSentences(law.structure),
		articleNormal: new Map(law.structure.articles.map((a) => [a.number, stripWhitespace(articleText(a))])),
		highestNumber: highestIdNumber(source, lawId),
		liveKeys
	};
}

/**
 * Ids are read from the raw files, not the compiled bank: a question with an error, a retired
 * one, or one only in a release snapshot still holds its id, and ids are never reused.
 */
function highestIdNumber(source: BankSource, lawId: string): number {
	const pattern = new RegExp(`(?<![a-z0-9-])${lawId.replace(/[-]/g, '\\-')}-(\\d{4})(?!\\d)`, 'g');
	let highest = 0;
	for (const path of [...source.questionFiles(), ...source.releaseFiles()]) {
		for (const m of (source.read(path) ?? '').matchAll(pattern)) highest = Math.max(highest, Number(m[1]));
	}
	return highest;
}

/** A bank source with extra files laid over it, and question files limited to `onlyQuestions`. */
export function overlaySource(base: BankSource, extra: Record<string, string>, onlyQuestions?: readonly string[]): BankSource {
	return {
		label: base.label,
		read: (p) => extra[p] ?? base.read(p),
		questionFiles: () => onlyQuestions ? [...onlyQuestions] : [...new Set([...base.questionFiles(), ...Object.keys(extra)])].sort(),
		releaseFiles: () => (onlyQuestions ? [] : base.releaseFiles()),
		paperFiles: () => (onlyQuestions ? [] : base.paperFiles())
	};
}
