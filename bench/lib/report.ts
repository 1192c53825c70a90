/**
 * The shape every benchmark reports in, and the table `npm run bench` prints. Each figure travels
 * with a baseline measured in the same run, because the ratio is what stays comparable on a noisy
 * machine; the absolute figure is what the target is about.
 */
export interface Figure {
	/** Which benchmark produced it (size, storage, …). */
	bench: string;
	/** What was measured, in words. */
	name: string;
	value: number;
	unit: 'KB' | 'MB' | 'ms';
	baseline?: { name: string; value: number };
	/** value / baseline.value */
	ratio?: number;
	/** The target: value must be at most this (same unit). */
	target?: number;
	/** For a target on the ratio instead (storage write: at most 2x the raw put). */
	ratioTarget?: number;
	met?: boolean;
	note?: string;
}

export type Bench = () => Promise<Figure[]>;

export function median(xs: readonly number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Builds a figure, working out the ratio and whether the target is met. */
export function figure(f: Omit<Figure, 'ratio' | 'met'>): Figure {
	const ratio = f.baseline && f.baseline.value > 0 ? f.value / f.baseline.value : undefined;
	let met: boolean | undefined;
	if (f.target !== undefined) met = f.value <= f.target;
	if (f.ratioTarget !== undefined && ratio !== undefined) met = (met ?? true) && ratio <= f.ratioTarget;
	return { ...f, ...(ratio !== undefined ? { ratio } : {}), ...(met !== undefined ? { met } : {}) };
}

const num = (v: number, unit: string) => (unit === 'ms' && v < 10 ? v.toFixed(2) : unit === 'MB' ? v.toFixed(2) : v.toFixed(1));

function pad(s: string, n: number): string {
	// CJK characters take two columns in a terminal.
	const width = [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
	return s + ' '.repeat(Math.max(0, n - width));
}

export function formatTable(figures: readonly Figure[]): string {
	const rows = figures.map((f) => [
		f.bench,
		f.name,
		`${num(f.value, f.unit)} ${f.unit}`,
		f.baseline ? `${num(f.baseline.value, f.unit)} ${f.unit} (${f.baseline.name})` : '',
		f.ratio !== undefined ? `${f.ratio.toFixed(2)}x` : '',
		f.target !== undefined ? `≤ ${f.target} ${f.unit}` : f.ratioTarget !== undefined ? `≤ ${f.ratioTarget}x` : '',
		f.met === undefined ? '' : f.met ? 'ok' : 'MISSED'
	]);
	const head = ['bench', 'figure', 'value', 'baseline (same run)', 'ratio', 'target', ''];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length + 2)));
	const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!)).join(' | ').trimEnd();
	return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
