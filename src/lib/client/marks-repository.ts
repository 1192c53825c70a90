/** 收藏, personal notes and 纠错 reports: what the learner adds to a question. */
import { uuid } from '$lib/core/uuid';
import type { LearnerDb, MarkRecord, ReportRecord } from './db';

export const REPORT_REASONS = ['答案有误', '题干有误', '选项有误', '解析有误', '法条引用有误', '其他'] as const;

export class MarksRepository {
	constructor(private readonly db: LearnerDb) {}

	get(questionId: string): Promise<MarkRecord | undefined> {
		return this.db.marks.get(questionId);
	}

	private async save(questionId: string, lawId: string, change: Partial<Pick<MarkRecord, 'favorite' | 'note'>>): Promise<MarkRecord> {
		return this.db.transaction('rw', this.db.marks, async () => {
			const before = await this.db.marks.get(questionId);
			const next: MarkRecord = { questionId, lawId, favorite: before?.favorite ?? 0, note: before?.note ?? '', ...change, updatedAt: Date.now() };
			if (next.favorite === 0 && next.note.trim() === '') await this.db.marks.delete(questionId);
			else await this.db.marks.put(next);
			return next;
		});
	}

	setFavorite(questionId: string, lawId: string, favorite: boolean): Promise<MarkRecord> {
		return this.save(questionId, lawId, { favorite: favorite ? 1 : 0 });
	}

	setNote(questionId: string, lawId: string, note: string): Promise<MarkRecord> {
		return this.save(questionId, lawId, { note: note.slice(0, 2000) });
	}

	/** Every question with a star or a note, newest first. */
	async all(): Promise<MarkRecord[]> {
		return (await this.db.marks.toArray()).sort((a, b) => b.updatedAt - a.updatedAt);
	}

	async report(input: Omit<ReportRecord, 'id' | 'at'>): Promise<ReportRecord> {
		const record: ReportRecord = { ...input, text: input.text.slice(0, 2000), id: uuid(), at: Date.now() };
		await this.db.transaction('rw', this.db.reports, this.db.outbox, async () => {
			await this.db.reports.add(record);
			await this.db.outbox.add({ id: record.id, kind: 'report', createdAt: record.at });
		});
		return record;
	}
}
