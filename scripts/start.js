// `npm start`: builds the app when the build is missing or older than its sources, then serves it
// on PORT (default 3000). Plain JavaScript so that it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'build', '.sources');
const inputs = ['src', 'question-bank', 'static', 'scripts', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

/** A fingerprint of every build input (path, size, modification time), skipping generated files. */
function sourcesFingerprint() {
	const hash = createHash('sha256');
	const visit = (path) => {
		if (!existsSync(path)) return;
		const rel = relative(root, path);
		if (rel === join('static', 'bank')) return;
		const st = statSync(path);
		if (st.isDirectory()) {
			for (const name of readdirSync(path).sort()) visit(join(path, name));
		} else {
			hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
		}
	};
	for (const input of inputs) visit(join(root, input));
	return hash.digest('hex');
}

const fingerprint = sourcesFingerprint();
const built = existsSync(join(root, 'build', 'index.js')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint;

if (!built) {
	console.log('学法考练: building the app (first start or sources changed)…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('学法考练: the build failed; see the messages above.');
		process.exit(result.status ?? 1);
	}
	writeFileSync(stampFile, fingerprint);
}

process.env.PORT ??= '3000';
// Roster and question files uploaded in /admin can exceed adapter-node's default of 512 KB;
// /api/sync keeps its own 1 MB cap (src/lib/server/sync/read-body.ts).
process.env.BODY_SIZE_LIMIT ??= '5M';

if (process.env.ORIGIN || process.env.PROTOCOL_HEADER) {
	// Behind a proxy or with a known public address: adapter-node's own server, as configured.
	console.log(`学法考练: serving on port ${process.env.PORT} as ${process.env.ORIGIN ?? 'told by the proxy'}`);
	await import(new URL('../build/index.js', import.meta.url).href);
} else {
	// No ORIGIN: serve plain HTTP and say so to SvelteKit, which otherwise assumes https and
	// refuses every form post (login) as cross-site. A client cannot forge this header: it is set
	// here from the socket for every request.
	const { createServer } = await import('node:http');
	process.env.PROTOCOL_HEADER = 'x-xfkl-protocol';
	const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);
	const host = process.env.HOST ?? '0.0.0.0';
	const server = createServer((req, res) => {
		req.headers['x-xfkl-protocol'] = 'http';
		handler(req, res);
	});
	server.listen(Number(process.env.PORT), host, () => {
		console.log(`学法考练: serving on http://localhost:${process.env.PORT} (set ORIGIN when it is reached through a proxy or by another address)`);
	});
	const stop = () => server.close(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
