/**
 * CSV in and out (RFC 4180): quoted fields may hold commas, line breaks and doubled quotes.
 * Written by hand so that the importer needs no dependency beyond exceljs.
 */

/**
 * Decodes a CSV file's bytes. Excel on a Chinese Windows saves "CSV" in GBK (code page 936),
 * not UTF-8, so bytes that are not valid UTF-8 are read as GBK.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = new TextDecoder('gbk').decode(bytes);
	}
	return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/**
 * Parses CSV text into rows of fields. The delimiter is a comma, or a tab when the first line
 * has tabs and no commas (a sheet copied out of Excel and saved as text).
 */
export function parseCsv(text: string): string[][] {
	const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
	const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let i = 0;
	const endField = () => {
		row.push(field);
		field = '';
	};
	const endRow = () => {
		endField();
		rows.push(row);
		row = [];
	};
	while (i < text.length) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
			} else field += ch;
			i++;
			continue;
		}
		if (ch === '"' && field === '') quoted = true;
		else if (ch === delimiter) endField();
		else if (ch === '\r' && text[i + 1] === '\n') {
			endRow();
			i++;
		} else if (ch === '\n' || ch === '\r') endRow();
		else field += ch;
		i++;
	}
	// The last line may lack its line break; a final line break does not start another row.
	if (field !== '' || row.length > 0) endRow();
	return rows;
}

/** One CSV field, quoted when it holds a delimiter, a quote or a line break. */
function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Formats rows as CSV with CRLF line ends and a byte-order mark, so that Excel opens the
 * Chinese text as UTF-8 instead of guessing GBK.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
	return `\ufeff${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
