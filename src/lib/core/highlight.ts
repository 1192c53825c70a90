import { locateIgnoringWhitespace } from './text';

export interface Segment {
	text: string;
	marked: boolean;
}

/**
 * Splits each paragraph into plain and highlighted segments, highlighting `quote` wherever it
 * falls (it may span paragraphs; white space is ignored when finding it, as the compiler does).
 */
export function highlightParagraphs(paragraphs: readonly string[], quote: string | undefined): Segment[][] {
	const joined = paragraphs.join('\n');
	const range = quote ? locateIgnoringWhitespace(joined, quote) : null;
	let offset = 0;
	return paragraphs.map((p) => {
		const start = offset;
		const end = offset + p.length;
		offset = end + 1;
		if (!range || range[1] <= start || range[0] >= end) return [{ text: p, marked: false }];
		const a = Math.max(range[0], start) - start;
		const b = Math.min(range[1], end) - start;
		return [
			{ text: p.slice(0, a), marked: false },
			{ text: p.slice(a, b), marked: true },
			{ text: p.slice(b), marked: false }
		].filter((s) => s.text !== '');
	});
}
