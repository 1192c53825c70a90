/** Where the compiler reads the bank from: the real folder, or files in memory for tests. */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface BankSource {
	/** Label used in messages for a path relative to the bank root (question-bank/…). */
	label(path: string): string;
	read(path: string): string | null;
	/** Question files (`questions/<law>/*.yaml`) relative to the bank root, sorted. */
	questionFiles(): string[];
	/** Release snapshots (`releases/*.json`) relative to the bank root. */
	releaseFiles(): string[];
	/** Mock-exam blueprints (`papers/*.yaml`). */
	paperFiles(): string[];
}

export function folderSource(root: string, labelPrefix = 'question-bank'): BankSource {
	const walk = (dir: string): string[] => {
		if (!existsSync(dir)) return [];
		const out: string[] = [];
		for (const name of readdirSync(dir).sort()) {
			const full = join(dir, name);
			if (statSync(full).isDirectory()) out.push(...walk(full));
			else out.push(relative(root, full).split(sep).join('/'));
		}
		return out;
	};
	return {
		label: (p) => `${labelPrefix}/${p}`,
		read: (p) => {
			const full = join(root, p);
			return existsSync(full) ? readFileSync(full, 'utf8') : null;
		},
		questionFiles: () => walk(join(root, 'questions')).filter((p) => /\.ya?ml$/.test(p)),
		releaseFiles: () => walk(join(root, 'releases')).filter((p) => p.endsWith('.json')),
		paperFiles: () => walk(join(root, 'papers')).filter((p) => /\.ya?ml$/.test(p))
	};
}

export function memorySource(files: Record<string, string>): BankSource {
	const names = Object.keys(files).sort();
	return {
		label: (p) => p,
		read: (p) => files[p] ?? null,
		questionFiles: () => names.filter((p) => p.startsWith('questions/') && /\.ya?ml$/.test(p)),
		releaseFiles: () => names.filter((p) => p.startsWith('releases/') && p.endsWith('.json')),
		paperFiles: () => names.filter((p) => p.startsWith('papers/') && /\.ya?ml$/.test(p))
	};
}
