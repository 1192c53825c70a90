/**
 * Exports one law's questions to Excel (or CSV) in the layout bank:import reads, for review in
 * Excel and for a round trip.
 *   npm run bank:export -- --law LAW [--format xlsx|csv] [--out FILE] [--bank DIR]
 * Default output: <law>-<bank version>.xlsx in the folder the command is typed in.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileBank } from './bank/compile';
import { folderSource } from './bank/source';
import { exportRows, rowsToCsv, rowsToXlsx } from './bank-io/export';

const USAGE = 'usage: npm run bank:export -- --law LAW [--format xlsx|csv] [--out FILE] [--bank DIR]';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// npm run starts scripts in the project folder; INIT_CWD is where the user typed the command,
// which is what a relative FILE or --out means.
const userCwd = process.env.INIT_CWD ?? process.cwd();
/** A path relative to the user's folder when it lies inside it, else absolute. */
const shownPath = (path: string) => {
	const rel = relative(userCwd, path);
	return rel && !rel.startsWith('..') ? rel : path;
};
const argv = process.argv.slice(2);
const valueOf = (name: string) => {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 ? argv[i + 1] : undefined;
};

async function main(): Promise<number> {
	const lawId = valueOf('law');
	const format = valueOf('format') ?? 'xlsx';
	if (!lawId || (format !== 'xlsx' && format !== 'csv')) {
		console.error(USAGE);
		return 2;
	}
	const result = compileBank(folderSource(resolve(userCwd, valueOf('bank') ?? join(root, 'question-bank'))));
	const law = result.laws.find((l) => l.info.id === lawId);
	if (!result.bank || !law) {
		console.error(`bank:export: law ${lawId} is not in the bank (laws: ${result.laws.map((l) => l.info.id).join(', ')})`);
		return 1;
	}
	const errors = result.diagnostics.filter((d) => d.severity === 'error' && d.file.includes(`/questions/${lawId}/`));
	const rows = exportRows(law.questions);
	const out = resolve(userCwd, valueOf('out') ?? `${lawId}-${result.bank.version}.${format}`);
	if (format === 'csv') writeFileSync(out, rowsToCsv(rows));
	else writeFileSync(out, await rowsToXlsx(rows, law.info.short));
	const retired = law.questions.filter((q) => q.retired).length;
	console.log(`bank:export: ${rows.length - 1} questions of ${lawId} (bank ${result.bank.version}) → ${shownPath(out)}`);
	if (retired > 0) console.log(`  ${retired} retired questions not exported`);
	if (errors.length > 0) console.log(`  ${errors.length} errors in questions/${lawId}/: questions with errors are not exported (npm run bank:check)`);
	return 0;
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		console.error(e);
		process.exit(1);
	}
);
