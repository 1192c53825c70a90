import { describe, expect, it } from 'vitest';
import { parseChineseNumber, toChineseNumber, articleLabel } from '../../src/lib/core/chinese-numerals';

describe('chinese numerals', () => {
	it.each([
		['一', 1],
		['十', 10],
		['十二', 12],
		['二十', 20],
		['一百零三', 103],
		['一百一十', 110],
		['一千二百六十', 1260],
		['一千零一', 1001],
		['一千零三十九', 1039]
	])('parses %s as %d', (text, n) => {
		expect(parseChineseNumber(text)).toBe(n);
	});

	it('rejects non-numerals', () => {
		expect(parseChineseNumber('条')).toBeNull();
		expect(parseChineseNumber('')).toBeNull();
	});

	it('round-trips every article number up to 1260', () => {
		for (let n = 1; n <= 1260; n++) expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
	});

	it('writes numbers the way statutes do', () => {
		expect(toChineseNumber(12)).toBe('十二');
		expect(toChineseNumber(110)).toBe('一百一十');
		expect(toChineseNumber(1001)).toBe('一千零一');
		expect(toChineseNumber(1260)).toBe('一千二百六十');
		expect(articleLabel(47)).toBe('第四十七条');
	});
});
