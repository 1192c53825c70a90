/**
 * The cadre's assigned exams on the phone. Fetched from GET /api/assignments when online and kept
 * in IndexedDB (kv) so the home page shows them offline; combined with the phone's own exams to
 * say, per assignment, whether to start, continue, or that it is done. The device clock decides
 * whether an assignment is open: the exam must be started inside its window.
 */
import type { ExamRecord, LearnerDb } from '$lib/client/db';
import type { AssignmentInfo } from '$lib/core/assignment-types';

export const ASSIGNMENTS_KEY = 'assignments.list';

export type { AssignmentInfo };

export interface CachedAssignments {
	userId: number;
	fetchedAt: number;
	assignments: AssignmentInfo[];
}

export async function cachedAssignments(db: LearnerDb): Promise<CachedAssignments | null> {
	return ((await db.kv.get(ASSIGNMENTS_KEY))?.value as CachedAssignments | undefined) ?? null;
}

/** Whether a cadre is signed in: /api/me answers everyone with 200, so anonymous learners' consoles stay free of 401s. */
async function signedInCadre(fetcher: typeof fetch): Promise<boolean> {
	const res = await fetcher('/api/me', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
	if (!res.ok) throw new Error(`/api/me ${res.status}`);
	const { user } = (await res.json()) as { user: { role: string; mustChangePassword: boolean } | null };
	return !!user && user.role === 'cadre' && !user.mustChangePassword;
}

/**
 * Asks the server; keeps the answer. Offline or on a server error the last list stands; signed
 * out the list is dropped, so another person's tasks never show on a shared phone.
 */
export async function refreshAssignments(db: LearnerDb, fetcher: typeof fetch = (...args) => fetch(...args), now = Date.now()): Promise<CachedAssignments | null> {
	let res: Response;
	try {
		if (!(await signedInCadre(fetcher))) {
			await db.kv.delete(ASSIGNMENTS_KEY);
			return null;
		}
		res = await fetcher('/api/assignments', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
	} catch {
		return cachedAssignments(db);
	}
	if (res.status === 401 || res.status === 403) {
		await db.kv.delete(ASSIGNMENTS_KEY);
		return null;
	}
	if (!res.ok) return cachedAssignments(db);
	const body = (await res.json()) as { userId: number; assignments: AssignmentInfo[] };
	const fresh: CachedAssignments = { userId: body.userId, fetchedAt: now, assignments: body.assignments };
	await db.kv.put({ key: ASSIGNMENTS_KEY, value: fresh });
	return fresh;
}

export type CardState = 'upcoming' | 'open' | 'in-progress' | 'done';

export interface AssignmentCard {
	assignment: AssignmentInfo;
	state: CardState;
	/** The phone's attempt for it (in progress or submitted), if any. */
	examId?: string;
}

/**
 * One card per assignment still worth showing at `now`: upcoming, open, being taken, or done while
 * its window lasts. An attempt in progress stays even after the window closes: it started in time.
 */
export function assignmentCards(list: readonly AssignmentInfo[], exams: readonly ExamRecord[], now: number): AssignmentCard[] {
	const cards: AssignmentCard[] = [];
	for (const a of list) {
		const mine = exams.filter((e) => e.assignmentId === a.id);
		const open = mine.find((e) => e.status === 'in-progress');
		const submitted = mine.find((e) => e.status === 'submitted');
		if (open) cards.push({ assignment: a, state: 'in-progress', examId: open.id });
		else if (now >= a.closesAt) continue;
		else if (submitted || a.done) cards.push({ assignment: a, state: 'done', ...(submitted ? { examId: submitted.id } : {}) });
		else cards.push({ assignment: a, state: now < a.opensAt ? 'upcoming' : 'open' });
	}
	return cards;
}

/** The cached assignment an exam was taken for (the result page names it), or null. */
export async function assignmentOf(db: LearnerDb, exam: Pick<ExamRecord, 'assignmentId'>): Promise<AssignmentInfo | null> {
	if (exam.assignmentId === undefined) return null;
	return (await cachedAssignments(db))?.assignments.find((a) => a.id === exam.assignmentId) ?? null;
}
