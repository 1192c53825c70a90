/**
 * The production server, run from a private copy of build/ (in node_modules/.cache, where Node
 * still finds the app's dependencies). Other jobs on this machine rebuild build/ while a
 * benchmark runs; a copy keeps the server and the files it serves whole for the whole run.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { root } from '../../tests/e2e/support/browser';

export interface SnapshotServer {
	url: string;
	/** The copy's client folder (static files the server serves). */
	clientDir: string;
	prerenderedDir: string;
	stop: () => Promise<void>;
}

const isComplete = (dir: string) => ['index.js', 'handler.js', 'prerendered/index.html', 'client/service-worker.js'].every((f) => existsSync(join(dir, f)));

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Copies build/ (waiting up to two minutes for a complete one), then calls `prepare` and starts the server. */
export async function startSnapshotServer(prepare: (s: { clientDir: string; prerenderedDir: string }) => void = () => {}): Promise<SnapshotServer> {
	const build = join(root, 'build');
	const copy = join(root, 'node_modules/.cache/bench-build');
	for (let attempt = 0; ; attempt++) {
		const deadline = Date.now() + 120_000;
		while (!isComplete(build)) {
			if (Date.now() > deadline) throw new Error('build/ is missing or incomplete: run npm run build');
			await new Promise((r) => setTimeout(r, 1000));
		}
		rmSync(copy, { recursive: true, force: true });
		try {
			cpSync(build, copy, { recursive: true });
			if (isComplete(copy)) break;
		} catch (e) {
			if (attempt >= 3) throw e;
		}
	}
	const dirs = { clientDir: join(copy, 'client'), prerenderedDir: join(copy, 'prerendered') };
	prepare(dirs);
	const port = await freePort();
	const child = spawn(process.execPath, [join(copy, 'index.js')], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 20_000;
	for (;;) {
		try {
			if ((await fetch(url + '/bank/manifest.json')).ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		...dirs,
		stop: () =>
			new Promise((resolve) => {
				const done = () => {
					rmSync(copy, { recursive: true, force: true });
					resolve();
				};
				if (child.exitCode !== null) return done();
				child.once('exit', done);
				child.kill('SIGTERM');
			})
	};
}
