/** Writes the compiled bank: one JSON file per law with a content hash in its name, and the manifest. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BankChanges, BankManifest, QuestionIndex } from '../../src/lib/core/bank-types';
import { toCompiledLaw, type CompileResult } from './compile';

/** The newest entry of CHANGELOG.md: `## 1.1.0 — 2026-12-01` and the lines under it. */
export function newestChangelogEntry(markdown: string | null): BankChanges | null {
	if (!markdown) return null;
	const lines = markdown.split(/\r?\n/);
	const start = lines.findIndex((l) => /^##\s+\d+\.\d+\.\d+/.test(l));
	if (start < 0) return null;
	const head = /^##\s+(\d+\.\d+\.\d+)\s*(?:[—–-]+\s*(\S+))?/.exec(lines[start]!)!;
	const summary: string[] = [];
	for (const line of lines.slice(start + 1)) {
		if (/^##\s/.test(line)) break;
		const text = line.replace(/^\s*[-*]\s+/, '').trim();
		if (text) summary.push(text);
	}
	return { version: head[1]!, date: head[2] ?? '', summary };
}

export function buildOutputs(result: CompileResult, changelog: string | null = null): { manifest: BankManifest; files: Map<string, string> } {
	if (!result.bank) throw new Error('cannot build a bank with errors in bank.yaml');
	const files = new Map<string, string>();
	const manifest: BankManifest = {
		format: 1,
		id: result.bank.id,
		title: result.bank.title,
		version: result.bank.version,
		released: result.bank.released,
		changes: newestChangelogEntry(changelog),
		index: '',
		papers: result.papers,
		laws: []
	};
	const hashed = (name: string, json: string) => `${name}.${createHash('sha256').update(json).digest('hex').slice(0, 10)}.json`;
	const index: QuestionIndex = { format: 1, bankVersion: result.bank.version, laws: {} };
	for (const entry of result.laws) {
		const json = JSON.stringify(toCompiledLaw(entry, result.bank.version));
		const file = hashed(entry.info.id, json);
		files.set(file, json);
		const live = entry.questions.filter((q) => !q.retired);
		index.laws[entry.info.id] = {
			divisions: entry.structure.divisions.map((d) => ({ kind: d.kind, title: d.title, parent: d.parent, depth: d.depth, from: d.from, to: d.to })),
			questions: live.map((q) => [q.id, q.rev, q.type, q.difficulty, entry.structure.articles[q.articles[0]! - 1]?.division ?? -1, q.options.length])
		};
		manifest.laws.push({
			...entry.info,
			file,
			bytes: Buffer.byteLength(json),
			articles: entry.structure.articles.length,
			questions: live.length,
			byType: {
				judge: live.filter((q) => q.type === 'judge').length,
				single: live.filter((q) => q.type === 'single').length,
				multiple: live.filter((q) => q.type === 'multiple').length
			}
		});
	}
	const indexJson = JSON.stringify(index);
	manifest.index = hashed('index', indexJson);
	files.set(manifest.index, indexJson);
	files.set('manifest.json', JSON.stringify(manifest, null, '\t'));
	return { manifest, files };
}

/** Replaces the contents of `dir` (static/bank) with the outputs. */
export function writeOutputs(dir: string, files: Map<string, string>): void {
	mkdirSync(dir, { recursive: true });
	for (const name of readdirSync(dir)) if (name.endsWith('.json')) rmSync(join(dir, name));
	for (const [name, content] of files) writeFileSync(join(dir, name), content);
}
