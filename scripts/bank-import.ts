/**
 * Imports questions from an Excel (.xlsx) or CSV file in the common Chinese layout.
 *   npm run bank:import -- FILE.xlsx --law LAW [--out DIR] [--bank DIR] [--dry-run]
 * Writes a new file question-bank/questions/<law>/import-<timestamp>.yaml (or DIR/import-….yaml)
 * and never touches an existing one. Exit 0 when the file was read, even if rows were skipped;
 * exit 1 when the file or the bank cannot be read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderSource } from './bank/source';
import { importFileName, importTables } from './bank-io/import';
import { formatImportReport } from './bank-io/report';
import { readTables, UnreadableFileError } from './bank-io/table';

const USAGE = 'usage: npm run bank:import -- FILE.xlsx|FILE.csv --law LAW [--out DIR] [--bank DIR] [--dry-run]';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// npm run starts scripts in the project folder; INIT_CWD is where the user typed the command,
// which is what a relative FILE or --out means.
const userCwd = process.env.INIT_CWD ?? process.cwd();
/** A path relative to the user's folder when it lies inside it, else absolute. */
const shownPath = (path: string) => {
	const rel = relative(userCwd, path);
	return rel && !rel.startsWith('..') ? rel : path;
};

function parseArgs(argv: string[]): { file: string; law: string; out?: string; bank: string; dryRun: boolean } {
	const valueOf = (name: string) => {
		const i = argv.indexOf(`--${name}`);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const takesValue = new Set(['--law', '--out', '--bank']);
	const positional = argv.filter((a, i) => !a.startsWith('--') && !takesValue.has(argv[i - 1] ?? ''));
	const file = positional[0];
	const law = valueOf('law');
	if (!file || !law) {
		console.error(USAGE);
		process.exit(2);
	}
	return { file, law, out: valueOf('out'), bank: resolve(userCwd, valueOf('bank') ?? join(root, 'question-bank')), dryRun: argv.includes('--dry-run') };
}

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	let tables;
	try {
		tables = await readTables(resolve(userCwd, args.file));
	} catch (e) {
		if (!(e instanceof UnreadableFileError)) throw e;
		console.log(`bank:import: ${args.file}\nerror: ${e.message}`);
		return 1;
	}
	const outputName = importFileName(new Date());
	const { report, yaml } = importTables({ tables, lawId: args.law, source: folderSource(args.bank), fileName: basename(args.file), outputName });
	let writtenTo: string | null = null;
	if (yaml && !args.dryRun) {
		const target = args.out ? join(resolve(userCwd, args.out), outputName) : join(args.bank, report.output!);
		mkdirSync(dirname(target), { recursive: true });
		// 'wx': fail rather than overwrite, even if two imports start in the same second.
		writeFileSync(target, yaml, { flag: 'wx' });
		writtenTo = shownPath(target);
	}
	console.log(formatImportReport(report, writtenTo));
	if (yaml && args.dryRun) console.log('dry run: nothing written');
	if (yaml && args.out && !args.dryRun) console.log(`move the file into question-bank/questions/${args.law}/ to add it to the bank`);
	return report.fatal ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e: unknown) => {
		console.error(e);
		process.exit(1);
	}
);
