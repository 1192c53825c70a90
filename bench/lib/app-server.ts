/**
 * The built server for the server benchmarks: a private copy of a build (so a rebuild by another
 * job cannot pull files from under a run), started on its own DATA_DIR, with its memory read from
 * /proc. Users and sessions are written straight into SQLite (the token's sha256 is the session id,
 * as in src/lib/server/auth/sessions.ts), so no login round trips or scrypt hashing are timed.
 */
import SQLite from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freeLocalPort, root, type RunningServer } from '../../tests/e2e/support/browser';
import { migrate, openSqlite } from '../../src/lib/server/db/database';
import type { BankManifest, QuestionIndex } from '../../src/lib/core/bank-types';

/** The build the server benchmarks run: BENCH_BUILD_DIR, else the repo's build/ (which `npm run bench` builds first). */
export function benchBuildDir(): string {
	return process.env.BENCH_BUILD_DIR || join(root, 'build');
}

const isComplete = (dir: string) => ['index.js', 'handler.js', 'client/bank/manifest.json'].every((f) => existsSync(join(dir, f)));

/**
 * Copies the build under node_modules/.cache (Node resolves the server's dependencies from there,
 * which it cannot from a build under /tmp). One copy per benchmark name, removed by `stop`.
 */
export function privateBuild(name: string): { dir: string; remove: () => void } {
	const source = benchBuildDir();
	if (!isComplete(source)) throw new Error(`${source} is missing or incomplete: run npm run build (or set BENCH_BUILD_DIR)`);
	const dir = join(root, 'node_modules/.cache', `bench-${name}-build`);
	rmSync(dir, { recursive: true, force: true });
	cpSync(source, dir, { recursive: true });
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface AppServer extends RunningServer {
	pid: number;
	buildDir: string;
	/** From spawning to the first answered request (migrations and the start-up work in hooks.server.ts init). */
	startMs: number;
}

/**
 * Starts the copied build on dataDir. Like startServer in tests/e2e/support/browser.ts, but waits
 * up to `timeoutMs` (a server on a 5M-row database does real work before it listens) and reports
 * how long the start took.
 */
export async function startAppServer(buildDir: string, dataDir: string, env: Record<string, string> = {}, timeoutMs = 180_000): Promise<AppServer> {
	const port = await freeLocalPort();
	const started = performance.now();
	const child = spawn(process.execPath, [join(buildDir, 'index.js')], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, BANK_DIR: join(buildDir, 'client/bank'), ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
	child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
	const url = `http://127.0.0.1:${port}`;
	for (;;) {
		try {
			if ((await fetch(url + '/bank/manifest.json')).ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null || performance.now() - started > timeoutMs) {
			child.kill('SIGKILL');
			throw new Error(`server did not start in ${timeoutMs / 1000} s:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	const startMs = performance.now() - started;
	const stop = () =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null) return resolve();
			// adapter-node waits for requests in flight; a report still being computed is not waited for.
			const force = setTimeout(() => child.kill('SIGKILL'), 5000);
			child.once('exit', () => {
				clearTimeout(force);
				resolve();
			});
			child.kill('SIGTERM');
		});
	return { url, process: child, stop, pid: child.pid!, buildDir, startMs };
}

/** Resident memory of a process, MB: now (VmRSS) and its peak so far (VmHWM). */
export function processMemory(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
	return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Samples VmRSS every `everyMs` until stopped; returns the largest sample (MB). */
export function sampleMemory(pid: number, everyMs = 200): { stop: () => number } {
	let max = 0;
	const timer = setInterval(() => {
		try {
			max = Math.max(max, processMemory(pid).rss);
		} catch {
			// the process ended
		}
	}, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			return max;
		}
	};
}

/** Runs the app's own migrations on DATA_DIR/xuefa.sqlite (as the server does at start). */
export async function migrateDataDir(dataDir: string): Promise<void> {
	const db = openSqlite(dataDir);
	try {
		await migrate(db);
	} finally {
		await db.destroy();
	}
}

export const SESSION_COOKIE = 'xk_session';

/** Inserts a session for a user and returns the Cookie header value. */
export function insertSession(sqlite: SQLite.Database, userId: number, now = Date.now()): string {
	const token = randomBytes(32).toString('base64url');
	const id = createHash('sha256').update(token).digest('hex');
	sqlite.prepare('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(id, userId, now, now + 30 * 86_400_000);
	return `${SESSION_COOKIE}=${token}`;
}

/** A user row that can never log in with a password (the hash is not a scrypt hash): sessions only. */
export function insertUser(sqlite: SQLite.Database, user: { username: string; name: string; role: 'admin' | 'supervisor' | 'cadre'; unitId: number | null; now?: number }): number {
	const info = sqlite
		.prepare('INSERT INTO users (username, display_name, staff_no, role, unit_id, password_hash, must_change_password, disabled, created_at) VALUES (?, ?, NULL, ?, ?, ?, 0, 0, ?)')
		.run(user.username, user.name, user.role, user.unitId, 'bench-no-password', user.now ?? Date.now());
	return Number(info.lastInsertRowid);
}

/** Inserts a unit below `parent` (null: a county) with the materialised path directory.ts keeps. */
export function insertUnit(sqlite: SQLite.Database, name: string, kind: 'county' | 'town' | 'village', parent: { id: number; path: string } | null, now = Date.now()): { id: number; path: string } {
	const id = Number(sqlite.prepare("INSERT INTO units (name, kind, parent_id, path, created_at) VALUES (?, ?, ?, '', ?)").run(name, kind, parent?.id ?? null, now).lastInsertRowid);
	const path = `${parent?.path ?? '/'}${id}/`;
	sqlite.prepare('UPDATE units SET path = ? WHERE id = ?').run(path, id);
	return { id, path };
}

export interface BankQuestion {
	id: string;
	rev: number;
	law: string;
	type: 'judge' | 'single' | 'multiple';
	options: number;
}

/** The served bank's version and questions (from the build's question index). */
export function builtBank(buildDir: string): { version: string; questions: BankQuestion[] } {
	const dir = join(buildDir, 'client/bank');
	const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BankManifest;
	const index = JSON.parse(readFileSync(join(dir, manifest.index), 'utf8')) as QuestionIndex;
	const questions: BankQuestion[] = [];
	for (const [law, entry] of Object.entries(index.laws)) for (const [id, rev, type, , , options] of entry.questions) questions.push({ id, rev, law, type, options });
	return { version: manifest.version, questions };
}

const KEYS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/** A plausible response to a question (right or wrong, the server decides). */
export function someResponse(q: BankQuestion, n: number): boolean | string | string[] {
	if (q.type === 'judge') return n % 2 === 0;
	if (q.type === 'single') return KEYS[n % q.options]!;
	const a = KEYS[n % q.options]!;
	const b = KEYS[(n + 1) % q.options]!;
	return [a, b].sort();
}
