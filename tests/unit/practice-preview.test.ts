import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PRACTICE_PREVIEW_SCRIPT, RESUME_ATTRIBUTE, RESUME_KEY, markPreview, previewFits, rememberResume, resumedLaws } from '../../src/lib/client/practice-preview';

class MemoryStorage {
	private map = new Map<string, string>();
	getItem(key: string): string | null {
		return this.map.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.map.set(key, value);
	}
}

class FakeRoot {
	attributes = new Map<string, string>();
	setAttribute(name: string, value: string) {
		this.attributes.set(name, value);
	}
	toggleAttribute(name: string, on: boolean) {
		if (on) this.attributes.set(name, '');
		else this.attributes.delete(name);
		return on;
	}
}

const asStorage = (s: MemoryStorage) => s as unknown as Storage;

describe('the practice preview rule', () => {
	it('fits a plain visit to a law without a saved place, and nothing else', () => {
		const storage = new MemoryStorage();
		expect(previewFits('admin-licensing', '', asStorage(storage))).toBe(true);
		expect(previewFits('admin-licensing', '?mode=random', asStorage(storage))).toBe(false);
		expect(previewFits('admin-licensing', '?q=admin-licensing-1003', asStorage(storage))).toBe(false);
		rememberResume('admin-licensing', asStorage(storage));
		rememberResume('admin-licensing', asStorage(storage));
		expect(resumedLaws(asStorage(storage))).toEqual(['admin-licensing']);
		expect(previewFits('admin-licensing', '', asStorage(storage))).toBe(false);
		expect(previewFits('civil-code', '', asStorage(storage))).toBe(true);
	});

	it('survives bad or blocked storage', () => {
		const storage = new MemoryStorage();
		storage.setItem(RESUME_KEY, '{broken');
		expect(resumedLaws(asStorage(storage))).toEqual([]);
		storage.setItem(RESUME_KEY, JSON.stringify({ not: 'a list' }));
		expect(previewFits('civil-code', '', asStorage(storage))).toBe(true);
		const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } } as unknown as Storage;
		expect(() => rememberResume('civil-code', full)).not.toThrow();
	});

	it('the inline script in <head> decides as markPreview does, on every kind of address', () => {
		const cases: [string, string, string[] | string | null][] = [
			['/practice/admin-licensing', '', null],
			['/practice/admin-licensing', '', ['admin-licensing']],
			['/practice/admin-licensing/', '', ['civil-code']],
			['/practice/admin-licensing', '?mode=random', null],
			['/practice/civil-code', '?q=civil-code-0001', []],
			['/practice/civil-code', '', '{broken'],
			['/exam', '?start=daily', null],
			['/', '', ['admin-licensing']]
		];
		for (const [pathname, search, stored] of cases) {
			const storage = new MemoryStorage();
			if (stored !== null) storage.setItem(RESUME_KEY, typeof stored === 'string' ? stored : JSON.stringify(stored));
			const byScript = new FakeRoot();
			runInNewContext(PRACTICE_PREVIEW_SCRIPT, { localStorage: storage, location: { pathname, search }, document: { documentElement: byScript } });
			const byApp = new FakeRoot();
			const law = /^\/practice\/([^/]+)\/?$/.exec(pathname)?.[1];
			if (law) markPreview(law, search, byApp as unknown as HTMLElement, asStorage(storage));
			expect(byScript.attributes.has(RESUME_ATTRIBUTE), `${pathname}${search} ${JSON.stringify(stored)}`).toBe(byApp.attributes.has(RESUME_ATTRIBUTE));
		}
	});
});
