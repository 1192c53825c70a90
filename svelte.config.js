import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// A second build with another bank (the bank-update test) uses its own static folder and output.
const staticDir = process.env.STATIC_DIR ?? 'static';
const outDir = process.env.BUILD_OUT ?? 'build';
// Such a build also keeps SvelteKit's intermediate files apart, so two builds can run at once.
const kitOutDir = process.env.BUILD_OUT ? `.svelte-kit-builds/${createHash('sha256').update(process.env.BUILD_OUT).digest('hex').slice(0, 8)}` : '.svelte-kit';

/**
 * The app version must be the same in every process of one build (vite's client and server
 * builds and the prerender step each load this file), so it is derived from the commit and the
 * compiled bank rather than from the clock. APP_VERSION overrides it.
 */
function appVersion() {
	if (process.env.APP_VERSION) return process.env.APP_VERSION;
	/** @param {() => string} fn */
	const read = (fn) => {
		try {
			return fn();
		} catch {
			return '';
		}
	};
	const head = read(() => execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
	const bank = read(() => readFileSync(`${staticDir}/bank/manifest.json`, 'utf8'));
	return createHash('sha256').update(`${head}\n${bank}`).digest('hex').slice(0, 12);
}

/**
 * The one inline script of our own (app.html: font size and theme before the first paint), allowed
 * by its hash so that script-src needs no 'unsafe-inline'.
 */
/** @returns {`sha256-${string}`[]} */
export function appHtmlScriptHashes(html = readFileSync('src/app.html', 'utf8')) {
	return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => /** @type {const} */ (`sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}`));
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: outDir, precompress: true }),
		outDir: kitOutDir,
		files: { assets: staticDir },
		// The service worker is registered by our own code (production only), see issue #9.
		serviceWorker: { register: false },
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
		// Every page's CSS (each file is under 8 KB) goes into its HTML: no stylesheet request stands
		// between the HTML and the first paint on a slow link (docs/PERFORMANCE.md, Lighthouse).
		inlineStyleThreshold: 8192,
		// Absolute asset paths: the service worker serves one app shell for every deep link.
		paths: { relative: false },
		version: { name: appVersion() },
		// No inline scripts but SvelteKit's own, which mode 'auto' allows by hash (prerendered pages)
		// or nonce (server-rendered ones), and app.html's, allowed by hash. Inline styles stay allowed: Svelte's style: directives use them.
		// frame-ancestors cannot go in a <meta> CSP; hooks.server.ts sends X-Frame-Options instead.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', ...appHtmlScriptHashes()],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
