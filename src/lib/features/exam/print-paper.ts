/** A paper drawn for printing: sections numbered as on a real paper, and its answer key. */
import { loadLaws } from '$lib/client/bank';
import { loadQuestionIndex, poolFromIndex } from '$lib/client/question-index';
import { TYPE_LABELS, type BankManifest, type Question, type QuestionType } from '$lib/core/bank-types';
import { assemblePaper, type ExamItem } from '$lib/core/exam-assembly';
import type { Paper } from '$lib/core/paper-types';

export interface PrintedSection {
	heading: string;
	entries: { number: number; item: ExamItem; question: Question }[];
}

const NUMERALS = ['一', '二', '三', '四', '五', '六'];

export async function printablePaper(manifest: BankManifest, paper: Paper, seed: number, items?: ExamItem[]): Promise<PrintedSection[]> {
	const drawn = items ?? assemblePaper({ paper, pool: poolFromIndex(await loadQuestionIndex(manifest)), seed });
	const laws = await loadLaws(manifest, drawn.map((i) => i.law));
	const sections: PrintedSection[] = [];
	let number = 0;
	for (const type of [...new Set(drawn.map((i) => i.type))] as QuestionType[]) {
		const ofType = drawn.filter((i) => i.type === type);
		const points = ofType[0]!.points;
		const section = paper.sections.find((s) => s.type === type);
		const rule = type === 'multiple' ? (section?.scoring === 'partial' ? '，少选按选对项给分，错选不得分' : '，多选、少选、错选均不得分') : '';
		sections.push({
			heading: `${NUMERALS[sections.length]}、${TYPE_LABELS[type]}（每题 ${points} 分，共 ${points * ofType.length} 分${rule}）`,
			entries: ofType.flatMap((item) => {
				const question = laws.get(item.law)?.byId.get(item.questionId);
				return question ? [{ number: ++number, item, question }] : [];
			})
		});
	}
	return sections;
}
