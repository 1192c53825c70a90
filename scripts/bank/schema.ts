/** Schemas of the bank's source files (bank.yaml, question files): the editors' trust boundary. */
import { z } from 'zod';
import { OPTION_KEYS } from '../../src/lib/core/bank-types';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const dateString = z
	.union([z.string(), z.date()])
	.transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
	.pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));

export const LAW_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export const bankFileSchema = z.strictObject({
	id: nonEmpty,
	title: nonEmpty,
	version: z.string().regex(SEMVER, 'must be a semantic version like 1.2.0'),
	released: dateString,
	laws: z
		.array(
			z.strictObject({
				id: z.string().regex(LAW_ID, 'must be a lower-case id like admin-licensing'),
				title: nonEmpty,
				short: nonEmpty,
				edition: dateString,
				text: nonEmpty,
				companion_of: z.string().optional(),
				/** Articles deliberately left without questions, with the reason (shown in coverage). */
				uncited: z.record(z.string().regex(/^\d+$/), nonEmpty).optional()
			})
		)
		.min(1)
});
export type BankFile = z.infer<typeof bankFileSchema>;

const optionText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const optionKey = z.enum(OPTION_KEYS);

/** One question as written in YAML. Cross-field rules (rule 2 onwards) are checked by the compiler. */
export const questionSchema = z.strictObject({
	id: z.string(),
	rev: z.number().int().min(1),
	type: z.enum(['single', 'multiple', 'judge'], { error: 'must be single, multiple or judge' }),
	articles: z.array(z.number().int().positive()).min(1),
	case: nonEmpty.optional(),
	case_id: z.string().regex(/^[a-z0-9-]+$/, 'must be a slug like shop-licence').optional(),
	stem: z.string(),
	options: z.record(z.string(), optionText).optional(),
	answer: z.union([z.boolean(), z.string(), z.array(z.string())]),
	quote: z.string(),
	explanation: nonEmpty,
	difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 1, 2 or 3' }),
	tags: z.array(nonEmpty).default([]),
	retired: nonEmpty.optional(),
	note: z.string().optional(),
	keycheck: z.literal('reviewed').optional()
});
export type QuestionSource = z.infer<typeof questionSchema>;
export { optionKey };
