/** Practice modes over one law's questions: which questions, in which order. Pure. */
import type { Question, QuestionType } from './bank-types';
import type { Division } from './law-types';
import { randomOrder, sequentialOrder } from './practice-order';

export type PracticeMode = 'sequential' | 'random' | 'chapter' | 'type' | 'difficulty' | 'tag' | 'wrong' | 'favorites';

export const MODE_LABELS: Record<PracticeMode, string> = {
	sequential: '顺序',
	random: '随机',
	chapter: '章节',
	type: '题型',
	difficulty: '难度',
	tag: '标签',
	wrong: '错题',
	favorites: '收藏'
};

/** 题型 choices: the three types plus 案例 (questions with a case). */
export type TypeFilter = QuestionType | 'case';

export interface ModeParams {
	mode: PracticeMode;
	/** chapter: a division index. */
	division?: number;
	type?: TypeFilter;
	difficulty?: 1 | 2 | 3;
	tag?: string;
}

export function parseModeParams(search: URLSearchParams): ModeParams {
	const mode = (search.get('mode') ?? 'sequential') as PracticeMode;
	const known: PracticeMode[] = ['sequential', 'random', 'chapter', 'type', 'difficulty', 'tag', 'wrong', 'favorites'];
	const out: ModeParams = { mode: known.includes(mode) ? mode : 'sequential' };
	const d = Number(search.get('d'));
	if (search.has('d') && Number.isInteger(d) && d >= 0) out.division = d;
	const t = search.get('t');
	if (t === 'judge' || t === 'single' || t === 'multiple' || t === 'case') out.type = t;
	const level = Number(search.get('level'));
	if (level === 1 || level === 2 || level === 3) out.difficulty = level;
	const tag = search.get('tag');
	if (tag) out.tag = tag;
	return out;
}

/** Whether the mode still needs its parameter chosen (the picker is shown instead of questions). */
export function needsChoice(p: ModeParams): boolean {
	return (p.mode === 'chapter' && p.division === undefined) || (p.mode === 'type' && !p.type) || (p.mode === 'difficulty' && !p.difficulty) || (p.mode === 'tag' && !p.tag);
}

export interface ModeContext {
	divisions: readonly Division[];
	/** Questions answered at least once. */
	seen: ReadonlySet<string>;
	wrong: ReadonlySet<string>;
	favorites: ReadonlySet<string>;
	random: () => number;
}

export function inDivision(q: Question, d: Pick<Division, 'from' | 'to'>): boolean {
	const first = q.articles[0]!;
	return first >= d.from && first <= d.to;
}

/** The questions of a mode, in the order they are practised. */
export function selectQuestions(live: readonly Question[], p: ModeParams, ctx: ModeContext): Question[] {
	switch (p.mode) {
		case 'sequential':
			return sequentialOrder(live);
		case 'random':
			return randomOrder(live, ctx.seen, ctx.random);
		case 'chapter': {
			const d = ctx.divisions[p.division ?? -1];
			return d ? sequentialOrder(live.filter((q) => inDivision(q, d))) : [];
		}
		case 'type':
			return sequentialOrder(live.filter((q) => (p.type === 'case' ? Boolean(q.case) : q.type === p.type)));
		case 'difficulty':
			return sequentialOrder(live.filter((q) => q.difficulty === p.difficulty));
		case 'tag':
			return sequentialOrder(live.filter((q) => q.tags.includes(p.tag ?? '')));
		case 'wrong':
			return sequentialOrder(live.filter((q) => ctx.wrong.has(q.id)));
		case 'favorites':
			return sequentialOrder(live.filter((q) => ctx.favorites.has(q.id)));
	}
}

/** Tags of a law's questions with their counts, most used first. */
export function tagCounts(live: readonly Question[]): [string, number][] {
	const counts = new Map<string, number>();
	for (const q of live) for (const t of q.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A URL query for a mode. */
export function modeQuery(p: ModeParams): string {
	const q = new URLSearchParams();
	if (p.mode !== 'sequential') q.set('mode', p.mode);
	if (p.division !== undefined) q.set('d', String(p.division));
	if (p.type) q.set('t', p.type);
	if (p.difficulty) q.set('level', String(p.difficulty));
	if (p.tag) q.set('tag', p.tag);
	const s = q.toString();
	return s ? `?${s}` : '';
}
