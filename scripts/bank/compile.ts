/**
 * The question-bank compiler: reads bank.yaml, the statute texts and every question file,
 * enforces the rules of docs/QUESTION-BANK.md and produces the compiled bank. It reports every
 * problem in one run rather than stopping at the first.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { CompiledLaw, LawInfo, OptionKey, Question } from '../../src/lib/core/bank-types';
import { articleText, parseLaw, LawParseError } from '../../src/lib/core/law-parser';
import type { LawStructure } from '../../src/lib/core/law-types';
import { tidyChineseSpacing } from '../../src/lib/core/text';
import type { Diagnostic, RuleName } from './diagnostics';
import { compilePapers } from './papers';
import { checkShape, containsTerm, reportSchemaIssue, stripWhitespace } from './question-rules';
import { checkAgainstRelease, latestRelease, type ReleaseSnapshot } from './release';
import type { Paper } from '../../src/lib/core/paper-types';
import { bankFileSchema, questionSchema, type BankFile } from './schema';
import type { BankSource } from './source';
import { lineOfPath, toPlain } from './yaml-lines';
import { readQuestionFile } from './question-file';

export interface CompiledLawEntry {
	info: LawInfo;
	uncited: Record<number, string>;
	structure: LawStructure;
	questions: Question[];
	/** Where each question was written, for messages and tooling. */
	locations: Map<string, { file: string; line: number }>;
}

export interface CompileResult {
	diagnostics: Diagnostic[];
	bank: { id: string; title: string; version: string; released: string } | null;
	laws: CompiledLawEntry[];
	papers: Paper[];
	previousRelease: ReleaseSnapshot | null;
}

const MIN_QUOTE_CHARS = 8;

export { containsTerm };

