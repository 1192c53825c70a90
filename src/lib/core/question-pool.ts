/** The question index as exam assembly and pass prediction see it; pure, so the phone and the server share it. */
import { OPTION_KEYS, type QuestionIndex } from './bank-types';
import type { PoolQuestion } from './exam-assembly';

/** Every live question as exam assembly and prediction see it. */
export function poolFromIndex(index: QuestionIndex): PoolQuestion[] {
	const pool: PoolQuestion[] = [];
	for (const [law, entry] of Object.entries(index.laws)) {
		for (const [id, rev, type, difficulty, , options] of entry.questions) {
			pool.push({ id, rev, law, type, difficulty, keys: OPTION_KEYS.slice(0, options) });
		}
	}
	return pool;
}
