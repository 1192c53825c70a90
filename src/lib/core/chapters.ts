/** Chapters for statistics and advice: the 章 holding a question's article, or its top-level part. */
import type { IndexDivision } from './bank-types';

/** The index of the chapter-level division at or above `division` (−1 when there is none). */
export function chapterOf(divisions: readonly IndexDivision[], division: number): number {
	let top = -1;
	for (let d: number | null = division >= 0 ? division : null; d !== null; d = divisions[d]?.parent ?? null) {
		if (divisions[d]?.kind === 'zhang') return d;
		top = d;
	}
	return top;
}
