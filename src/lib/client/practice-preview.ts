/**
 * The practice page's prerendered preview: the law's first question, painted before the app's code
 * has loaded. It is the right question only on a plain visit (no ?mode= or ?q=) by a learner with
 * no saved place in the law; otherwise it is hidden (kept in the layout, so nothing moves) until the
 * real question replaces it. The rule is applied twice: by PRACTICE_PREVIEW_SCRIPT in app.html
 * before the first paint, and by the page's load on every visit in the app.
 */
export const RESUME_KEY = 'xfkl.practice-resume';
export const RESUME_ATTRIBUTE = 'data-practice-resume';

/** Laws in which the learner has a saved place in sequential practice. */
export function resumedLaws(storage: Storage | undefined = globalThis.localStorage): string[] {
	try {
		const value: unknown = JSON.parse(storage?.getItem(RESUME_KEY) ?? '[]');
		return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
	} catch {
		return [];
	}
}

/** Called when the sequential place is saved; best effort (storage may be full or blocked). */
export function rememberResume(lawId: string, storage: Storage | undefined = globalThis.localStorage): void {
	try {
		const laws = resumedLaws(storage);
		if (!laws.includes(lawId)) storage?.setItem(RESUME_KEY, JSON.stringify([...laws, lawId]));
	} catch {
		// The preview is then shown once more before the saved place: harmless.
	}
}

export function previewFits(lawId: string, search: string, storage: Storage | undefined = globalThis.localStorage): boolean {
	return search === '' && !resumedLaws(storage).includes(lawId);
}

export function markPreview(lawId: string, search: string, root: HTMLElement = document.documentElement, storage?: Storage): void {
	root.toggleAttribute(RESUME_ATTRIBUTE, !previewFits(lawId, search, storage ?? globalThis.localStorage));
}

/** The same rule for app.html's <head>, in plain ES5; it never throws. */
export const PRACTICE_PREVIEW_SCRIPT =
	`(function(){try{var m=/^\\/practice\\/([^/]+)\\/?$/.exec(location.pathname);if(!m)return;` +
	`var l=JSON.parse(localStorage.getItem(${JSON.stringify(RESUME_KEY)})||'[]');` +
	`if(location.search||(l instanceof Array&&l.indexOf(decodeURIComponent(m[1]))>=0))document.documentElement.setAttribute(${JSON.stringify(RESUME_ATTRIBUTE)},'');}catch(e){}})();`;
