/**
 * Load of `/` in Chromium with the CPU 4x slower and a slow-4G network (150 ms, 1.6 Mbit/s):
 * FCP and LCP on a cold first visit (fresh profile) and on a repeat visit answered by the service
 * worker, beside a static HTML page of the same size class (the prerendered home page without
 * its scripts, same stylesheet) served by the same production server (run from a copy of build/, see lib/server.ts). Medians of several runs.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer } from '../tests/e2e/support/browser';
import { startSnapshotServer, type SnapshotServer } from './lib/server';
import { paintTimes, throttle } from './lib/chromium';
import { figure, median, type Figure } from './lib/report';

const RUNS = 3;
const STATIC_NAME = '__bench-static.html';

/** The home page as the server first sends it, minus every script: what plain HTML would show. */
function staticTwin(prerenderedDir: string): string {
	const html = readFileSync(join(prerenderedDir, 'index.html'), 'utf8');
	return html.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<link[^>]*rel="modulepreload"[^>]*>/g, '');
}

interface Visit { fcp: number; lcp: number; lcpElement: string }

/**
 * The server for the run: a private copy of build/, or, with BUILD_OUT set (as for
 * `BUILD_OUT=… npx vite build`), that build itself, so that one's own build can be measured while
 * others rebuild build/.
 */
export async function benchServer(prepare: (s: { clientDir: string; prerenderedDir: string }) => void = () => {}): Promise<SnapshotServer> {
	const own = process.env.BUILD_OUT;
	if (!own) return startSnapshotServer(prepare);
	const dirs = { clientDir: join(own, 'client'), prerenderedDir: join(own, 'prerendered') };
	prepare(dirs);
	const server = await startServer({}, { buildDir: own });
	return {
		url: server.url,
		...dirs,
		stop: async () => {
			await server.stop();
			rmSync(join(dirs.clientDir, STATIC_NAME), { force: true });
		}
	};
}

export async function loadBench(): Promise<Figure[]> {
	// The twin goes into the server's copy of build/client before the server lists its files.
	const server = await benchServer(({ clientDir, prerenderedDir }) => writeFileSync(join(clientDir, STATIC_NAME), staticTwin(prerenderedDir)));
	const browser = await launchBrowser();
	const app = { cold: [] as Visit[], repeat: [] as Visit[] };
	const plain = { cold: [] as Visit[], repeat: [] as Visit[] };
	try {
		for (let run = 0; run < RUNS; run++) {
			// The app: a fresh context is a first visit; the service worker then precaches everything.
			const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
			let page = await context.newPage();
			await throttle(page, { cpu: 4, network: true });
			await page.goto(server.url + '/', { waitUntil: 'load' });
			app.cold.push(await paintTimes(page));
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
			await page.close();
			page = await context.newPage();
			await throttle(page, { cpu: 4, network: true });
			await page.goto(server.url + '/', { waitUntil: 'load' });
			const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
			if (!controlled) throw new Error('the repeat visit was not served by the service worker');
			app.repeat.push(await paintTimes(page));
			await context.close();

			// The static twin, from the same server: cold, then from the HTTP cache.
			const plainContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
			page = await plainContext.newPage();
			await throttle(page, { cpu: 4, network: true });
			await page.goto(`${server.url}/${STATIC_NAME}`, { waitUntil: 'load' });
			plain.cold.push(await paintTimes(page));
			await page.close();
			page = await plainContext.newPage();
			await throttle(page, { cpu: 4, network: true });
			await page.goto(`${server.url}/${STATIC_NAME}`, { waitUntil: 'load' });
			plain.repeat.push(await paintTimes(page));
			await plainContext.close();
		}
	} finally {
		await browser.close();
		await server.stop();
	}
	const m = (xs: Visit[], k: 'fcp' | 'lcp') => median(xs.map((x) => x[k]));
	const row = (visit: 'cold' | 'repeat', k: 'fcp' | 'lcp', target?: number) =>
		figure({
			bench: 'load',
			name: `${k.toUpperCase()} / ${visit === 'cold' ? 'cold first visit' : 'repeat visit (service worker)'}`,
			value: m(app[visit], k),
			unit: 'ms',
			baseline: { name: `static page, ${visit === 'cold' ? 'cold' : 'HTTP cache'}`, value: m(plain[visit], k) },
			...(target !== undefined ? { target } : {}),
			...(k === 'lcp' ? { note: `LCP element: ${[...new Set(app[visit].map((v) => v.lcpElement))].join(', ')}` } : {})
		});
	return [row('cold', 'fcp'), row('cold', 'lcp', 2000), row('repeat', 'fcp'), row('repeat', 'lcp', 800)];
}
