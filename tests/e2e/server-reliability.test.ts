/**
 * The server's reliability and security against the production build (short versions; the long
 * ones are tests/chaos/server-*.test.ts): SIGKILL mid-batch, sync through a fault-injecting proxy
 * with the real uploader, cross-origin form posts, HTML in every admin page, and a backup and
 * restore while uploads run. SERVER_BUILD_DIR selects another build than build/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from './support/browser';
import { openServerContext } from '../../src/lib/server/context';
import { createUnit, createUser } from '../../src/lib/server/directory';
import { buildDir, heldRecords, integrityCheck, seedDataDir, ServerProcess, useSeededServer, withDatabaseFile, type Seeded } from '../chaos/support/server-harness';
import { runKillCycles } from '../chaos/support/server-kill';
import { runFaultySync } from '../chaos/support/server-faulty-sync';
import { validBatch } from '../chaos/support/server-records';

describe('server: SIGKILL mid-batch (short: 3 kills)', () => {
	const run = useSeededServer('xk-kill-', 2);

	it('leaves no partial batch, passes integrity_check, and the clients complete their uploads', async () => {
		const f = await runKillCycles(run.server, { kills: 3, cadres: run.seeded.cadres, seed: 5, attemptsPerBatch: 200, examsPerBatch: 2, maxGapMs: 1500 });
		console.log('SIGKILL figures', JSON.stringify(f));
		expect(f.kills).toBe(3);
		expect(f.integrityFailures).toEqual([]);
		expect(f.partialBatches).toEqual([]);
		expect([f.lost, f.extra, f.wrongOwner]).toEqual([0, 0, 0]);
		// Batches got through between the kills too, not only retried.
		expect(f.batches).toBeGreaterThan(run.seeded.cadres.length);
	});
});

describe('server: sync through a faulty network (short: 8 simulated minutes)', () => {
	const run = useSeededServer('xk-proxy-', 1, 3);

	it('three phones of one cadre: the server holds exactly their union, each once, with the same scores', async () => {
		const f = await runFaultySync(run.server, run.seeded.cadres[0]!, { minutes: 8, examsPerDevice: 1, seed: 3 });
		console.log('faulty-sync figures', JSON.stringify(f));
		expect(f.leftInOutbox).toBe(0);
		expect([f.missing, f.extra, f.wrongOwner, f.verdictDisagreements]).toEqual([0, 0, 0, 0]);
		expect(f.scoreDisagreements).toEqual([]);
		expect(f.exams).toBe(3);
		expect(f.proxy.droppedRequests + f.proxy.droppedResponses).toBeGreaterThan(0);
	});
});

const HOSTILE = '<script>alert("xss")</script><img src=x onerror=alert(1)>';

describe('server: attacks against the built app', () => {
	const dir = tempDir('xk-attack-');
	let server: ServerProcess;
	let seeded: Seeded;
	let hostileCadreId = 0;
	beforeAll(async () => {
		seeded = await seedDataDir(dir.path, 1);
		const ctx = await openServerContext({ dataDir: dir.path, bankDir: join(buildDir(), 'client', 'bank') });
		const unit = await createUnit(ctx.db, { name: `${HOSTILE}村`.slice(0, 60), kind: 'village', parentId: seeded.unitId });
		hostileCadreId = (await createUser(ctx.db, { username: 'hostile', displayName: HOSTILE.slice(0, 40), role: 'cadre', unitId: unit.id, password: 'chaos1234', mustChangePassword: false })).id;
		await ctx.db.insertInto('assignments').values({ unit_id: seeded.unitId, paper_id: 'comprehensive', title: HOSTILE, opens_at: Date.now() - 1000, closes_at: Date.now() + 86_400_000, created_by: seeded.supervisor.id, created_at: Date.now(), withdrawn: 0 }).execute();
		await ctx.db.destroy();
		server = await ServerProcess.create(dir.path);
		await server.start();
		// A 纠错 report and answers whose text is markup, uploaded as a cadre would.
		const batch = validBatch(9);
		batch.reports[0]!.text = HOSTILE;
		batch.reports[0]!.reason = HOSTILE.slice(0, 60);
		const res = await fetch(`${server.url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: seeded.cadres[0]!.cookie }, body: JSON.stringify(batch) });
		expect(res.status).toBe(200);
	});
	afterAll(async () => {
		await server?.stop();
		dir.remove();
	});

	it('refuses form posts from another origin (login and admin actions), and accepts same-origin ones', async () => {
		const count = () => withDatabaseFile(dir.path, (db) => (db.prepare('select count(*) n from units').get() as { n: number }).n);
		const before = count();
		for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
			const body = type.startsWith('multipart') ? '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\n恶意村\r\n--x--\r\n' : 'name=%E6%81%B6%E6%84%8F%E6%9D%91&kind=village';
			const admin = await fetch(`${server.url}/admin/units?/add`, { method: 'POST', redirect: 'manual', headers: { 'content-type': type, origin: 'http://evil.example', cookie: seeded.supervisor.cookie }, body });
			expect(admin.status, type).toBe(403);
			const login = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': type, origin: 'http://evil.example' }, body: 'username=cadre0&password=chaos1234' });
			expect(login.status, type).toBe(403);
			expect(login.headers.get('set-cookie') ?? '').not.toMatch(/xk_session=[^;]/);
		}
		expect(count()).toBe(before);
		const same = await fetch(`${server.url}/admin/units?/add`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: seeded.supervisor.cookie }, body: `name=%E5%90%88%E6%B3%95%E6%9D%91&kind=village&parentId=${seeded.unitId}` });
		expect(same.status).toBe(200);
		expect(count()).toBe(before + 1);
	});

	it('shows names, unit names, assignment titles and 纠错 text with markup as text on every admin page', async () => {
		const pages = ['/admin', '/admin/people', '/admin/units', '/admin/items', `/admin/people/${hostileCadreId}`, '/admin/assignments', `/admin/people?unit=${seeded.unitId}`];
		for (const path of pages) {
			const res = await fetch(server.url + path, { headers: { cookie: seeded.supervisor.cookie } });
			const html = await res.text();
			expect(res.status, path).toBeLessThan(500);
			// Neither the markup itself nor an event handler attribute made it into the page.
			expect(html, path).not.toContain('<script>alert(');
			expect(html, path).not.toMatch(/<img[^>]*onerror/i);
		}
		const people = await (await fetch(`${server.url}/admin/people?unit=${seeded.unitId}`, { headers: { cookie: seeded.supervisor.cookie } })).text();
		expect(people).toContain('&lt;script>alert(');
		// Every page sends a CSP without unsafe-inline scripts.
		const res = await fetch(`${server.url}/admin`, { headers: { cookie: seeded.supervisor.cookie } });
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src[^;]*'self'/);
		expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	});
});

describe('server: backup and restore while uploads run', () => {
	const run = useSeededServer('xk-backup-', 2);

	const script = (name: string, args: string[]) =>
		new Promise<{ code: number | null; output: string }>((resolve) => {
			const child = spawn(process.execPath, [join('scripts', `${name}.js`), ...args], { env: { ...process.env, DATA_DIR: run.dir } });
			let output = '';
			child.stdout.on('data', (d) => (output += d));
			child.stderr.on('data', (d) => (output += d));
			child.on('exit', (code) => resolve({ code, output }));
		});

	it('a round trip loses nothing that was held before the backup began', async () => {
		const held = new Set<string>();
		let uploading = true;
		let seed = 100;
		const uploader = async (cookie: string) => {
			while (uploading) {
				const res = await fetch(`${run.server.url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(validBatch(seed++)) });
				for (const id of ((await res.json()) as { held: string[] }).held) held.add(id);
			}
		};
		const uploads = Promise.all(run.seeded.cadres.map((c) => uploader(c.cookie)));
		await new Promise((r) => setTimeout(r, 1500));
		const before = new Set(held);
		const file = join(run.dir, 'round-trip.sqlite3');
		const backup = await script('backup', ['--out', file]);
		await new Promise((r) => setTimeout(r, 500));
		uploading = false;
		await uploads;
		expect(backup.code, backup.output).toBe(0);
		expect(before.size).toBeGreaterThan(10);
		const copy = new SQLite(file, { readonly: true });
		const copyIds = heldRecords(copy);
		expect(integrityCheck(copy)).toBe('ok');
		copy.close();
		for (const id of before) expect(copyIds.has(id), id).toBe(true);

		// Restoring refuses while the server runs; once stopped it brings the copy back.
		const refused = await script('restore', [file]);
		expect(refused.code, refused.output).toBe(1);
		await run.server.stop();
		const restored = await script('restore', [file]);
		expect(restored.code, restored.output).toBe(0);
		await run.server.start();
		const after = withDatabaseFile(run.dir, (db) => heldRecords(db));
		expect(after.size).toBe(copyIds.size);
		for (const id of before) expect(after.has(id)).toBe(true);
		const me = await (await fetch(`${run.server.url}/api/me`, { headers: { cookie: run.seeded.cadres[0]!.cookie } })).json();
		expect(me.user.id).toBe(run.seeded.cadres[0]!.id);
	});
});
