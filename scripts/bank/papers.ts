/** Mock-exam blueprints: parsed, validated like questions are, and compiled into the manifest. */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { QUESTION_TYPES, type Question } from '../../src/lib/core/bank-types';
import { paperTotal, type Paper } from '../../src/lib/core/paper-types';
import type { Diagnostic } from './diagnostics';
import type { BankSource } from './source';
import { lineOfPath, toPlain } from './yaml-lines';

const weights = z.record(z.string(), z.number().positive('must be a positive share'));

const paperSchema = z.strictObject({
	id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case id like comprehensive'),
	title: z.string().trim().min(1),
	description: z.string().trim().default(''),
	duration: z.number().int().min(0, 'minutes, 0 for untimed'),
	pass: z.number().min(0),
	laws: weights,
	sections: z
		.array(
			z.strictObject({
				type: z.enum(QUESTION_TYPES, { error: 'must be judge, single or multiple' }),
				count: z.number().int().positive(),
				points: z.number().positive(),
				scoring: z.enum(['exact', 'partial']).default('exact'),
				per_option: z.number().positive().optional()
			})
		)
		.min(1),
	difficulty: z.strictObject({ 1: z.number().min(0), 2: z.number().min(0), 3: z.number().min(0) }).optional(),
	draw: z.enum(['bank', 'weak']).default('bank'),
	predict: z.boolean().default(false)
});

export function compilePapers(source: BankSource, questionsByLaw: Map<string, Question[]>, diagnostics: Diagnostic[]): Paper[] {
	const papers: Paper[] = [];
	const ids = new Map<string, string>();
	for (const path of source.paperFiles()) {
		const file = source.label(path);
		const counter = new LineCounter();
		const doc = parseDocument(source.read(path) ?? '', { lineCounter: counter, prettyErrors: false });
		const err = (line: number, message: string) => diagnostics.push({ severity: 'error', file, line, rule: 'format', message: `paper: ${message}` });
		if (doc.errors.length > 0) {
			for (const e of doc.errors) err(counter.linePos(e.pos[0]).line, `YAML: ${e.message.split('\n')[0]}`);
			continue;
		}
		const plain = toPlain(() => doc.toJS());
		if ('error' in plain) {
			err(1, `YAML: ${plain.error}`);
			continue;
		}
		const parsed = paperSchema.safeParse(plain.value);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) err(lineOfPath(doc.contents, issue.path, counter, 1), `${issue.path.join('.') || '(file)'}: ${issue.message}`);
			continue;
		}
		const p = parsed.data;
		const at = (path: PropertyKey[]) => lineOfPath(doc.contents, path, counter, 1);
		if (ids.has(p.id)) err(at(['id']), `id ${p.id} is also used by ${ids.get(p.id)}`);
		ids.set(p.id, file);
		let ok = true;
		for (const law of Object.keys(p.laws)) {
			if (!questionsByLaw.has(law)) {
				err(at(['laws', law]), `law ${law} is not in bank.yaml`);
				ok = false;
			}
		}
		const sections = p.sections.map((s, i) => {
			if (s.scoring === 'partial' && s.type !== 'multiple') {
				err(at(['sections', i, 'scoring']), 'partial scoring is for multiple-choice sections only');
				ok = false;
			}
			if (s.scoring === 'partial' && !(s.per_option && s.per_option < s.points)) {
				err(at(['sections', i, 'per_option']), 'partial scoring needs per_option, smaller than points');
				ok = false;
			}
			if (ok) {
				const available = Object.keys(p.laws).reduce((n, law) => n + (questionsByLaw.get(law)?.filter((q) => !q.retired && q.type === s.type).length ?? 0), 0);
				if (available < s.count) {
					err(at(['sections', i, 'count']), `needs ${s.count} ${s.type} questions but its laws have only ${available}`);
					ok = false;
				}
			}
			return { type: s.type, count: s.count, points: s.points, scoring: s.scoring, perOption: s.per_option ?? 0 };
		});
		if (new Set(sections.map((s) => s.type)).size !== sections.length) {
			err(at(['sections']), 'each question type may have one section only');
			ok = false;
		}
		const total = paperTotal(sections);
		if (p.pass > total) {
			err(at(['pass']), `pass mark ${p.pass} is above the paper's total of ${total} points`);
			ok = false;
		}
		if (!ok) continue;
		papers.push({
			id: p.id,
			title: p.title,
			description: p.description,
			durationMinutes: p.duration,
			pass: p.pass,
			total,
			laws: p.laws,
			sections,
			difficulty: p.difficulty ? { '1': p.difficulty[1], '2': p.difficulty[2], '3': p.difficulty[3] } : null,
			draw: p.draw,
			predict: p.predict
		});
	}
	const predicted = papers.filter((p) => p.predict);
	if (predicted.length > 1) {
		diagnostics.push({ severity: 'error', file: source.label('papers'), line: 1, rule: 'format', message: `paper: only one paper may have predict: true (${predicted.map((p) => p.id).join(', ')})` });
	}
	return papers.sort((a, b) => Number(b.predict) - Number(a.predict) || a.id.localeCompare(b.id));
}