export function compileBank(source: BankSource): CompileResult {
	const diagnostics: Diagnostic[] = [];
	let errorCount = 0; // kept as we go: counting the list per question was quadratic in a broken bank
	const report = (d: Omit<Diagnostic, 'severity'> & { severity?: Diagnostic['severity'] }) => {
		if ((d.severity ?? 'error') === 'error') errorCount++;
		diagnostics.push({ severity: 'error', ...d });
	};

	// bank.yaml
	const bankText = source.read('bank.yaml');
	const bankLabel = source.label('bank.yaml');
	if (bankText === null) {
		report({ file: bankLabel, line: 1, rule: 'format', message: 'bank.yaml is missing' });
		return { diagnostics, bank: null, laws: [], papers: [], previousRelease: null };
	}
	const bankCounter = new LineCounter();
	const bankDoc = parseDocument(bankText, { lineCounter: bankCounter, prettyErrors: false });
	for (const e of bankDoc.errors) {
		report({ file: bankLabel, line: bankCounter.linePos(e.pos[0]).line, rule: 'format', message: `YAML: ${e.message.split('\n')[0]}` });
	}
	if (bankDoc.errors.length > 0) return { diagnostics, bank: null, laws: [], papers: [], previousRelease: null };
	const bankPlain = toPlain(() => bankDoc.toJS());
	if ('error' in bankPlain) {
		report({ file: bankLabel, line: 1, rule: 'format', message: `YAML: ${bankPlain.error}` });
		return { diagnostics, bank: null, laws: [], papers: [], previousRelease: null };
	}
	const bankParsed = bankFileSchema.safeParse(bankPlain.value);
	if (!bankParsed.success) {
		for (const issue of bankParsed.error.issues) {
			report({
				file: bankLabel,
				line: lineOfPath(bankDoc.contents, issue.path, bankCounter, 1),
				rule: 'format',
				message: `${issue.path.join('.') || '(file)'}: ${issue.message}`
			});
		}
		return { diagnostics, bank: null, laws: [], papers: [], previousRelease: null };
	}
	const bank: BankFile = bankParsed.data;

	// Statute texts
	const laws = new Map<string, CompiledLawEntry & { articleNormal: Map<number, string> }>();
	for (const [i, law] of bank.laws.entries()) {
		const lawLine = lineOfPath(bankDoc.contents, ['laws', i], bankCounter, 1);
		if (laws.has(law.id)) {
			report({ file: bankLabel, line: lawLine, rule: 'format', message: `law ${law.id} is listed twice` });
			continue;
		}
		const text = source.read(law.text);
		if (text === null) {
			report({ file: bankLabel, line: lawLine, rule: 'format', message: `law ${law.id}: text file ${law.text} not found` });
			continue;
		}
		let structure: LawStructure;
		try {
			structure = parseLaw(text);
		} catch (e) {
			const line = e instanceof LawParseError ? e.line : 1;
			report({ file: source.label(law.text), line, rule: 'format', message: `statute text: ${(e as Error).message}` });
			continue;
		}
		const uncited: Record<number, string> = {};
		for (const [n, reason] of Object.entries(law.uncited ?? {})) uncited[Number(n)] = reason;
		laws.set(law.id, {
			info: {
				id: law.id,
				title: law.title,
				short: law.short,
				edition: law.edition,
				...(law.companion_of ? { companionOf: law.companion_of } : {})
			},
			uncited,
			structure,
			questions: [],
			locations: new Map(),
			articleNormal: new Map(structure.articles.map((a) => [a.number, stripWhitespace(articleText(a))]))
		});
	}
	for (const law of laws.values()) {
		if (law.info.companionOf && !laws.has(law.info.companionOf)) {
			report({ file: bankLabel, line: 1, rule: 'format', message: `law ${law.info.id}: companion_of names unknown law ${law.info.companionOf}` });
		}
	}

	// Questions
	const seenIds = new Map<string, { file: string; line: number }>();
	const seenStems = new Map<string, { id: string; file: string; line: number }>();
	const cases = new Map<string, { text: string; id: string }>();

	for (const path of source.questionFiles()) {
		const file = source.label(path);
		const lawId = path.split('/')[1] ?? '';
		const law = laws.get(lawId);
		if (!law) {
			report({ file, line: 1, rule: 'format', message: `questions/${lawId}/ does not belong to a law listed in bank.yaml` });
			continue;
		}
		const items = readQuestionFile(source.read(path) ?? '', file, report);
		if (!items) continue;
		for (const item of items) {
			const line = item.line;
			if ('error' in item.plain) {
				report({ file, line, rule: 'format', message: `YAML: ${item.plain.error}` });
				continue;
			}
			const raw = item.plain.value;
			const rawId = item.isMap ? String((raw as Record<string, unknown>)?.id ?? '') : '';
			const at = (path: PropertyKey[]) => item.at(path);
			const q = (rule: RuleName, message: string, fieldPath: PropertyKey[] = [], extra: Partial<Diagnostic> = {}) =>
				report({ file, line: at(fieldPath), id: rawId || undefined, rule, message, ...extra });

			if (!item.isMap) {
				q('format', 'each list item must be a question (a map of fields)');
				continue;
			}
			const parsed = questionSchema.safeParse(raw);
			if (!parsed.success) {
				for (const issue of parsed.error.issues) reportSchemaIssue(issue, q);
				continue;
			}
			const src = parsed.data;

			// Rule 1: ids
			const idPattern = new RegExp(`^${escapeRegExp(lawId)}-\\d{4}$`);
			if (!idPattern.test(src.id)) {
				q('rule 1 id', `id must be ${lawId}-NNNN (four digits) in questions/${lawId}/`, ['id']);
			}
			const first = seenIds.get(src.id);
			if (first) {
				q('rule 1 id', `duplicate id; first used at ${first.file}:${first.line}`, ['id']);
				continue;
			}
			seenIds.set(src.id, { file, line });

			const errorsBefore = errorCount;
			const shape = checkShape(src, q);

			// Rule 3: articles exist
			const articles = [...new Set(src.articles)];
			for (const [i, n] of src.articles.entries()) {
				if (!law.articleNormal.has(n)) {
					q('rule 3 articles', `article ${n} does not exist in ${law.info.short} (it has ${law.structure.articles.length} articles)`, ['articles', i]);
				}
			}

			// Rule 4: grounding
			const quoteNormal = stripWhitespace(src.quote);
			let quoteArticle = 0;
			if (quoteNormal.length < MIN_QUOTE_CHARS) {
				q('rule 4 grounding', `quote must be at least ${MIN_QUOTE_CHARS} characters (white space aside); it has ${quoteNormal.length}`, ['quote']);
			} else {
				quoteArticle = articles.find((n) => law.articleNormal.get(n)?.includes(quoteNormal)) ?? 0;
				const existing = articles.filter((n) => law.articleNormal.has(n));
				if (quoteArticle === 0 && existing.length > 0) {
					const elsewhere = [...law.articleNormal.entries()].find(([, t]) => t.includes(quoteNormal))?.[0];
					q('rule 4 grounding', `quote not found verbatim in the cited article${existing.length > 1 ? 's' : ''} ${existing.map((n) => law.structure.articles[n - 1]!.label).join('、')}${elsewhere ? ` (it is in ${law.structure.articles[elsewhere - 1]!.label}: cite that article)` : ''}`, ['quote'], {
						detail: [`quote: ${src.quote}`, ...existing.map((n) => { const a = law.structure.articles[n - 1]!; return `${a.label} ${a.paragraphs.join('\n')}`; })].join('\n')
					});
				}
			}

			// Rule 5: stem present, no duplicate among live questions
			if (src.stem.trim() === '') q('rule 5 stem', 'stem must not be empty', ['stem']);
			else if (!src.retired && shape) {
				const key = [src.case ?? '', src.stem, ...shape.options.map((o) => o.text)].map(stripWhitespace).join('\u0000');
				const dup = seenStems.get(key);
				if (dup) q('rule 5 stem', `same stem and options as ${dup.id} (${dup.file}:${dup.line})`, ['stem']);
				else seenStems.set(key, { id: src.id, file, line });
			}

			// Shared case text
			if (src.case_id) {
				const seen = cases.get(src.case_id);
				if (!src.case) q('format', `case_id ${src.case_id} needs the case text as well`, ['case_id']);
				else if (seen && stripWhitespace(seen.text) !== stripWhitespace(src.case)) {
					q('format', `case_id ${src.case_id} has a different case text than ${seen.id}`, ['case']);
				} else if (!seen) cases.set(src.case_id, { text: src.case, id: src.id });
			}

			// Rule 8: key check (warning)
			if (shape && (src.type === 'single' || src.type === 'multiple') && src.keycheck !== 'reviewed') {
				const cited = articles.map((n) => law.articleNormal.get(n) ?? '');
				const inLaw = shape.options.filter((o) => { const term = stripWhitespace(o.text); return cited.some((t) => containsTerm(t, term)); }).map((o) => o.key);
				const keyed = Array.isArray(shape.answer) ? shape.answer : [shape.answer as OptionKey];
				const agree = inLaw.length === keyed.length && keyed.every((k) => inLaw.includes(k));
				if (inLaw.length > 0 && !agree) {
					report({
						severity: 'warning',
						file,
						line: at(['answer']),
						id: src.id,
						rule: 'rule 8 key check',
						message: `options found verbatim in the cited articles: ${inLaw.join('')}; keyed: ${keyed.join('')}. Check the key, or add \`keycheck: reviewed\` once it is checked`
					});
				}
			}

			const errorsAfter = errorCount;
			if (errorsAfter === errorsBefore && shape) {
				const question: Question = {
					id: src.id,
					rev: src.rev,
					law: lawId,
					type: src.type,
					articles,
					stem: tidyChineseSpacing(src.stem.trim()),
					options: shape.options,
					answer: shape.answer,
					quote: src.quote.trim(),
					quoteArticle,
					explanation: tidyChineseSpacing(src.explanation.trim()),
					difficulty: src.difficulty,
					tags: src.tags,
					...(src.case ? { case: tidyChineseSpacing(src.case.trim()) } : {}),
					...(src.case_id ? { caseId: src.case_id } : {}),
					...(src.retired ? { retired: src.retired } : {})
				};
				law.questions.push(question);
				law.locations.set(src.id, { file, line });
			}
		}
	}

	const compiledLaws = [...laws.values()].map(({ articleNormal: _ignored, ...rest }) => rest);
	const papers = compilePapers(source, new Map(compiledLaws.map((l) => [l.info.id, l.questions])), diagnostics);

	// Rules 6 and 7: against the previous release
	const previousRelease = latestRelease(source, diagnostics);
	if (previousRelease) {
		checkAgainstRelease(previousRelease, bank.version, compiledLaws, seenIds, {
			file: bankLabel,
			line: lineOfPath(bankDoc.contents, ['version'], bankCounter, 1),
			diagnostics
		});
	}

	return {
		diagnostics,
		bank: { id: bank.id, title: bank.title, version: bank.version, released: bank.released },
		laws: compiledLaws,
		papers,
		previousRelease
	};
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function toCompiledLaw(entry: CompiledLawEntry, bankVersion: string): CompiledLaw {
	return { format: 1, bankVersion, law: entry.info, structure: entry.structure, questions: entry.questions };
}
