/**
 * The production server, run from a private copy of build/ (in node_modules/.cache, where Node
 * still finds the app's dependencies). Other jobs on this machine rebuild build/ while a
 * benchmark runs; a copy keeps the server and the files it serves whole for the whole run.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServer } from '../../tests/e2e/support/browser';

export interface SnapshotServer {
	url: string;
	/** The copy's client folder (static files the server serves). */
	clientDir: string;
	prerenderedDir: string;
	stop: () => Promise<void>;
}

const isComplete = (dir: string) => ['index.js', 'handler.js', 'prerendered/index.html', 'client/service-worker.js'].every((f) => existsSync(join(dir, f)));

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
	const server = await startServer({}, { buildDir: copy });
	return {
		url: server.url,
		...dirs,
		stop: async () => {
			await server.stop();
			rmSync(copy, { recursive: true, force: true });
		}
	};
}
