/**
 * scripts/backup.js and scripts/restore.js, run as `npm run backup` / `npm run restore` run them
 * (plain node, DATA_DIR in the environment). The round trip under uploads is in
 * tests/e2e/server-reliability.test.ts; here: the copy, the checks, the refusals.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import SQLite from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorld, fakeEvent, type World } from './support';
import { predictionQueue } from '../../../src/lib/server/predictions/queue';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { validBatch } from '../../chaos/support/server-records';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

let world: World;
let out: string;
beforeEach(async () => {
	world = await makeWorld();
	out = mkdtempSync(join(tmpdir(), 'xk-backup-'));
});
afterEach(async () => {
	await world.close().catch(() => undefined);
	rmSync(out, { recursive: true, force: true });
});

const run = (script: 'backup' | 'restore', args: string[]) => {
	const r = spawnSync(process.execPath, [join('scripts', `${script}.js`), ...args], { env: { ...process.env, DATA_DIR: world.dir }, encoding: 'utf8' });
	return { code: r.status, output: `${r.stdout}${r.stderr}` };
};

async function upload(seed: number): Promise<string[]> {
	const batch = validBatch(seed);
	const res = await syncPost(fakeEvent(world.users.cadre.user, '/api/sync', { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/json' } }) as never);
	return (await res.json()).held;
}

const ids = (file: string) => {
	const db = new SQLite(file, { readonly: true });
	try {
		return new Set((db.prepare('select id from attempts union all select id from exams union all select id from question_reports').all() as { id: string }[]).map((r) => r.id));
	} finally {
		db.close();
	}
};

describe('npm run backup', () => {
	it('writes a checked copy to DATA_DIR/backups/<time>.sqlite3 by default, holding every record', async () => {
		const held = [...(await upload(1)), ...(await upload(2))];
		const r = run('backup', []);
		expect(r.code, r.output).toBe(0);
		const files = readdirSync(join(world.dir, 'backups'));
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite3$/);
		const copy = join(world.dir, 'backups', files[0]!);
		for (const id of held) expect(ids(copy).has(id)).toBe(true);
		// One self-contained file, not WAL mode with a missing -wal.
		expect(existsSync(`${copy}-wal`)).toBe(false);
		expect(r.output).toMatch(/attempts 6/);
	});

	it('honours --out, and refuses to overwrite an existing file', async () => {
		await upload(3);
		const target = join(out, 'copy.sqlite3');
		expect(run('backup', ['--out', target]).code).toBe(0);
		expect(ids(target).size).toBe(5);
		const again = run('backup', ['--out', target]);
		expect(again.code).toBe(1);
		expect(again.output).toMatch(/exists already/);
	});
});

describe('npm run restore', () => {
	it('refuses a damaged or foreign file and changes nothing', async () => {
		await upload(4);
		const good = join(out, 'good.sqlite3');
		expect(run('backup', ['--out', good]).code).toBe(0);
		const bytes = readFileSync(good);
		const truncated = join(out, 'truncated.sqlite3');
		writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
		const flipped = join(out, 'flipped.sqlite3');
		const copy = Buffer.from(bytes);
		for (let i = 4096; i < copy.length; i += 997) copy[i] = copy[i]! ^ 0x5a;
		writeFileSync(flipped, copy);
		const foreign = join(out, 'foreign.sqlite3');
		new SQLite(foreign).exec('create table t (x)').close();
		const text = join(out, 'notes.txt');
		writeFileSync(text, 'not a database');
		await predictionQueue(world.ctx).idle();
		await world.ctx.db.destroy();
		const before = readFileSync(join(world.dir, 'xuefa.sqlite'));
		for (const bad of [truncated, flipped, foreign, text, join(out, 'missing.sqlite3')]) {
			const r = run('restore', [bad]);
			expect(r.code, `${bad}: ${r.output}`).toBe(1);
			expect(r.output).toMatch(/refusing|does not exist/);
		}
		expect(readFileSync(join(world.dir, 'xuefa.sqlite')).equals(before)).toBe(true);
		expect(existsSync(join(world.dir, 'replaced'))).toBe(false);
	});

	it('refuses while a process holds the database, unless --force; keeps the old database aside', async () => {
		const early = await upload(5);
		const backup = join(out, 'early.sqlite3');
		expect(run('backup', ['--out', backup]).code).toBe(0);
		const late = await upload(6);
		// This test process has the database open, as a running server would.
		const refused = run('restore', [backup]);
		expect(refused.code, refused.output).toBe(1);
		expect(refused.output).toContain(`process ${process.pid}`);
		expect(ids(join(world.dir, 'xuefa.sqlite')).has(late[0]!)).toBe(true);

		await predictionQueue(world.ctx).idle();
		await world.ctx.db.destroy();
		const r = run('restore', [backup]);
		expect(r.code, r.output).toBe(0);
		const restored = ids(join(world.dir, 'xuefa.sqlite'));
		for (const id of early) expect(restored.has(id)).toBe(true);
		expect(restored.has(late[0]!)).toBe(false);
		// The replaced database is kept, with the later records in it.
		const [aside] = readdirSync(join(world.dir, 'replaced'));
		expect(ids(join(world.dir, 'replaced', aside!, 'xuefa.sqlite')).has(late[0]!)).toBe(true);
	});

	it('--force restores even while the database is held', async () => {
		await upload(7);
		const backup = join(out, 'b.sqlite3');
		expect(run('backup', ['--out', backup]).code).toBe(0);
		const r = run('restore', [backup, '--force']);
		expect(r.code, r.output).toBe(0);
		expect(r.output).toMatch(/restart the server now/);
	});
});
