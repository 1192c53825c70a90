import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { openLearnerDb, type LearnerDb } from '../../src/lib/client/db';
import {
	APPEARANCE_SCRIPT,
	DEFAULT_SETTINGS,
	LearnerSettings,
	SETTINGS_MIRROR_KEY,
	applyAppearance,
	clampDailyGoal,
	loadSettings,
	parseStoredSettings
} from '../../src/lib/client/settings.svelte';

/** Just enough of localStorage and of <html> for the settings code and the inline script. */
class MemoryStorage {
	items = new Map<string, string>();
	getItem = (k: string) => this.items.get(k) ?? null;
	setItem = (k: string, v: string) => void this.items.set(k, String(v));
	removeItem = (k: string) => void this.items.delete(k);
}
function fakeRoot() {
	const attrs = new Map<string, string>();
	return {
		style: { fontSize: '' },
		setAttribute: (k: string, v: string) => void attrs.set(k, v),
		removeAttribute: (k: string) => void attrs.delete(k),
		getAttribute: (k: string) => attrs.get(k) ?? null
	};
}

let db: LearnerDb;
let storage: MemoryStorage;

beforeEach(() => {
	db = openLearnerDb('settings-test', { indexedDB: new IDBFactory() });
	storage = new MemoryStorage();
	(globalThis as { localStorage?: unknown }).localStorage = storage;
});

describe('reading stored settings', () => {
	it('gives the defaults for nothing, garbage, or the wrong type', () => {
		for (const bad of [undefined, null, 'x', 42, [], { fontSize: 7 }]) expect(parseStoredSettings(bad)).toEqual(DEFAULT_SETTINGS);
	});

	it('keeps the good fields and replaces only the bad ones', () => {
		const read = parseStoredSettings({ fontSize: 'largest', theme: 'purple', examDate: '2027-02-30', dailyGoal: 500, autoAdvance: false, wrongGraduation: 3 });
		expect(read).toEqual({ ...DEFAULT_SETTINGS, fontSize: 'largest', autoAdvance: false, wrongGraduation: 3 });
		expect(parseStoredSettings({ examDate: '2027-03-15' }).examDate).toBe('2027-03-15');
	});

	it('the defaults are today’s look: 大 and follow the system', () => {
		expect(DEFAULT_SETTINGS).toEqual({ fontSize: 'large', theme: 'system', examDate: null, dailyGoal: 20, autoAdvance: true, wrongGraduation: 2 });
	});

	it('clamps a typed-in daily goal', () => {
		expect([clampDailyGoal(0), clampDailyGoal(17.6), clampDailyGoal(1000), clampDailyGoal(NaN)]).toEqual([5, 18, 200, 20]);
	});
});

