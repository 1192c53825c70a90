// `npm run restore -- FILE [--force]`: puts a backup (npm run backup) back as the server database.
// It checks the file first (integrity_check, the server's tables), refuses while a process holds
// the current database (a running server: found through /proc on Linux) unless --force, and keeps
// the old database aside in DATA_DIR/replaced/<time>/ rather than deleting it.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';

function fail(message, code = 1) {
	console.error(`学法考练 restore: ${message}`);
	process.exit(code);
}

const args = process.argv.slice(2);
let file;
let force = false;
for (const arg of args) {
	if (arg === '--force') force = true;
	else if (arg === '--help' || arg === '-h') fail('usage: npm run restore -- FILE [--force]   (DATA_DIR selects the data folder, default ./data)', 2);
	else if (arg.startsWith('--')) fail(`unknown option ${arg}`, 2);
	else if (file) fail('give one backup file', 2);
	else file = resolve(arg);
}
if (!file) fail('usage: npm run restore -- FILE [--force]', 2);
if (!existsSync(file)) fail(`${file} does not exist.`);

const dataDir = resolve(process.env.DATA_DIR || 'data');
const target = join(dataDir, 'xuefa.sqlite');

/** The backup must be a sound SQLite database holding the server's tables. */
function checkBackup(path) {
	let db;
	try {
		db = new Database(path, { readonly: true, fileMustExist: true });
		const check = db.pragma('integrity_check', { simple: true });
		if (check !== 'ok') return `it fails integrity_check: ${check}`;
		const tables = new Set(db.prepare("select name from sqlite_master where type = 'table'").all().map((r) => r.name));
		const missing = ['units', 'users', 'attempts', 'exams', 'kysely_migration'].filter((t) => !tables.has(t));
		if (missing.length) return `it is not a 学法考练 server database (no table ${missing.join(', ')})`;
		return null;
	} catch (e) {
		return `it cannot be read as a database (${e instanceof Error ? e.message : e})`;
	} finally {
		db?.close();
	}
}

/**
 * Processes with the database (or its WAL) open, from /proc/<pid>/fd. Null where /proc cannot be
 * read (not Linux): then nobody can be ruled out.
 */
function holders(paths) {
	if (!existsSync('/proc/self/fd')) return null;
	const found = new Set();
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		if (Number(pid) === process.pid) continue;
		let fds;
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue; // gone, or another user's process
		}
		for (const fd of fds) {
			try {
				if (paths.includes(readlinkSync(`/proc/${pid}/fd/${fd}`))) found.add(Number(pid));
			} catch {
				// closed meanwhile
			}
		}
	}
	return [...found];
}

const problem = checkBackup(file);
if (problem) fail(`refusing ${file}: ${problem}. Nothing was changed.`);

const open = holders([target, `${target}-wal`, `${target}-shm`]);
if (open === null && !force) fail('cannot tell whether a server is using the database here (no /proc). Stop the server, then run again with --force.');
if (open?.length && !force) fail(`the database is in use by process ${open.join(', ')} (the server?). Stop the server first, or use --force and restart it at once.`);

// The current database (and its WAL, which may hold committed data) goes aside, never away.
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
const aside = join(dataDir, 'replaced', stamp);
mkdirSync(dataDir, { recursive: true });
if (existsSync(target)) {
	mkdirSync(aside, { recursive: true });
	for (const suffix of ['', '-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, join(aside, `xuefa.sqlite${suffix}`));
}
// Copy under a temporary name, flush, rename: a crash leaves either no database or the whole one.
const staging = `${target}.restoring`;
rmSync(staging, { force: true });
copyFileSync(file, staging);
const fd = openSync(staging, 'r+');
fsyncSync(fd);
closeSync(fd);
renameSync(staging, target);
console.log(`学法考练: restored ${file} to ${target}.`);
if (existsSync(aside)) console.log(`The previous database is kept in ${aside}.`);
if (open?.length) console.log(`Process ${open.join(', ')} still has the old database open: restart the server now.`);
