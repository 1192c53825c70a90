import { describe, expect, it } from 'vitest';
import { highlightParagraphs } from '../../src/lib/core/highlight';
import { locateIgnoringWhitespace, stripWhitespace } from '../../src/lib/core/text';

describe('quote highlighting', () => {
	it('marks the quote inside one paragraph', () => {
		expect(highlightParagraphs(['甲乙丙丁戊。', '己庚。'], '乙丙丁')).toEqual([
			[{ text: '甲', marked: false }, { text: '乙丙丁', marked: true }, { text: '戊。', marked: false }],
			[{ text: '己庚。', marked: false }]
		]);
	});
	it('finds a quote despite white space on either side, including full-width spaces', () => {
		expect(highlightParagraphs(['第 一 编　总则'], '编总则')).toEqual([[{ text: '第 一 ', marked: false }, { text: '编　总则', marked: true }]]);
		expect(locateIgnoringWhitespace('a b　c', 'bc')).toEqual([2, 5]);
	});
	it('marks a quote that runs across paragraphs', () => {
		expect(highlightParagraphs(['甲乙：', '（一）丙丁；'], '乙：（一）丙')).toEqual([
			[{ text: '甲', marked: false }, { text: '乙：', marked: true }],
			[{ text: '（一）丙', marked: true }, { text: '丁；', marked: false }]
		]);
	});
	it('leaves the text alone when the quote is missing', () => {
		expect(highlightParagraphs(['甲乙'], '丙丁')).toEqual([[{ text: '甲乙', marked: false }]]);
		expect(stripWhitespace(' a\u3000b\n')).toBe('ab');
	});
});

describe('Chinese spacing', () => {
	it('removes the spaces YAML folding leaves between Chinese characters, and keeps others', async () => {
		const { tidyChineseSpacing } = await import('../../src/lib/core/text');
		expect(tidyChineseSpacing('根据宪法，制定本法。 立法法规定')).toBe('根据宪法，制定本法。立法法规定');
		expect(tidyChineseSpacing('《行政许可法》第四十二条 行政机关')).toBe('《行政许可法》第四十二条行政机关');
		expect(tidyChineseSpacing('第 12 条, ABC 和 DEF')).toBe('第 12 条, ABC 和 DEF');
	});
});