describe('LearnerSettings', () => {
	it('saves each change to IndexedDB and the mirror at once', async () => {
		const s = new LearnerSettings(() => db);
		await s.load();
		await s.update({ fontSize: 'larger', theme: 'dark', examDate: '2027-03-15' });
		await s.update({ dailyGoal: 35 });
		const expected = { ...DEFAULT_SETTINGS, fontSize: 'larger', theme: 'dark', examDate: '2027-03-15', dailyGoal: 35 };
		expect(s.current).toEqual(expected);
		expect(await loadSettings(db)).toEqual(expected);
		expect(JSON.parse(storage.getItem(SETTINGS_MIRROR_KEY)!)).toEqual(expected);
	});

	it('refuses an invalid change and keeps the old value', async () => {
		const s = new LearnerSettings(() => db);
		await s.load();
		await expect(s.update({ dailyGoal: 3 })).rejects.toThrow();
		await expect(s.update({ examDate: '15.03.2027' })).rejects.toThrow();
		expect(s.current).toEqual(DEFAULT_SETTINGS);
		expect(await db.kv.get('settings')).toBeUndefined();
	});

	it('starts from the mirror, then IndexedDB wins (as after a restore or a reset)', async () => {
		storage.setItem(SETTINGS_MIRROR_KEY, JSON.stringify({ ...DEFAULT_SETTINGS, fontSize: 'standard' }));
		const s = new LearnerSettings(() => db);
		expect(s.current.fontSize).toBe('standard');
		await db.kv.put({ key: 'settings', value: { ...DEFAULT_SETTINGS, fontSize: 'largest', theme: 'light' } });
		await s.load();
		expect(s.current).toMatchObject({ fontSize: 'largest', theme: 'light' });
		expect(JSON.parse(storage.getItem(SETTINGS_MIRROR_KEY)!).fontSize).toBe('largest');
		// After a reset the row is gone: back to the defaults, and the mirror is cleared.
		await db.kv.clear();
		await s.load();
		expect(s.current).toEqual(DEFAULT_SETTINGS);
		expect(storage.getItem(SETTINGS_MIRROR_KEY)).toBeNull();
	});

	it('never crashes on a bad stored value', async () => {
		await db.kv.put({ key: 'settings', value: 'corrupted' });
		storage.setItem(SETTINGS_MIRROR_KEY, '{not json');
		const s = new LearnerSettings(() => db);
		expect(s.current).toEqual(DEFAULT_SETTINGS);
		expect(await s.load()).toEqual(DEFAULT_SETTINGS);
	});
});

describe('appearance', () => {
	it('applyAppearance sets the root font size and data-theme (absent for system)', () => {
		const root = fakeRoot();
		applyAppearance({ fontSize: 'largest', theme: 'dark' }, root as unknown as HTMLElement);
		expect([root.style.fontSize, root.getAttribute('data-theme')]).toEqual(['140%', 'dark']);
		applyAppearance({ fontSize: 'standard', theme: 'system' }, root as unknown as HTMLElement);
		expect([root.style.fontSize, root.getAttribute('data-theme')]).toEqual(['100%', null]);
	});

	it('the inline script does the same from the mirror, and ignores anything bad', () => {
		const run = (stored: string | null) => {
			const root = fakeRoot();
			const local = new MemoryStorage();
			if (stored !== null) local.setItem(SETTINGS_MIRROR_KEY, stored);
			runInNewContext(APPEARANCE_SCRIPT, { localStorage: local, document: { documentElement: root } });
			return [root.style.fontSize, root.getAttribute('data-theme')];
		};
		expect(run(JSON.stringify({ fontSize: 'larger', theme: 'light' }))).toEqual(['125%', 'light']);
		expect(run(JSON.stringify({ fontSize: 'large', theme: 'system' }))).toEqual(['112.5%', null]);
		expect(run(null)).toEqual(['', null]);
		expect(run('{broken')).toEqual(['', null]);
		expect(run(JSON.stringify({ fontSize: 'huge', theme: 'neon' }))).toEqual(['', null]);
	});
});

describe('the inline scripts run before first paint', () => {
	it('app.html inlines exactly APPEARANCE_SCRIPT and PRACTICE_PREVIEW_SCRIPT, and the CSP allows them by hash', async () => {
		const { readFileSync } = await import('node:fs');
		const { createHash } = await import('node:crypto');
		const { APPEARANCE_SCRIPT } = await import('../../src/lib/client/settings.svelte');
		const { PRACTICE_PREVIEW_SCRIPT } = await import('../../src/lib/client/practice-preview');
		const html = readFileSync(new URL('../../src/app.html', import.meta.url), 'utf8');
		const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
		expect(inline).toEqual([APPEARANCE_SCRIPT, PRACTICE_PREVIEW_SCRIPT]);
		const config = (await import('../../svelte.config.js')).default;
		for (const script of inline) {
			const hash = `sha256-${createHash('sha256').update(script!).digest('base64')}`;
			expect(config.kit?.csp?.directives?.['script-src']).toContain(hash);
		}
	});
});
