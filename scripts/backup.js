// `npm run backup [-- --out FILE]`: a consistent copy of the server database while the server
// keeps serving. SQLite's online backup API (better-sqlite3's db.backup()) copies a snapshot page by
// page; writers are not blocked for long and the copy is a database as of one moment, never a
// torn mix. Plain JavaScript so it runs without a build. DATA_DIR as for the server (default ./data).
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function usage(message) {
	if (message) console.error(`学法考练 backup: ${message}`);
	console.error('usage: npm run backup [-- --out FILE]   (DATA_DIR selects the data folder, default ./data)');
	process.exit(2);
}

const args = process.argv.slice(2);
let out;
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--out') out = args[++i] ?? usage('--out needs a file name');
	else if (args[i].startsWith('--out=')) out = args[i].slice('--out='.length);
	else if (args[i] === '--help' || args[i] === '-h') usage();
	else usage(`unknown argument ${args[i]}`);
}

const dataDir = resolve(process.env.DATA_DIR || 'data');
const source = join(dataDir, 'xuefa.sqlite');
if (!existsSync(source)) {
	console.error(`学法考练 backup: no database at ${source} (set DATA_DIR to the server's data folder).`);
	process.exit(1);
}
// 2026-11-27T21-40-05Z: sortable, and valid in file names everywhere.
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
const target = resolve(out ?? join(dataDir, 'backups', `${stamp}.sqlite3`));
if (existsSync(target)) {
	console.error(`学法考练 backup: ${target} exists already; choose another --out.`);
	process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
// Written under a temporary name and renamed when complete and checked: an interrupted backup
// never looks like a finished one.
const partial = `${target}.partial`;
rmSync(partial, { force: true });

const db = new Database(source, { fileMustExist: true });
try {
	// The server may be writing: wait for its transactions rather than fail.
	db.pragma('busy_timeout = 10000');
	// All remaining pages in one step: SQLite restarts a stepwise backup whenever another connection
	// writes between steps, which under steady uploads could go on forever. One step reads one snapshot.
	await db.backup(partial, { progress: () => 0x7fffffff });
} catch (e) {
	rmSync(partial, { force: true });
	console.error(`学法考练 backup failed: ${e instanceof Error ? e.message : e}`);
	process.exit(1);
} finally {
	db.close();
}

const copy = new Database(partial, { fileMustExist: true });
let summary;
try {
	// A self-contained file: no -wal beside it to forget when copying the backup elsewhere.
	copy.pragma('journal_mode = DELETE');
	const check = copy.pragma('integrity_check', { simple: true });
	if (check !== 'ok') throw new Error(`the copy fails integrity_check: ${check}`);
	const count = (table) => {
		try {
			return copy.prepare(`select count(*) as n from "${table}"`).get().n;
		} catch {
			return 0;
		}
	};
	summary = ['users', 'attempts', 'exams', 'question_reports'].map((t) => `${t} ${count(t)}`).join(', ');
} catch (e) {
	copy.close();
	rmSync(partial, { force: true });
	console.error(`学法考练 backup failed: ${e instanceof Error ? e.message : e}`);
	process.exit(1);
}
copy.close();
renameSync(partial, target);
console.log(`学法考练: backup written to ${target} (${summary}).`);
console.log('The bank archive (DATA_DIR/banks) is needed to regrade old exams: copy that folder too.');
