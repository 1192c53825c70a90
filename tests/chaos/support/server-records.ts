/**
 * Realistic sync records drawn from the real bank: practice attempts, mock exams assembled with
 * the app's own assemblePaper and scored with scoreExam (as the phone does), and 纠错 reports.
 * Used by the server fuzz tests (as valid starting points) and the chaos runs (as simulated use).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BankManifest, CompiledLaw, OptionKey, Question } from '../../../src/lib/core/bank-types';
import { assemblePaper, type ExamItem } from '../../../src/lib/core/exam-assembly';
import { scoreExam } from '../../../src/lib/core/exam-scoring';
import type { Response } from '../../../src/lib/core/grading';
import type { Paper } from '../../../src/lib/core/paper-types';
import { seededRandom } from '../../../src/lib/core/practice-order';

export const BANK_DIR = join(process.cwd(), 'static', 'bank');
export const manifest = JSON.parse(readFileSync(join(BANK_DIR, 'manifest.json'), 'utf8')) as BankManifest;
export const questions: Question[] = manifest.laws.flatMap((l) => (JSON.parse(readFileSync(join(BANK_DIR, l.file), 'utf8')) as CompiledLaw).questions.filter((q) => !q.retired));
export const questionById = new Map(questions.map((q) => [q.id, q]));
export const predictPaper = manifest.papers.find((p) => p.predict)!;
const dailyPaper = manifest.papers.find((p) => p.id === 'daily') ?? predictPaper;

/** A learner's answer: right with probability `skill`, otherwise a plausible wrong one. */
export function answerFor(q: Question, skill: number, random: () => number): Response {
	// A copy: callers (the fuzzers) mutate what they get, and must not change the bank's answer key.
	if (random() < skill) return structuredClone(q.answer) as Response;
	if (q.type === 'judge') return !q.answer;
	const keys = q.options.map((o) => o.key as OptionKey);
	if (q.type === 'single') return keys.find((k) => k !== q.answer) ?? keys[0]!;
	const picked = keys.filter(() => random() < 0.5);
	const wrong = picked.length && JSON.stringify([...picked].sort()) !== JSON.stringify([...(q.answer as OptionKey[])].sort()) ? picked : [keys[0]!];
	return wrong.length === (q.answer as OptionKey[]).length && wrong.every((k) => (q.answer as OptionKey[]).includes(k)) ? [keys[keys.length - 1]!] : wrong;
}

export function attemptRecord(q: Question, response: Response, at: number, overrides: Record<string, unknown> = {}) {
	const correct = JSON.stringify(response) === JSON.stringify(q.answer) || (Array.isArray(q.answer) && Array.isArray(response) && [...response].sort().join() === [...q.answer].sort().join());
	return { id: randomUUID(), questionId: q.id, rev: q.rev, lawId: q.law, response, correct, ms: 1500 + Math.round(at % 9000), at, bankVersion: manifest.version, source: 'practice' as const, ...overrides };
}

export function reportRecord(q: Question, at: number, text = '答案似乎有误，请核对') {
	return { id: randomUUID(), questionId: q.id, rev: q.rev, reason: '答案有误', text, at, bankVersion: manifest.version };
}

const pool = questions.map((q) => ({ id: q.id, rev: q.rev, law: q.law, type: q.type, difficulty: q.difficulty, keys: q.options.map((o) => o.key as OptionKey) }));

/** A submitted mock exam as the phone sends it: the assembled paper, the answers and the phone's score. */
export function examRecord(options: { seed: number; skill: number; startedAt: number; paper?: Paper; answerShare?: number }) {
	const paper = options.paper ?? predictPaper;
	const random = seededRandom(options.seed);
	const items: ExamItem[] = assemblePaper({ paper, pool, seed: options.seed });
	const answers: { questionId: string; response: Response; at: number }[] = [];
	let at = options.startedAt;
	for (const item of items) {
		at += 5_000 + Math.floor(random() * 40_000);
		if (random() < (options.answerShare ?? 0.97)) answers.push({ questionId: item.questionId, response: answerFor(questionById.get(item.questionId)!, options.skill, random), at });
	}
	const score = scoreExam(items, questionById, new Map(answers.map((a) => [a.questionId, a.response])), paper.pass);
	return {
		id: randomUUID(), paperId: paper.id, paperTitle: paper.title, bankVersion: manifest.version, seed: options.seed, pass: paper.pass, total: paper.total,
		durationMs: at - options.startedAt, startedAt: options.startedAt, submittedAt: at + 1_000, submitReason: 'manual' as const, items,
		score: { score: score.score, passed: score.passed }, answers
	};
}

/** A small valid batch of every kind: the starting point the fuzzers mutate. */
export function validBatch(seed: number) {
	const random = seededRandom(seed);
	const pick = () => questions[Math.floor(random() * questions.length)]!;
	const now = 1_780_000_000_000 + seed;
	const attempts = Array.from({ length: 3 }, (_, i) => {
		const q = pick();
		return attemptRecord(q, answerFor(q, 0.7, random), now + i * 1000);
	});
	return { attempts, exams: [examRecord({ seed, skill: 0.7, startedAt: now, paper: dailyPaper })], reports: [reportRecord(pick(), now)] };
}
