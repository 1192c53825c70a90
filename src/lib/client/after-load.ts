/**
 * Resolves once the page has loaded and the browser has a moment to spare (bounded by `timeout`
 * ms after the load): for start-up work that the first screen does not need. The service worker's
 * first download (about 1 MB) would otherwise share a slow link with the page's own code and
 * question file, and the start-up tasks would sit in the page's busiest second.
 */
export function afterLoad(timeout = 2000): Promise<void> {
	return new Promise((resolve) => {
		const idle = () => {
			if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout });
			else setTimeout(resolve, 0);
		};
		if (document.readyState === 'complete') idle();
		else window.addEventListener('load', idle, { once: true });
	});
}
