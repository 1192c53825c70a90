/**
 * Where a unit goes wrong: accuracy per law and per chapter (章), and the weakest articles, over
 * the unit's attempts in a date range. Questions are placed by the bank being served now (ids
 * are stable across versions; a question retired since is still in the bank, marked retired).
 */
import { sql } from 'kysely';
import { chapterOf } from '$lib/core/chapters';
import { articleLabel } from '$lib/core/chinese-numerals';
import type { ArchivedBank } from '../bank-archive';
import type { Db } from '../db/database';
import type { Unit } from '../db/schema';
import type { DateRange } from './unit-report';
import { questionTallies } from './unit-question-days';

export interface Tally {
	answered: number;
	right: number;
	/** Percent right, one decimal. */
	accuracy: number;
}

export interface LawSpots extends Tally {
	law: string;
	short: string;
	chapters: (Tally & { title: string })[];
}

export interface ArticleSpot extends Tally {
	law: string;
	short: string;
	article: number;
	label: string;
}

export interface WeakSpots {
	laws: LawSpots[];
	/** The 20 articles with the lowest accuracy among those answered at least MIN_ANSWERS times. */
	articles: ArticleSpot[];
}

const MIN_ANSWERS = 3;

const tally = (answered: number, right: number): Tally => ({ answered, right, accuracy: answered ? Math.round((1000 * right) / answered) / 10 : 0 });

/** The unit's weak spots, or (with `userId`) one cadre's, whose unit must then be given as `unit`. */
export async function weakSpots(db: Db, bank: ArchivedBank, unit: Unit, range: DateRange, options: { userId?: number } = {}): Promise<WeakSpots> {
	let rows: { question_id: string; answered: number; right: number }[];
	if (options.userId === undefined) rows = await questionTallies(db, unit, range);
	else {
		rows = await db
			.selectFrom('attempts')
			.innerJoin('users', 'users.id', 'attempts.user_id')
			.innerJoin('units', 'units.id', 'users.unit_id')
			.where('units.path', 'like', `${unit.path}%`)
			.where('users.role', '=', 'cadre')
			.select(['attempts.question_id', sql<number>`count(*)`.as('answered'), sql<number>`sum(attempts.correct)`.as('right')])
			.where('attempts.user_id', '=', options.userId)
			.where('attempts.at', '>=', range.from)
			.where('attempts.at', '<', range.to)
			.groupBy('attempts.question_id')
			.execute();
	}

	const divisionOf = new Map<string, number>();
	for (const law of Object.values(bank.index.laws)) for (const q of law.questions) divisionOf.set(q[0], q[4]);
	const laws = new Map<string, { answered: number; right: number; chapters: Map<number, { answered: number; right: number }> }>();
	const articles = new Map<string, { law: string; article: number; answered: number; right: number }>();
	for (const row of rows) {
		const q = bank.questions.get(row.question_id);
		if (!q) continue;
		const answered = Number(row.answered);
		const right = Number(row.right);
		const lawEntry = laws.get(q.law) ?? { answered: 0, right: 0, chapters: new Map() };
		laws.set(q.law, lawEntry);
		lawEntry.answered += answered;
		lawEntry.right += right;
		const divisions = bank.index.laws[q.law]?.divisions ?? [];
		const chapter = chapterOf(divisions, divisionOf.get(q.id) ?? -1);
		const ch = lawEntry.chapters.get(chapter) ?? { answered: 0, right: 0 };
		lawEntry.chapters.set(chapter, ch);
		ch.answered += answered;
		ch.right += right;
		// A question citing several articles counts toward each of them.
		for (const article of q.articles) {
			const key = `${q.law}:${article}`;
			const a = articles.get(key) ?? { law: q.law, article, answered: 0, right: 0 };
			articles.set(key, a);
			a.answered += answered;
			a.right += right;
		}
	}
	const short = (law: string) => bank.lawShort.get(law) ?? law;
	return {
		laws: [...laws]
			.map(([law, t]) => ({
				law,
				short: short(law),
				...tally(t.answered, t.right),
				chapters: [...t.chapters]
					.sort(([a], [b]) => a - b)
					.map(([index, c]) => ({ title: bank.index.laws[law]?.divisions[index]?.title ?? '（未分章）', ...tally(c.answered, c.right) }))
			}))
			.sort((a, b) => a.accuracy - b.accuracy),
		articles: [...articles.values()]
			.filter((a) => a.answered >= MIN_ANSWERS)
			.map((a) => ({ law: a.law, short: short(a.law), article: a.article, label: articleLabel(a.article), ...tally(a.answered, a.right) }))
			.sort((a, b) => a.accuracy - b.accuracy || b.answered - a.answered)
			.slice(0, 20)
	};
}
