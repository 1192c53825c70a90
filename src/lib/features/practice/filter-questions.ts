/** Applying the list filters (law, chapter, type) to questions. */
import type { Question } from '$lib/core/bank-types';
import type { Division } from '$lib/core/law-types';
import { inDivision } from '$lib/core/practice-modes';
import type { Filters } from './QuestionFilters.svelte';

export function matchesFilters(q: Question, f: Filters, divisions: readonly Division[] | undefined): boolean {
	if (f.law && q.law !== f.law) return false;
	if (f.type && (f.type === 'case' ? !q.case : q.type !== f.type)) return false;
	if (f.law && f.chapter >= 0) {
		const d = divisions?.[f.chapter];
		if (d && !inDivision(q, d)) return false;
	}
	return true;
}

/** The divisions offered as 章节 filters: chapters, or top-level parts of laws without chapters. */
export function chapterChoices(divisions: readonly Division[] | undefined): Division[] {
	if (!divisions) return [];
	const chapters = divisions.filter((d) => d.kind === 'zhang');
	return chapters.length > 0 ? chapters : divisions.filter((d) => d.parent === null);
}
