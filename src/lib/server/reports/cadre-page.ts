/**
 * One page of a unit report's cadre table. A county has 10,000 cadres: all of them as HTML rows
 * (and again in the page's serialized data) made an 8 MB page that took seconds to render, so
 * /admin shows 100 at a time, sortable, and the full list stays in the Excel export.
 */
import type { CadreRow } from './unit-report';

export const PAGE_SIZE = 100;

/** unit: the report's own order (unit, then name); the others put the weakest first. */
export const CADRE_SORTS = ['unit', 'name', 'accuracy', 'prediction'] as const;
export type CadreSort = (typeof CADRE_SORTS)[number];

export interface CadrePage {
	rows: (CadreRow & { index: number })[];
	sort: CadreSort;
	page: number;
	pages: number;
	total: number;
}

const accuracy = (c: CadreRow) => (c.answered ? c.right / c.answered : -1);
const prediction = (c: CadreRow) => (c.prediction?.enough ? c.prediction.probability : -1);
const byName = (a: CadreRow, b: CadreRow) => a.name.localeCompare(b.name, 'zh-CN');

/** `index` is the row's 1-based position in the whole sorted list (the 序号 column). */
export function cadrePage(cadres: CadreRow[], params: URLSearchParams): CadrePage {
	const requested = params.get('sort');
	const sort: CadreSort = (CADRE_SORTS as readonly string[]).includes(requested ?? '') ? (requested as CadreSort) : 'unit';
	const pages = Math.max(1, Math.ceil(cadres.length / PAGE_SIZE));
	const page = Math.min(pages, Math.max(1, Math.floor(Number(params.get('page')) || 1)));
	// Never answered / unknown (-1) come first under accuracy and prediction: they need attention too.
	const sorted =
		sort === 'unit'
			? cadres
			: [...cadres].sort(sort === 'name' ? byName : sort === 'accuracy' ? (a, b) => accuracy(a) - accuracy(b) || byName(a, b) : (a, b) => prediction(a) - prediction(b) || byName(a, b));
	const start = (page - 1) * PAGE_SIZE;
	return { rows: sorted.slice(start, start + PAGE_SIZE).map((c, i) => ({ ...c, index: start + i + 1 })), sort, page, pages, total: cadres.length };
}
