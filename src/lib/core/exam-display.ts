/** Exams show options in a shuffled order, lettered by position; answers are kept in bank keys. */
import { OPTION_KEYS, type Answer, type OptionKey } from './bank-types';
import type { ExamItem } from './exam-assembly';

/** The letter the learner saw for a bank option key. */
export function displayLetter(item: Pick<ExamItem, 'order'>, key: OptionKey): OptionKey {
	const at = item.order.indexOf(key);
	return at < 0 ? key : OPTION_KEYS[at]!;
}

/** An answer (or response) written in the letters the learner saw: 正确 / 错误, B, ACD. */
export function formatDisplayed(item: Pick<ExamItem, 'order'>, answer: Answer | undefined): string {
	if (answer === undefined) return '未作答';
	if (typeof answer === 'boolean') return answer ? '正确' : '错误';
	const keys = Array.isArray(answer) ? answer : [answer];
	return keys.map((k) => displayLetter(item, k)).sort().join('');
}

export function formatDuration(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const mm = String(m).padStart(2, '0');
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** 2026年11月27日 14:05 */
export function formatDateTime(ms: number): string {
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
