/**
 * The learner's settings. IndexedDB (`kv` row 'settings') is the record that backups carry;
 * localStorage holds a mirror so the font size and theme can be applied by an inline script
 * before the first paint, long before IndexedDB opens. Whatever is stored is read leniently: a
 * bad or missing field falls back to its default, and nothing here ever throws on bad data.
 */
import { z } from './zod';
import { learnerDb, type LearnerDb } from './db';

export const FONT_SIZES = [
	{ id: 'standard', label: '标准', rootSize: '100%' },
	{ id: 'large', label: '大', rootSize: '112.5%' },
	{ id: 'larger', label: '特大', rootSize: '125%' },
	{ id: 'largest', label: '超大', rootSize: '140%' }
] as const;
export type FontSizeId = (typeof FONT_SIZES)[number]['id'];

export const THEMES = [
	{ id: 'light', label: '浅色' },
	{ id: 'dark', label: '深色' },
	{ id: 'system', label: '跟随系统' }
] as const;
export type ThemeId = (typeof THEMES)[number]['id'];

export const DAILY_GOAL = { min: 5, max: 200, step: 5 } as const;
export const GRADUATION_COUNTS = [1, 2, 3] as const;

export const SETTINGS_KEY = 'settings';
/** localStorage key of the mirror; the inline script in app.html reads it too. */
export const SETTINGS_MIRROR_KEY = 'xfkl.settings';

function isRealDate(s: string): boolean {
	const [y, m, d] = s.split('-').map(Number) as [number, number, number];
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const fontSizeSchema = z.enum(FONT_SIZES.map((f) => f.id) as [FontSizeId, ...FontSizeId[]]);
const themeSchema = z.enum(THEMES.map((t) => t.id) as [ThemeId, ...ThemeId[]]);
const examDateSchema = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/)
	.refine(isRealDate)
	.nullable();
const dailyGoalSchema = z.number().int().min(DAILY_GOAL.min).max(DAILY_GOAL.max);
const graduationSchema = z.number().int().min(1).max(3);

/** What a valid settings value is; `update` refuses anything else. */
export const settingsSchema = z.object({
	fontSize: fontSizeSchema,
	theme: themeSchema,
	/** YYYY-MM-DD in the learner's own calendar, or null when no exam is planned. */
	examDate: examDateSchema,
	/** New questions per day. */
	dailyGoal: dailyGoalSchema,
	/** Go on to the next question after a right answer. */
	autoAdvance: z.boolean(),
	/** Right answers in a row that take a question out of the 错题本. */
	wrongGraduation: graduationSchema
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
	fontSize: 'large',
	theme: 'system',
	examDate: null,
	dailyGoal: 20,
	autoAdvance: true,
	wrongGraduation: 2
});

/** Reads what was stored, field by field: one bad field does not cost the learner the others. */
const storedSettingsSchema = z
	.object({
		fontSize: fontSizeSchema.catch(DEFAULT_SETTINGS.fontSize),
		theme: themeSchema.catch(DEFAULT_SETTINGS.theme),
		examDate: examDateSchema.catch(DEFAULT_SETTINGS.examDate),
		dailyGoal: dailyGoalSchema.catch(DEFAULT_SETTINGS.dailyGoal),
		autoAdvance: z.boolean().catch(DEFAULT_SETTINGS.autoAdvance),
		wrongGraduation: graduationSchema.catch(DEFAULT_SETTINGS.wrongGraduation)
	})
	.catch({ ...DEFAULT_SETTINGS });

export function parseStoredSettings(value: unknown): Settings {
	return storedSettingsSchema.parse(value ?? {});
}

/** Keeps a typed-in goal inside the allowed range, on the step grid's whole numbers. */
export function clampDailyGoal(n: number): number {
	if (!Number.isFinite(n)) return DEFAULT_SETTINGS.dailyGoal;
	return Math.min(DAILY_GOAL.max, Math.max(DAILY_GOAL.min, Math.round(n)));
}

