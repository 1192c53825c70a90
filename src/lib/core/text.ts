/** Text helpers shared by the compiler (grounding) and the app (highlighting). */

// Half- and full-width white space, including the ideographic space U+3000 and NBSP.
const WHITESPACE = /[\s\u3000\u00a0\ufeff]/u;

export function isWhitespace(ch: string): boolean {
	return WHITESPACE.test(ch);
}

/** Removes all white space, the normal form in which quotes are compared with the statute. */
export function stripWhitespace(text: string): string {
	let out = '';
	for (const ch of text) if (!isWhitespace(ch)) out += ch;
	return out;
}

/**
 * Finds `quote` in `text` ignoring white space on both sides and returns the [start, end)
 * range in the original `text`, or null when it is not there.
 */
export function locateIgnoringWhitespace(text: string, quote: string): [number, number] | null {
	const needle = stripWhitespace(quote);
	if (needle.length === 0) return null;
	// Map every kept character of `text` to its index in the original string.
	const kept: number[] = [];
	let normal = '';
	for (let i = 0; i < text.length; ) {
		const cp = text.codePointAt(i)!;
		const ch = String.fromCodePoint(cp);
		if (!isWhitespace(ch)) {
			for (let k = 0; k < ch.length; k++) kept.push(i + k);
			normal += ch;
		}
		i += ch.length;
	}
	const at = normal.indexOf(needle);
	if (at < 0) return null;
	return [kept[at]!, kept[at + needle.length - 1]! + 1];
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const SPACE_BETWEEN_CJK = new RegExp(`([${CJK}])[ \\t]+(?=[${CJK}])`, 'gu');

/**
 * Removes spaces between two Chinese characters or punctuation marks. YAML folds the line breaks
 * of a `>-` block into spaces, which Chinese text must not have.
 */
export function tidyChineseSpacing(text: string): string {
	return text.replace(SPACE_BETWEEN_CJK, '$1');
}
