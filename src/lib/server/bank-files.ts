/** Build-time access to the compiled bank (for prerender entries); the app itself fetches it. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BankManifest, CompiledLaw } from '$lib/core/bank-types';

export function readBuiltManifest(): BankManifest {
	const path = join(resolve(process.cwd(), process.env.STATIC_DIR ?? 'static'), 'bank', 'manifest.json');
	try {
		return JSON.parse(readFileSync(path, 'utf8')) as BankManifest;
	} catch (e) {
		throw new Error(`cannot read ${path}: run npm run bank:build first (${(e as Error).message})`);
	}
}

/** A compiled law as the build serves it (for prerendered previews). */
export function readBuiltLaw(file: string): CompiledLaw {
	const path = join(resolve(process.cwd(), process.env.STATIC_DIR ?? 'static'), 'bank', file);
	return JSON.parse(readFileSync(path, 'utf8')) as CompiledLaw;
}