/** Settings for code outside the UI (scheduling, 错题 graduation) that needs them once. */
export async function loadSettings(db: LearnerDb = learnerDb()): Promise<Settings> {
	const row = await db.kv.get(SETTINGS_KEY);
	return parseStoredSettings(row?.value);
}

const rootSizeOf = (id: FontSizeId) => FONT_SIZES.find((f) => f.id === id)!.rootSize;

/** Applies font size and theme to the page: the CSS reads `data-theme` ('light' | 'dark'; absent = system). */
export function applyAppearance(settings: Pick<Settings, 'fontSize' | 'theme'>, root: HTMLElement = document.documentElement): void {
	root.style.fontSize = rootSizeOf(settings.fontSize);
	if (settings.theme === 'system') root.removeAttribute('data-theme');
	else root.setAttribute('data-theme', settings.theme);
}

/**
 * For app.html's <head>: the same as applyAppearance, from the localStorage mirror, before the
 * first paint (no flash of small text or of the wrong theme). Plain ES5; it never throws.
 */
export const APPEARANCE_SCRIPT =
	`(function(){try{var s=JSON.parse(localStorage.getItem(${JSON.stringify(SETTINGS_MIRROR_KEY)})||'null');if(!s)return;` +
	`var r=document.documentElement,f=${JSON.stringify(Object.fromEntries(FONT_SIZES.map((f) => [f.id, f.rootSize])))}[s.fontSize];` +
	`if(f)r.style.fontSize=f;if(s.theme==='dark'||s.theme==='light')r.setAttribute('data-theme',s.theme);}catch(e){}})();`;

function readMirror(): Settings | null {
	try {
		const raw = globalThis.localStorage?.getItem(SETTINGS_MIRROR_KEY);
		return raw ? parseStoredSettings(JSON.parse(raw)) : null;
	} catch {
		return null;
	}
}

function writeMirror(settings: Settings | null): void {
	try {
		if (settings) globalThis.localStorage?.setItem(SETTINGS_MIRROR_KEY, JSON.stringify(settings));
		else globalThis.localStorage?.removeItem(SETTINGS_MIRROR_KEY);
	} catch {
		// Storage full or blocked: IndexedDB still has the settings; only the early paint is lost.
	}
}

const inBrowser = () => typeof document !== 'undefined';

export class LearnerSettings {
	/** The settings in force: the mirror's until IndexedDB has answered, then IndexedDB's. */
	current = $state<Settings>({ ...DEFAULT_SETTINGS });
	/** True once IndexedDB has been read (or found unusable). */
	loaded = $state(false);
	/** Set when saving failed, so the page can say so; cleared by the next successful save. */
	saveError = $state<string | null>(null);

	constructor(private readonly db: () => LearnerDb = learnerDb) {
		const mirrored = readMirror();
		if (mirrored) this.current = mirrored;
	}

	/** Reads IndexedDB (the record of truth), refreshes the mirror and applies the appearance. */
	async load(): Promise<Settings> {
		try {
			const row = await this.db().kv.get(SETTINGS_KEY);
			this.current = parseStoredSettings(row?.value);
			writeMirror(row ? this.current : null);
		} catch {
			// IndexedDB unusable (some private modes): keep what the mirror gave.
		}
		this.loaded = true;
		if (inBrowser()) applyAppearance(this.current);
		return this.current;
	}

	/** Validates, applies and saves a change at once. Throws on a value the schema refuses. */
	async update(patch: Partial<Settings>): Promise<void> {
		const next = settingsSchema.parse({ ...this.current, ...patch });
		this.current = next;
		writeMirror(next);
		if (inBrowser()) applyAppearance(next);
		try {
			await this.db().kv.put({ key: SETTINGS_KEY, value: { ...next } });
			this.saveError = null;
			// A new exam date: every question met so far must come up again before it.
			if (patch.examDate && patch.examDate !== undefined) {
				const { ProgressRepository } = await import('./progress-repository');
				await new ProgressRepository(this.db()).applyExamDate(patch.examDate);
			}
		} catch (e) {
			this.saveError = `设置未能保存：${(e as Error).message}`;
		}
	}
}

/** The app's one settings object. */
export const settings = new LearnerSettings();
