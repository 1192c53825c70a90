/** Throttling through the DevTools protocol, as the issue asks: CPU 4x slower, slow 4G. */
import type { Page } from 'playwright-core';

export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

export async function throttle(page: Page, options: { cpu: number; network: boolean }) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpu });
	if (options.network) {
		await cdp.send('Network.enable');
		await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
	}
	return cdp;
}

/** First contentful paint and largest contentful paint of the current page, in ms from navigation start. */
export async function paintTimes(page: Page): Promise<{ fcp: number; lcp: number; lcpElement: string }> {
	return page.evaluate(
		() =>
			new Promise<{ fcp: number; lcp: number; lcpElement: string }>((resolve) => {
				let lcp = 0;
				let lcpElement = '';
				new PerformanceObserver((list) => {
					for (const e of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
						if (e.startTime < lcp) continue;
						lcp = e.startTime;
						const el = e.element;
						lcpElement = el ? `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}` : '';
					}
				}).observe({ type: 'largest-contentful-paint', buffered: true });
				// LCP candidates stop once the page is loaded and has painted; give late ones a moment.
				setTimeout(() => {
					const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
					resolve({ fcp, lcp: lcp || NaN, lcpElement });
				}, 1500);
			})
	);
}
