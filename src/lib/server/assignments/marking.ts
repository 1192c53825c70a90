/**
 * Which assignment a synced exam counts for. The phone says which one it was taken for; the server
 * believes it only when the assignment exists, is not withdrawn, covers the cadre's unit, is for
 * the same paper and the exam was started inside its window. Otherwise the exam is still stored,
 * just not marked: a practice exam is never lost over a stale assignment.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { startedInWindow } from './window';

export interface ExamClaim {
	assignmentId?: number;
	paperId: string;
	startedAt: number;
}

/** The assignment id to store on the exam, or null. Runs inside the sync transaction. */
export async function markedAssignment(db: Kysely<Database>, userId: number, exam: ExamClaim): Promise<number | null> {
	if (exam.assignmentId === undefined) return null;
	const row = await db
		.selectFrom('assignments')
		.innerJoin('units', 'units.id', 'assignments.unit_id')
		.select(['assignments.id', 'assignments.paper_id', 'assignments.opens_at', 'assignments.closes_at', 'assignments.withdrawn', 'units.path'])
		.where('assignments.id', '=', exam.assignmentId)
		.executeTakeFirst();
	if (!row || row.withdrawn || row.paper_id !== exam.paperId || !startedInWindow(exam.startedAt, row)) return null;
	const cadre = await db
		.selectFrom('users')
		.innerJoin('units', 'units.id', 'users.unit_id')
		.select('units.path')
		.where('users.id', '=', userId)
		.executeTakeFirst();
	// The assignment covers its unit and everything below it.
	return cadre && cadre.path.startsWith(row.path) ? row.id : null;
}
