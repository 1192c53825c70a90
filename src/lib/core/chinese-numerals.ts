/** Chinese numerals as statutes write them (第一千二百六十条), both directions. */

const DIGITS: Record<string, number> = {
	零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const DIGIT_CHARS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Parses 一千二百六十 → 1260, 十二 → 12, 一百零三 → 103. Returns null for anything else. */
export function parseChineseNumber(text: string): number | null {
	if (text.length === 0) return null;
	let total = 0;
	let digit: number | null = null;
	for (const ch of text) {
		if (ch in DIGITS) {
			digit = DIGITS[ch]!;
		} else if (ch in UNITS) {
			total += (digit ?? 1) * UNITS[ch]!;
			digit = null;
		} else {
			return null;
		}
	}
	return total + (digit ?? 0);
}

/** Formats 1260 → 一千二百六十, 12 → 十二, 103 → 一百零三 (the statutes' style, up to 9999). */
export function toChineseNumber(n: number): string {
	if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`unsupported number ${n}`);
	if (n === 0) return '零';
	const parts: string[] = [];
	const units = [
		[1000, '千'],
		[100, '百'],
		[10, '十']
	] as const;
	let rest = n;
	let pendingZero = false;
	for (const [value, unit] of units) {
		const d = Math.floor(rest / value);
		rest %= value;
		if (d > 0) {
			if (pendingZero) parts.push('零');
			pendingZero = false;
			// 十二, not 一十二, when the number starts with the tens.
			if (!(value === 10 && d === 1 && parts.length === 0)) parts.push(DIGIT_CHARS[d]!);
			parts.push(unit);
		} else if (parts.length > 0) {
			pendingZero = true;
		}
	}
	if (rest > 0) {
		if (pendingZero) parts.push('零');
		parts.push(DIGIT_CHARS[rest]!);
	}
	return parts.join('');
}

/** 12 → 第十二条 */
export function articleLabel(n: number): string {
	return `第${toChineseNumber(n)}条`;
}
