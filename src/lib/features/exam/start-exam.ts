/** Drawing a paper and creating the attempt; retaking an attempt reuses its questions. */
import { findLaw, loadLaw } from '$lib/client/bank';
import { learnerDb, type ExamRecord } from '$lib/client/db';
import { ExamRepository } from '$lib/client/exam-repository';
import { loadQuestionIndex, poolFromIndex } from '$lib/client/question-index';
import type { BankManifest, Question } from '$lib/core/bank-types';
import { chapterOf } from '$lib/core/chapters';
import { assemblePaper, newSeed, type ExamItem, type PoolQuestion } from '$lib/core/exam-assembly';
import type { Paper } from '$lib/core/paper-types';

/** Weight per question for 每日一练: questions in chapters the learner gets wrong weigh most. */
async function weaknessWeights(manifest: BankManifest): Promise<(q: PoolQuestion) => number> {
	const index = await loadQuestionIndex(manifest);
	const states = await learnerDb().questionStates.toArray();
	const chapterKey = new Map<string, string>();
	for (const [law, entry] of Object.entries(index.laws)) {
		for (const q of entry.questions) chapterKey.set(q[0], `${law}:${chapterOf(entry.divisions, q[4])}`);
	}
	const tally = new Map<string, { seen: number; right: number }>();
	for (const s of states) {
		const key = chapterKey.get(s.questionId);
		if (!key) continue;
		const t = tally.get(key) ?? { seen: 0, right: 0 };
		t.seen += s.seen;
		t.right += s.right;
		tally.set(key, t);
	}
	return (q) => {
		const t = tally.get(chapterKey.get(q.id) ?? '');
		if (!t || t.seen === 0) return 1; // unseen chapters: neutral
		return 0.25 + 4 * (1 - t.right / t.seen);
	};
}

async function questionsFor(manifest: BankManifest, items: ExamItem[]): Promise<Map<string, Question>> {
	const laws = [...new Set(items.map((i) => i.law))];
	const out = new Map<string, Question>();
	for (const id of laws) {
		const entry = findLaw(manifest, id);
		if (!entry) throw new Error(`题库中没有 ${id}`);
		const law = await loadLaw(entry);
		for (const item of items) {
			const q = law.byId.get(item.questionId);
			if (q) out.set(q.id, q);
		}
	}
	return out;
}

/** An assigned exam's window, as the phone last heard it: the exam must start inside it. */
export interface AssignmentWindow {
	id: number;
	opensAt: number;
	closesAt: number;
}

/**
 * Draws the paper (or reuses a retaken attempt's questions) and creates the attempt. With an
 * assignment, the attempt records its id, and starting outside the window (device clock) fails.
 */
export async function startExam(manifest: BankManifest, paper: Paper, retake?: ExamRecord, assignment?: AssignmentWindow): Promise<ExamRecord> {
	const db = learnerDb();
	const repo = new ExamRepository(db);
	if (assignment && (Date.now() < assignment.opensAt || Date.now() >= assignment.closesAt)) throw new Error('不在这项考试任务的考试时间内。');
	let items: ExamItem[];
	let seed: number;
	if (retake) {
		items = retake.items;
		seed = retake.seed;
	} else {
		const pool = poolFromIndex(await loadQuestionIndex(manifest));
		const met = new Set((await repo.list()).flatMap((e) => e.items.map((i) => i.questionId)));
		seed = newSeed();
		const weakness = paper.draw === 'weak' ? await weaknessWeights(manifest) : undefined;
		items = assemblePaper({ paper, pool, seed, metInMocks: met, ...(weakness ? { weakness } : {}) });
	}
	const questions = await questionsFor(manifest, items);
	// A retake after a bank update: questions since retired are left out, revised ones use the new rev.
	items = items.filter((i) => questions.has(i.questionId)).map((i) => ({ ...i, rev: questions.get(i.questionId)!.rev }));
	if (items.length === 0) throw new Error('这套试卷的题目已不在当前题库中，请换一套新题。');
	const lawShort = Object.fromEntries(manifest.laws.map((l) => [l.id, l.short]));
	const input = {
		paper,
		items,
		questions: [...questions.values()],
		lawShort,
		bankVersion: manifest.version,
		seed,
		...(retake ? { retakeOf: retake.id } : {}),
		...(assignment ? { assignmentId: assignment.id } : {})
	};
	return repo.create(input);
}
