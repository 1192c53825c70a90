/**
 * The built server as a separate process on a DATA_DIR of its own: seeded with a unit and cadres
 * (sessions made directly in the database), started, SIGKILLed and started again on the same
 * folder and port, and its database read straight from the file between runs.
 */
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServerContext } from '../../../src/lib/server/context';
import { createUnit, createUser } from '../../../src/lib/server/directory';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { freeLocalPort, root, startServer, type RunningServer } from '../../e2e/support/browser';

/** The build the server runs from: SERVER_BUILD_DIR for one's own build, else the default build/. */
export function buildDir(): string {
	return process.env.SERVER_BUILD_DIR ?? join(root, 'build');
}

export interface Cadre {
	id: number;
	username: string;
	password: string;
	/** A ready session: `xk_session=<token>`. */
	cookie: string;
	/** More sessions of the same account, one per device. */
	cookies: string[];
}

export interface Seeded {
	dataDir: string;
	cadres: Cadre[];
	supervisor: Cadre;
	unitId: number;
}

/** Creates the database in `dataDir` (migrations, the served bank) with one unit, one supervisor and `n` cadres. */
export async function seedDataDir(dataDir: string, n: number, sessionsEach = 1): Promise<Seeded> {
	const ctx = await openServerContext({ dataDir, bankDir: join(buildDir(), 'client', 'bank') });
	try {
		const county = await createUnit(ctx.db, { name: '青山县', kind: 'county', parentId: null });
		const town = await createUnit(ctx.db, { name: '城关镇', kind: 'town', parentId: county.id });
		const make = async (username: string, role: 'cadre' | 'supervisor'): Promise<Cadre> => {
			const password = 'chaos1234';
			const { id } = await createUser(ctx.db, { username, displayName: `用户${username}`, role, unitId: town.id, password, mustChangePassword: false });
			const cookies: string[] = [];
			for (let i = 0; i < sessionsEach; i++) cookies.push(`xk_session=${(await createSession(ctx.db, id)).token}`);
			return { id, username, password, cookie: cookies[0]!, cookies };
		};
		const cadres: Cadre[] = [];
		for (let i = 0; i < n; i++) cadres.push(await make(`cadre${i}`, 'cadre'));
		return { dataDir, cadres, supervisor: await make('chief', 'supervisor'), unitId: town.id };
	} finally {
		await ctx.db.destroy();
	}
}

export class ServerProcess {
	server: RunningServer | null = null;
	starts = 0;
	private constructor(
		readonly dataDir: string,
		readonly port: number
	) {}

	static async create(dataDir: string): Promise<ServerProcess> {
		return new ServerProcess(dataDir, await freeLocalPort());
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<void> {
		const dir = buildDir();
		if (!existsSync(join(dir, 'index.js'))) throw new Error(`no build in ${dir}: run \`npx vite build\` (or set SERVER_BUILD_DIR)`);
		this.server = await startServer({ DATA_DIR: this.dataDir, ORIGIN: this.url, BANK_DIR: join(dir, 'client', 'bank') }, { buildDir: dir, port: this.port });
		this.starts++;
	}

	/** As a power cut would: no shutdown handler runs. */
	async kill(): Promise<void> {
		const child = this.server?.process;
		this.server = null;
		if (!child || child.exitCode !== null) return;
		const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGKILL');
		await gone;
	}

	async stop(): Promise<void> {
		const s = this.server;
		this.server = null;
		await s?.stop();
	}
}

/**
 * Reads the database as the files stand. With `asLeft`, a copy of the database and its WAL is read,
 * so that the crash state is left exactly as it was for the restarted server to recover by itself.
 */
export function withDatabaseFile<T>(dataDir: string, read: (db: SQLite.Database) => T, options: { asLeft?: boolean } = {}): T {
	let dir = dataDir;
	if (options.asLeft) {
		dir = mkdtempSync(join(tmpdir(), 'xk-crash-'));
		for (const suffix of ['', '-wal']) if (existsSync(join(dataDir, `xuefa.sqlite${suffix}`))) copyFileSync(join(dataDir, `xuefa.sqlite${suffix}`), join(dir, `xuefa.sqlite${suffix}`));
	}
	const db = new SQLite(join(dir, 'xuefa.sqlite'), { fileMustExist: true });
	try {
		return read(db);
	} finally {
		db.close();
		if (dir !== dataDir) rmSync(dir, { recursive: true, force: true });
	}
}

export function integrityCheck(db: SQLite.Database): string {
	return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
}

/** Ids of the learner records held in the database (attempts, exams, reports), with their owners. */
export function heldRecords(db: SQLite.Database): Map<string, number> {
	const rows = db.prepare('select id, user_id from attempts union all select id, user_id from exams union all select id, user_id from question_reports').all() as { id: string; user_id: number }[];
	return new Map(rows.map((r) => [r.id, r.user_id]));
}

/**
 * For one describe block: a DATA_DIR seeded with `cadres` cadres (each with `sessionsEach` signed-in
 * devices) and the built server running on it, stopped and removed afterwards.
 */
export function useSeededServer(prefix: string, cadres: number, sessionsEach = 1): { readonly dir: string; readonly server: ServerProcess; readonly seeded: Seeded } {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	let server: ServerProcess | undefined;
	let seeded: Seeded | undefined;
	beforeAll(async () => {
		seeded = await seedDataDir(dir, cadres, sessionsEach);
		server = await ServerProcess.create(dir);
		await server.start();
	});
	afterAll(async () => {
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
	});
	return {
		dir,
		get server() {
			return server!;
		},
		get seeded() {
			return seeded!;
		}
	};
}
