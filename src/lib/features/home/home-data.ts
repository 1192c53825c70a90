/**
 * Everything the home page reads from IndexedDB, in one module the page loads after its first
 * paint: Dexie, the scheduler and the estimate stay out of the home page's first-load JavaScript.
 */
import { learnerDb, type ExamRecord } from '$lib/client/db';
import { ExamRepository } from '$lib/client/exam-repository';
import { ProgressRepository, type LawProgress } from '$lib/client/progress-repository';
import { loadSettings } from '$lib/client/settings.svelte';
import type { BankManifest } from '$lib/core/bank-types';
import { DAY_MS, dayKey, parseDay, startOfDay } from '$lib/core/scheduling';
import { estimatePass, type Estimate } from '$lib/features/exam/prediction';
import { saveEstimate } from './last-estimate';

export interface TodayFigures {
	due: number;
	fresh: number;
	goal: number;
	wrong: number;
	examDays: number | null;
	lastLawId: string | null;
}

export interface HomeData {
	progress: Map<string, LawProgress>;
	today: TodayFigures;
	openExams: ExamRecord[];
}

export async function loadHome(now = Date.now()): Promise<HomeData> {
	const db = learnerDb();
	const repo = new ProgressRepository(db);
	const exams = new ExamRepository(db);
	// An attempt whose time ran out while the app was closed is handed in first.
	for (const e of await exams.inProgress()) await exams.expireIfDue(e, now);
	const [progress, settings, due, day, wrong, last, openExams] = await Promise.all([
		repo.progressByLaw(),
		loadSettings(db),
		repo.dueCount(startOfDay(now) + DAY_MS - 1),
		db.days.get(dayKey(now)),
		db.questionStates.where('inWrong').equals(1).count(),
		db.attempts.orderBy('at').last(),
		exams.inProgress()
	]);
	const examDays = settings.examDate ? Math.round((parseDay(settings.examDate) - startOfDay(now)) / DAY_MS) : null;
	return {
		progress,
		openExams,
		today: { due, fresh: day?.fresh ?? 0, goal: settings.dailyGoal, wrong, examDays: examDays !== null && examDays >= 0 ? examDays : null, lastLawId: last?.lawId ?? null }
	};
}

export async function freshEstimate(manifest: BankManifest): Promise<Estimate | null> {
	const estimate = await estimatePass(manifest).catch(() => null);
	if (estimate) saveEstimate(estimate);
	return estimate;
}
