/**
 * Every bank version the server has ever served, kept under DATA_DIR/banks/<version>/, so that
 * exams taken on an old version are still regraded against the questions they were drawn from.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer, BankManifest, CompiledLaw, OptionKey, QuestionIndex, QuestionType } from '$lib/core/bank-types';
import type { Paper } from '$lib/core/paper-types';

/** What regrading and reports need of a question. */
export interface ArchivedQuestion {
	id: string;
	rev: number;
	law: string;
	type: QuestionType;
	answer: Answer;
	keys: OptionKey[];
	articles: number[];
}

export interface ArchivedBank {
	version: string;
	manifest: BankManifest;
	questions: Map<string, ArchivedQuestion>;
	papers: Map<string, Paper>;
	lawShort: Map<string, string>;
	/** Divisions (chapters) per law and each question's division, for weak-spot reports. */
	index: QuestionIndex;
}

const VERSION = /^[0-9A-Za-z.\-+]{1,40}$/;

/** Where the bank being served lives: the build's client assets in production, static/ in dev. */
export function servedBankDir(cwd = process.cwd()): string {
	if (process.env.BANK_DIR) return process.env.BANK_DIR;
	const built = join(cwd, 'build', 'client', 'bank');
	return existsSync(join(built, 'manifest.json')) && process.env.NODE_ENV !== 'development' ? built : join(cwd, 'static', 'bank');
}

/** Copies the served bank into the archive unless that version is there already. Returns the version. */
export function archiveServedBank(sourceDir: string, banksDir: string): string | null {
	const manifestPath = join(sourceDir, 'manifest.json');
	if (!existsSync(manifestPath)) return null;
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BankManifest;
	if (!VERSION.test(manifest.version)) throw new Error(`bank version ${manifest.version} is not a safe folder name`);
	const target = join(banksDir, manifest.version);
	if (existsSync(join(target, 'manifest.json'))) return manifest.version;
	// Copy into a temporary folder and rename: a crash never leaves a half-copied version behind.
	const staging = `${target}.partial-${process.pid}`;
	mkdirSync(staging, { recursive: true });
	for (const file of [...manifest.laws.map((l) => l.file), manifest.index]) copyFileSync(join(sourceDir, file), join(staging, file));
	copyFileSync(manifestPath, join(staging, 'manifest.json'));
	mkdirSync(banksDir, { recursive: true });
	renameSync(staging, target);
	return manifest.version;
}

export class BankArchive {
	private cache = new Map<string, ArchivedBank | null>();

	constructor(private banksDir: string) {}

	/** The bank of a version, or null when the server never served it. */
	get(version: string): ArchivedBank | null {
		if (!VERSION.test(version)) return null;
		if (this.cache.has(version)) return this.cache.get(version)!;
		const bank = this.load(version);
		this.cache.set(version, bank);
		return bank;
	}

	private load(version: string): ArchivedBank | null {
		const dir = join(this.banksDir, version);
		if (!existsSync(join(dir, 'manifest.json'))) return null;
		const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BankManifest;
		const questions = new Map<string, ArchivedQuestion>();
		const lawShort = new Map<string, string>();
		for (const entry of manifest.laws) {
			const law = JSON.parse(readFileSync(join(dir, entry.file), 'utf8')) as CompiledLaw;
			lawShort.set(entry.id, entry.short);
			for (const q of law.questions) {
				questions.set(q.id, { id: q.id, rev: q.rev, law: q.law, type: q.type, answer: q.answer, keys: q.options.map((o) => o.key), articles: q.articles });
			}
		}
		const index = JSON.parse(readFileSync(join(dir, manifest.index), 'utf8')) as QuestionIndex;
		return { version, manifest, questions, papers: new Map(manifest.papers.map((p) => [p.id, p])), lawShort, index };
	}

}
