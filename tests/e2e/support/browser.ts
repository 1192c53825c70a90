/** Real Chromium (Debian's, never a downloaded build) and the production server, for end-to-end tests. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const root = new URL('../../../', import.meta.url).pathname;

const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
	'--disable-dev-shm-usage'
];

export function chromiumPath(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
	const found = candidates.find((p) => existsSync(p));
	if (!found) {
		throw new Error(
			'No Chromium found for the end-to-end tests. Install Debian\'s package (sudo apt-get install chromium) ' +
				'or set CHROMIUM_PATH to a Chromium binary. Never run `playwright install`.'
		);
	}
	return found;
}

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

/** A persistent profile in a temporary folder: survives closing and relaunching the browser. */
export async function launchPersistent(userDataDir: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(userDataDir, {
		executablePath: chromiumPath(),
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: 390, height: 844 },
		locale: 'zh-CN'
	});
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
	const path = mkdtempSync(join(tmpdir(), prefix));
	return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

export interface RunningServer {
	url: string;
	process: ChildProcess;
	stop: () => Promise<void>;
}

export async function freeLocalPort(): Promise<number> {
	return freePort();
}

/** Starts the production build (`build/`, made by `npm run build`, or another build folder) on a free port. */
export async function startServer(env: Record<string, string> = {}, options: { buildDir?: string; port?: number } = {}): Promise<RunningServer> {
	// E2E_BUILD_DIR: run the tests against a build made elsewhere (BUILD_OUT=… npx vite build).
	const buildDir = options.buildDir ?? process.env.E2E_BUILD_DIR ?? join(root, 'build');
	if (!existsSync(join(buildDir, 'index.js'))) throw new Error(`${buildDir} is missing: the e2e tests run after \`npm run build\``);
	const port = options.port ?? (await freePort());
	const child = spawn(process.execPath, [join(buildDir, 'index.js')], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 20_000;
	for (;;) {
		try {
			const res = await fetch(url + '/bank/manifest.json');
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		process: child,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** SIGKILLs every Chromium process of a profile, as a dead battery would: no clean shutdown. */
export function killBrowserProcesses(userDataDir: string): number {
	const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
	const pids = lines
		.filter((l) => l.includes(`--user-data-dir=${userDataDir}`) && /chrom/.test(l))
		.map((l) => Number(l.trim().split(/\s+/)[0]))
		.filter((pid) => pid !== process.pid);
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	return pids.length;
}
