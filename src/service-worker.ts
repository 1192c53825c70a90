/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline support: precache the app (SvelteKit's own lists of built, static and prerendered
 * files), answer navigations with the prerendered page or the app shell, and never cache /api or
 * /admin. A new version waits until the learner accepts the update (or no page is open).
 */
import { build, files, prerendered, version } from '$service-worker';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_URL = '/shell';
// Server pages and the API: always the network (login and logout need the server anyway).
const NEVER_CACHED = [/^\/api(\/|$)/, /^\/admin(\/|$)/, /^\/(login|logout)(\/|$)/];

const precacheList = [
	// Hashed file names: their content never changes, no revision needed.
	...build.map((url) => ({ url, revision: null })),
	// Static files and prerendered pages change with the version.
	...files.filter((url) => !url.endsWith('/.gitkeep')).map((url) => ({ url, revision: version })),
	...prerendered.map((url) => ({ url, revision: version }))
];

/**
 * Pages are stored without their `<link rel="modulepreload">` tags. From the network they let a
 * first visit fetch the app's modules in parallel; answered from this cache, every module
 * arrives at once and Chromium compiles them all, on the main thread, before the parser reaches
 * the end of the page: at 4x CPU that held the first paint of a repeat visit back by about
 * 200 ms (docs/PERFORMANCE.md). The page's own script imports the same modules right after.
 */
const MODULEPRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*>\s*/g;
addPlugins([
	{
		// A cacheWillUpdate plugin replaces workbox's default check, so it refuses bad responses too.
		cacheWillUpdate: async ({ response }) => {
			if (response.status >= 400) return null;
			if (response.status !== 200 || !(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
			const headers = new Headers(response.headers);
			headers.delete('content-length');
			headers.delete('content-encoding');
			return new Response((await response.text()).replace(MODULEPRELOAD, ''), { status: 200, statusText: response.statusText, headers });
		}
	}
]);

precacheAndRoute(precacheList, {
	// /practice/admin-licensing?mode=random is the prerendered /practice/admin-licensing.
	ignoreURLParametersMatching: [/.*/],
	directoryIndex: null,
	cleanURLs: false
});
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL(SHELL_URL), { denylist: NEVER_CACHED }));

/**
 * Web workers (the pass estimate's) are not in SvelteKit's `build` list: kept on first use, so they
 * work offline after one online visit (the page computes the estimate itself until then). Their
 * names are hashed; a new version starts the cache afresh.
 */
const WORKERS_CACHE = 'xfkl-workers';
registerRoute(({ url }) => url.origin === sw.location.origin && url.pathname.startsWith('/_app/immutable/workers/'), new CacheFirst({ cacheName: WORKERS_CACHE }));
sw.addEventListener('activate', (event) => event.waitUntil(caches.delete(WORKERS_CACHE)));

sw.addEventListener('message', (event) => {
	const data = event.data as { type?: string } | null;
	if (data?.type === 'SKIP_WAITING') {
		void sw.skipWaiting();
	} else if (data?.type === 'GET_VERSION') {
		// Answer with this worker's app version and the bank manifest it precached.
		event.waitUntil(
			(async () => {
				const res = await matchPrecache('/bank/manifest.json');
				const manifest = res ? ((await res.json()) as unknown) : null;
				event.ports[0]?.postMessage({ version, manifest });
			})()
		);
	} else if (data?.type === 'GET_PRECACHED_BYTES') {
		// Counted here, not in the page: reading every stored response (4 MB) on the page's main
		// thread held up a first visit's first interactions (Lighthouse's blocking time).
		event.waitUntil(
			(async () => {
				let bytes = 0;
				for (const name of await caches.keys()) {
					if (!name.startsWith('workbox-precache')) continue;
					const cache = await caches.open(name);
					for (const request of await cache.keys()) bytes += (await (await cache.match(request))?.blob())?.size ?? 0;
				}
				event.ports[0]?.postMessage({ bytes });
			})()
		);
	}
});
