import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The app version must be the same in every process of one build (vite's client and server
 * builds and the prerender step each load this file), so it is derived from the commit and the
 * compiled bank rather than from the clock. APP_VERSION overrides it.
 */
function appVersion() {
	if (process.env.APP_VERSION) return process.env.APP_VERSION;
	const read = (fn) => {
		try {
			return fn();
		} catch {
			return '';
		}
	};
	const head = read(() => execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
	const bank = read(() => readFileSync('static/bank/manifest.json', 'utf8'));
	return createHash('sha256').update(`${head}\n${bank}`).digest('hex').slice(0, 12);
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// The service worker is registered by our own code (production only), see issue #9.
		serviceWorker: { register: false },
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
		// Absolute asset paths: the service worker serves one app shell for every deep link.
		paths: { relative: false },
		version: { name: appVersion() }
	}
};

export default config;
