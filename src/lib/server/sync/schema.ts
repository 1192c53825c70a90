/** The shape of a sync batch, as the learner app sends it (records of src/lib/client/db.ts). */
import { z } from 'zod';
import { OPTION_KEYS, QUESTION_TYPES } from '$lib/core/bank-types';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_ATTEMPTS = 500;
export const MAX_EXAMS = 20;
export const MAX_REPORTS = 100;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const shortId = z.string().min(1).max(80);
const epochMs = z.number().int().min(0).max(8.64e15);
const optionKey = z.enum(OPTION_KEYS);
export const responseSchema = z.union([z.boolean(), optionKey, z.array(optionKey).max(OPTION_KEYS.length)]);

/** Every item must at least carry its id, so a rejection can name it; otherwise the batch is malformed. */
export const itemIdSchema = z.object({ id: uuid });

export const batchSchema = z.object({
	attempts: z.array(z.unknown()).max(MAX_ATTEMPTS).default([]),
	exams: z.array(z.unknown()).max(MAX_EXAMS).default([]),
	reports: z.array(z.unknown()).max(MAX_REPORTS).default([])
});

export const attemptSchema = z.object({
	id: uuid,
	questionId: shortId,
	rev: z.number().int().min(0),
	lawId: shortId,
	response: responseSchema,
	correct: z.boolean(),
	ms: z.number().min(0).max(8.64e7),
	at: epochMs,
	bankVersion: shortId,
	source: z.enum(['practice', 'exam'])
});

const examItemSchema = z.object({
	questionId: shortId,
	rev: z.number().int().min(0),
	law: shortId,
	type: z.enum(QUESTION_TYPES),
	points: z.number().min(0).max(100),
	scoring: z.enum(['exact', 'partial']),
	perOption: z.number().min(0).max(100),
	order: z.array(optionKey).max(OPTION_KEYS.length)
});

export const examSchema = z.object({
	id: uuid,
	paperId: shortId,
	paperTitle: z.string().max(200),
	bankVersion: shortId,
	seed: z.number().int(),
	pass: z.number(),
	total: z.number(),
	durationMs: z.number().int().min(0),
	startedAt: epochMs,
	submittedAt: epochMs,
	submitReason: z.enum(['manual', 'timeout']).default('manual'),
	items: z.array(examItemSchema).min(1).max(300),
	score: z.object({ score: z.number(), passed: z.boolean() }),
	answers: z.array(z.object({ questionId: shortId, response: responseSchema, at: epochMs })).max(300),
	/** The assignment the phone took it for. A bad value only leaves the exam unmarked, never rejected. */
	assignmentId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined)
});

export const reportSchema = z.object({
	id: uuid,
	questionId: shortId,
	rev: z.number().int().min(0),
	reason: z.string().min(1).max(60),
	text: z.string().max(2000),
	at: epochMs,
	bankVersion: shortId
});

export type SyncAttempt = z.infer<typeof attemptSchema>;
export type SyncExam = z.infer<typeof examSchema>;
export type SyncReport = z.infer<typeof reportSchema>;

export type SyncKind = 'attempt' | 'exam' | 'report';
export type RejectReason = 'malformed' | 'unknown-bank-version' | 'unknown-question' | 'unknown-paper' | 'id-conflict';

export interface SyncResult {
	/** Every id of the batch the server now holds for this user (new or already there). */
	held: string[];
	rejected: { id: string; kind: SyncKind; reason: RejectReason; detail?: string }[];
}
