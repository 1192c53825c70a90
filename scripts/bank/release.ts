/**
 * Release snapshots (question-bank/releases/<version>.json): each released question's rev and a
 * fingerprint of what a learner sees. Rules 6 and 7 compare the working bank with the latest one.
 */
import { createHash } from 'node:crypto';
import type { Question } from '../../src/lib/core/bank-types';
import type { Diagnostic } from './diagnostics';
import type { CompiledLawEntry } from './compile';
import type { BankSource } from './source';

export interface ReleaseSnapshot {
	format: 1;
	id: string;
	version: string;
	released: string;
	questions: Record<string, { rev: number; fingerprint: string; retired?: true }>;
}

/** What changes a question's meaning: its type, case, stem, options and answer. */
export function fingerprint(q: Question): string {
	const content = JSON.stringify([q.type, q.case ?? '', q.stem, q.options, q.answer]);
	return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
	return 0;
}

export function makeSnapshot(bank: { id: string; version: string; released: string }, laws: CompiledLawEntry[]): ReleaseSnapshot {
	const questions: ReleaseSnapshot['questions'] = {};
	const all = laws.flatMap((l) => l.questions).sort((a, b) => a.id.localeCompare(b.id));
	for (const q of all) questions[q.id] = { rev: q.rev, fingerprint: fingerprint(q), ...(q.retired ? { retired: true as const } : {}) };
	return { format: 1, id: bank.id, version: bank.version, released: bank.released, questions };
}

export function latestRelease(source: BankSource, diagnostics: Diagnostic[]): ReleaseSnapshot | null {
	let latest: ReleaseSnapshot | null = null;
	for (const path of source.releaseFiles()) {
		try {
			const snap = JSON.parse(source.read(path) ?? '') as ReleaseSnapshot;
			if (snap.format !== 1 || typeof snap.version !== 'string' || typeof snap.questions !== 'object') throw new Error('not a release snapshot');
			if (!latest || compareVersions(snap.version, latest.version) > 0) latest = snap;
		} catch (e) {
			diagnostics.push({ severity: 'error', file: source.label(path), line: 1, rule: 'format', message: `release snapshot unreadable: ${(e as Error).message}` });
		}
	}
	return latest;
}

export function checkAgainstRelease(
	previous: ReleaseSnapshot,
	version: string,
	laws: CompiledLawEntry[],
	allIds: Map<string, { file: string; line: number }>,
	where: { file: string; line: number; diagnostics: Diagnostic[] }
): void {
	const changed: string[] = [];
	for (const law of laws) {
		for (const q of law.questions) {
			const loc = law.locations.get(q.id)!;
			const before = previous.questions[q.id];
			if (!before) {
				changed.push(q.id);
				continue;
			}
			const meaningChanged = fingerprint(q) !== before.fingerprint;
			if (q.rev < before.rev) {
				where.diagnostics.push({ severity: 'error', file: loc.file, line: loc.line, id: q.id, rule: 'rule 6 rev', message: `rev ${q.rev} is lower than rev ${before.rev} in release ${previous.version}` });
			} else if (meaningChanged && q.rev === before.rev) {
				where.diagnostics.push({
					severity: 'error',
					file: loc.file,
					line: loc.line,
					id: q.id,
					rule: 'rule 6 rev',
					message: `stem, options or answer changed since release ${previous.version}: raise rev to ${before.rev + 1}`
				});
			}
			if (meaningChanged || q.rev !== before.rev || Boolean(q.retired) !== Boolean(before.retired)) changed.push(q.id);
		}
	}
	for (const id of Object.keys(previous.questions)) {
		if (!allIds.has(id)) {
			where.diagnostics.push({
				severity: 'error',
				file: where.file,
				line: where.line,
				id,
				rule: 'rule 1 id',
				message: `released in ${previous.version} but missing now: ids are stable forever, so retire the question (retired: reason) instead of deleting it`
			});
			changed.push(id);
		}
	}
	const cmp = compareVersions(version, previous.version);
	if (cmp < 0 || (cmp === 0 && changed.length > 0)) {
		const sample = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ` and ${changed.length - 5} more` : '');
		where.diagnostics.push({
			severity: 'error',
			file: where.file,
			line: where.line,
			rule: 'rule 7 version',
			message:
				cmp < 0
					? `version ${version} is lower than the previous release ${previous.version}`
					: `${changed.length} question${changed.length > 1 ? 's' : ''} changed since release ${previous.version} (${sample}): raise version above ${previous.version}`
		});
	}
}
