/**
 * The search state behind the search boxes of /laws and /laws/[law]: the query (kept in the
 * address bar as ?q= so a search can be shared and survives a reload), the law filter, and the
 * index, built once per page life from the law files the service worker has precached.
 */
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { loadLaw } from '$lib/client/bank';
import type { ManifestLaw } from '$lib/core/bank-types';
import { buildLawSearchIndex, searchLaws, type LawSearchIndex, type SearchOutcome } from '$lib/core/law-search';

const indexes = new Map<string, Promise<LawSearchIndex>>();

/** The index over `entries`, built on first use and kept for the page's life. */
export function loadSearchIndex(entries: readonly ManifestLaw[]): Promise<LawSearchIndex> {
	const key = entries.map((e) => e.file).join('|');
	let p = indexes.get(key);
	if (!p) {
		p = Promise.all(entries.map((e) => loadLaw(e))).then((laws) =>
			buildLawSearchIndex(laws.map((l, i) => ({ id: entries[i]!.id, short: entries[i]!.short, articles: l.structure.articles })))
		);
		p.catch(() => indexes.delete(key));
		indexes.set(key, p);
	}
	return p;
}

export class LawSearch {
	query = $state('');
	/** A law id to search in only that law (the select on /laws); undefined for all. */
	law = $state<string | undefined>(undefined);
	// Raw: thousands of articles must not be wrapped in reactive proxies.
	index = $state.raw<LawSearchIndex | null>(null);
	error = $state<string | null>(null);

	readonly active = $derived(this.query.trim() !== '');
	readonly outcome: SearchOutcome | null = $derived(this.index ? searchLaws(this.index, this.query, { law: this.law }) : null);

	#entries: readonly ManifestLaw[];
	#loading = false;

	constructor(entries: readonly ManifestLaw[]) {
		this.#entries = entries;
	}

	/** Loads the laws and builds the index (once); called when the learner starts to search. */
	prepare(): void {
		if (this.index || this.#loading) return;
		this.#loading = true;
		this.error = null;
		loadSearchIndex(this.#entries).then(
			(index) => (this.index = index),
			(e: Error) => (this.error = e.message)
		).finally(() => (this.#loading = false));
	}

	/** Takes ?q= and ?law= from the address bar. Browser only: prerendered pages have no query string. */
	readFromUrl(url: URL): void {
		this.query = url.searchParams.get('q') ?? '';
		const law = url.searchParams.get('law');
		this.law = law && this.#entries.some((e) => e.id === law) ? law : undefined;
		if (this.active) this.prepare();
	}

	/** Puts the query into the address bar without a navigation or a new history entry. */
	writeToUrl(): void {
		const url = new URL(page.url);
		const q = this.query.trim();
		if (q) url.searchParams.set('q', q);
		else url.searchParams.delete('q');
		if (this.law) url.searchParams.set('law', this.law);
		else url.searchParams.delete('law');
		if (url.href !== page.url.href) replaceState(url, page.state);
	}
}
