/**
 * Size: first-load JS and CSS per main route, gzipped, read from the production build the way a
 * browser finds them (the modulepreload, import() and stylesheet links of the prerendered HTML),
 * beside a bare SvelteKit page built in the same run; and the whole offline payload per part.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { figure, type Figure } from './lib/report';

const root = new URL('../', import.meta.url).pathname;
const KB = 1024;

/** Route → its prerendered file under build/prerendered. */
export const ROUTES: Record<string, string> = {
	'/': 'index.html',
	'/practice/admin-licensing': 'practice/admin-licensing.html',
	'/exam': 'exam.html',
	'/laws': 'laws.html',
	'/review': 'review.html',
	'/stats': 'stats.html'
};

const gz = (buf: Buffer | string) => gzipSync(buf, { level: 9 }).length;

/** JS and CSS a first visit to this page loads before it is interactive, gzipped. */
export function firstLoad(html: string, clientDir: string): { js: number; css: number; files: number } {
	const urls = new Set<string>();
	for (const m of html.matchAll(/<link\b[^>]*>/g)) {
		const tag = m[0];
		const href = /href="([^"]+)"/.exec(tag)?.[1];
		if (href && /rel="(modulepreload|stylesheet)"/.test(tag)) urls.add(href);
	}
	for (const m of html.matchAll(/import\("([^"]+)"\)/g)) urls.add(m[1]!);
	let js = 0;
	let css = 0;
	for (const url of urls) {
		const file = join(clientDir, url.replace(/^\//, ''));
		if (!existsSync(file)) continue;
		const size = gz(readFileSync(file));
		if (url.endsWith('.css')) css += size;
		else js += size;
	}
	// Inline <style> and <script> in the page count too (SvelteKit's boot script).
	for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) js += m[1]!.trim() ? gz(m[1]!) : 0;
	return { js, css, files: urls.size };
}

/** A minimal SvelteKit project in a temp folder, using this repo's node_modules, built with vite. */
function buildBarePage(): { html: string; clientDir: string; remove: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'bare-kit-'));
	const w = (p: string, s: string) => {
		mkdirSync(join(dir, p, '..'), { recursive: true });
		writeFileSync(join(dir, p), s);
	};
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
	w('package.json', JSON.stringify({ name: 'bare', private: true, type: 'module' }));
	w('svelte.config.js', "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter({ precompress: false }) } };\n");
	w('vite.config.js', "import { sveltekit } from '@sveltejs/kit/vite';\nexport default { plugins: [sveltekit()] };\n");
	w('src/app.html', '<!doctype html>\n<html lang="zh-CN">\n<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width" />%sveltekit.head%</head>\n<body><div style="display: contents">%sveltekit.body%</div></body>\n</html>\n');
	w('src/routes/+layout.js', 'export const prerender = true;\n');
	w('src/routes/+page.svelte', '<h1>你好</h1>\n<p>A bare SvelteKit page.</p>\n');
	execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: dir, stdio: 'pipe' });
	return {
		html: readFileSync(join(dir, 'build/prerendered/index.html'), 'utf8'),
		clientDir: join(dir, 'build/client'),
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

function walk(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((n) => {
		const full = join(dir, n);
		return statSync(full).isDirectory() ? walk(full) : [full];
	});
}

/** What the service worker precaches (build, static files, prerendered pages), gzipped, by part. */
export function offlinePayload(buildDir: string): Record<string, number> {
	const parts: Record<string, number> = { 'app JS': 0, 'app CSS': 0, 'prerendered pages': 0, 'bank files': 0, 'icons and manifest': 0, 'service worker': 0 };
	const plain = (f: string) => !/\.(gz|br)$/.test(f) && !f.endsWith('.gitkeep');
	for (const f of walk(join(buildDir, 'client')).filter(plain)) {
		const rel = relative(join(buildDir, 'client'), f);
		const part = rel.startsWith('_app/')
			? rel.endsWith('.css') ? 'app CSS' : 'app JS'
			: rel.startsWith('bank/') ? 'bank files'
			: rel === 'service-worker.js' ? 'service worker'
			: 'icons and manifest';
		parts[part]! += gz(readFileSync(f));
	}
	for (const f of walk(join(buildDir, 'prerendered')).filter(plain)) {
		const rel = relative(join(buildDir, 'prerendered'), f);
		parts[rel.startsWith('bank/') ? 'bank files' : 'prerendered pages']! += gz(readFileSync(f));
	}
	return parts;
}

export async function sizeBench(options: { build: boolean }): Promise<Figure[]> {
	if (options.build) {
		console.log('size: npm run build …');
		execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	console.log('size: building a bare SvelteKit page …');
	const bare = buildBarePage();
	const figures: Figure[] = [];
	try {
		const b = firstLoad(bare.html, bare.clientDir);
		const baseline = { name: 'bare SvelteKit /', value: (b.js + b.css) / KB };
		for (const [route, file] of Object.entries(ROUTES)) {
			const path = join(root, 'build/prerendered', file);
			if (!existsSync(path)) {
				figures.push({ bench: 'size', name: `first load ${route}`, value: NaN, unit: 'KB', note: `${file} not in build/prerendered` });
				continue;
			}
			const r = firstLoad(readFileSync(path, 'utf8'), join(root, 'build/client'));
			figures.push(
				figure({
					bench: 'size',
					name: `first load ${route} (JS ${(r.js / KB).toFixed(1)} + CSS ${(r.css / KB).toFixed(1)})`,
					value: (r.js + r.css) / KB,
					unit: 'KB',
					baseline,
					target: route === '/' ? 60 : 80,
					note: `${r.files} files`
				})
			);
		}
	} finally {
		bare.remove();
	}
	const parts = offlinePayload(join(root, 'build'));
	const total = Object.values(parts).reduce((a, b) => a + b, 0);
	for (const [part, bytes] of Object.entries(parts)) figures.push(figure({ bench: 'size', name: `offline: ${part}`, value: bytes / KB / KB, unit: 'MB' }));
	figures.push(figure({ bench: 'size', name: 'offline: total', value: total / KB / KB, unit: 'MB', target: 3 }));
	return figures;
}
