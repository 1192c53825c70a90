/** Coverage of the bank: how much of each law its live questions ask about, by part, type and difficulty. */
import { QUESTION_TYPES, type Question, type TypeCounts } from '../../src/lib/core/bank-types';
import { topLevelDivisions } from '../../src/lib/core/law-parser';
import type { CompiledLawEntry } from './compile';

interface Counts {
	live: number;
	case: number;
	byType: TypeCounts;
	judgeTrue: number;
	byDifficulty: Record<'1' | '2' | '3', number>;
}

export interface PartCoverage extends Counts {
	title: string;
	from: number;
	to: number;
	articles: number;
	cited: number;
}

export interface LawCoverage extends Counts {
	title: string;
	articles: number;
	cited: number;
	retired: number;
	/** Articles no live question cites, with the reason recorded in bank.yaml where there is one. */
	uncited: { article: number; reason?: string }[];
	parts: PartCoverage[];
}

export interface Coverage {
	version: string;
	laws: Record<string, LawCoverage>;
}

function count(questions: Question[]): Counts {
	const c: Counts = {
		live: questions.length,
		case: 0,
		byType: { judge: 0, single: 0, multiple: 0 },
		judgeTrue: 0,
		byDifficulty: { '1': 0, '2': 0, '3': 0 }
	};
	for (const q of questions) {
		if (q.case) c.case++;
		c.byType[q.type]++;
		if (q.type === 'judge' && q.answer === true) c.judgeTrue++;
		c.byDifficulty[String(q.difficulty) as '1' | '2' | '3']++;
	}
	return c;
}

export function computeCoverage(version: string, laws: CompiledLawEntry[]): Coverage {
	const out: Coverage = { version, laws: {} };
	for (const law of laws) {
		const live = law.questions.filter((q) => !q.retired);
		const cited = new Set(live.flatMap((q) => q.articles));
		const parts = topLevelDivisions(law.structure).map((d): PartCoverage => {
			const inPart = live.filter((q) => q.articles[0]! >= d.from && q.articles[0]! <= d.to);
			let citedHere = 0;
			for (let n = d.from; n <= d.to && n > 0; n++) if (cited.has(n)) citedHere++;
			return { title: d.title, from: d.from, to: d.to, articles: d.from > 0 ? d.to - d.from + 1 : 0, cited: citedHere, ...count(inPart) };
		});
		out.laws[law.info.id] = {
			title: law.info.title,
			articles: law.structure.articles.length,
			cited: cited.size,
			retired: law.questions.length - live.length,
			...count(live),
			uncited: law.structure.articles
				.filter((a) => !cited.has(a.number))
				.map((a) => ({ article: a.number, ...(law.uncited[a.number] ? { reason: law.uncited[a.number] } : {}) })),
			parts
		};
	}
	return out;
}

function pct(n: number, total: number): string {
	return total === 0 ? '  -' : `${Math.round((100 * n) / total)}%`.padStart(4);
}

/** Columns a string takes in a terminal: Chinese characters and full-width forms take two. */
function displayWidth(text: string): number {
	let w = 0;
	for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
	return w;
}

function padDisplay(text: string, width: number): string {
	return text + ' '.repeat(Math.max(1, width - displayWidth(text)));
}

/** The readable table of `npm run bank:coverage`. */
export function formatCoverage(c: Coverage, only?: string): string {
	const lines: string[] = [`题库 version ${c.version}`, ''];
	for (const [id, law] of Object.entries(c.laws)) {
		if (only && id !== only) continue;
		if (!only && law.live === 0) continue;
		lines.push(`${law.title} (${id})`);
		lines.push(
			`  questions ${law.live} live, ${law.retired} retired · articles cited ${law.cited}/${law.articles} (${pct(law.cited, law.articles).trim()}) · case ${law.case}`
		);
		lines.push(
			`  判断 ${law.byType.judge} (true ${law.judgeTrue}) · 单选 ${law.byType.single} · 多选 ${law.byType.multiple} · difficulty 1/2/3: ${law.byDifficulty['1']}/${law.byDifficulty['2']}/${law.byDifficulty['3']} (${pct(law.byDifficulty['1'], law.live).trim()}/${pct(law.byDifficulty['2'], law.live).trim()}/${pct(law.byDifficulty['3'], law.live).trim()})`
		);
		lines.push(`  ${padDisplay('part', 34)}articles  cited  live 判断 单选 多选 case`);
		for (const p of law.parts) {
			const title = p.title.length > 16 ? `${p.title.slice(0, 15)}…` : p.title;
			lines.push(
				`  ${padDisplay(title, 34)}${String(p.articles).padStart(8)}${String(p.cited).padStart(7)}${String(p.live).padStart(6)}${QUESTION_TYPES.map((t) => String(p.byType[t]).padStart(5)).join('')}${String(p.case).padStart(5)}`
			);
		}
		const withReason = law.uncited.filter((u) => u.reason);
		const without = law.uncited.filter((u) => !u.reason);
		if (withReason.length > 0) {
			lines.push('  not cited, by decision:');
			for (const u of withReason) lines.push(`    ${u.article}: ${u.reason}`);
		}
		if (without.length > 0 && without.length <= 60) lines.push(`  not cited yet: ${without.map((u) => u.article).join(', ')}`);
		else if (without.length > 60) lines.push(`  not cited yet: ${without.length} articles`);
		lines.push('');
	}
	return lines.join('\n');
}
