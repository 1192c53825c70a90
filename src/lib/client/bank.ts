/**
 * Loading the compiled bank in the browser: the manifest first, then one law file on demand.
 * Law files have a content hash in their names, so they are cached forever (and offline by the
 * service worker); each is fetched at most once per page life.
 */
import type { BankManifest, CompiledLaw, ManifestLaw, Question } from '$lib/core/bank-types';

export const MANIFEST_URL = '/bank/manifest.json';

type Fetch = typeof fetch;

let manifestPromise: Promise<BankManifest> | null = null;
const lawPromises = new Map<string, Promise<LoadedLaw>>();

export class BankLoadError extends Error {}

export interface LoadedLaw extends CompiledLaw {
	/** Live questions by id. */
	byId: Map<string, Question>;
	live: Question[];
}

async function getJson<T>(url: string, fetchFn: Fetch): Promise<T> {
	const res = await fetchFn(url);
	if (!res.ok) throw new BankLoadError(`题库文件 ${url} 加载失败（${res.status}）`);
	return (await res.json()) as T;
}

export function loadManifest(fetchFn: Fetch = fetch): Promise<BankManifest> {
	manifestPromise ??= getJson<BankManifest>(MANIFEST_URL, fetchFn).catch((e) => {
		manifestPromise = null;
		throw e;
	});
	return manifestPromise;
}

export function findLaw(manifest: BankManifest, lawId: string): ManifestLaw | undefined {
	return manifest.laws.find((l) => l.id === lawId);
}

export function loadLaw(entry: ManifestLaw, fetchFn: Fetch = fetch): Promise<LoadedLaw> {
	let p = lawPromises.get(entry.file);
	if (!p) {
		p = getJson<CompiledLaw>(`/bank/${entry.file}`, fetchFn).then((law) => {
			const live = law.questions.filter((q) => !q.retired);
			return { ...law, live, byId: new Map(live.map((q) => [q.id, q])) };
		});
		p.catch(() => lawPromises.delete(entry.file));
		lawPromises.set(entry.file, p);
	}
	return p;
}

/** Several laws at once (for the 错题本, favourites and review, which span laws). */
export async function loadLaws(manifest: BankManifest, lawIds: Iterable<string>, fetchFn: Fetch = fetch): Promise<Map<string, LoadedLaw>> {
	const out = new Map<string, LoadedLaw>();
	for (const id of new Set(lawIds)) {
		const entry = findLaw(manifest, id);
		if (entry) out.set(id, await loadLaw(entry, fetchFn));
	}
	return out;
}

/** The shape PracticeFlow wants: law id → short name and structure. */
export function flowLaws(manifest: BankManifest, laws: Map<string, LoadedLaw>): Map<string, { short: string; structure: LoadedLaw['structure'] }> {
	return new Map([...laws].map(([id, law]) => [id, { short: findLaw(manifest, id)?.short ?? id, structure: law.structure }]));
}
