/**
 * An assignment's time window. Supervisors type China time (UTC+8, no daylight saving) into the
 * form whatever the server's zone; the database holds epoch ms. A phone's clock may be a little
 * off, so an exam counts when it started inside the window give or take CLOCK_SKEW_MS.
 */
const CST = 8 * 3_600_000;
export const CLOCK_SKEW_MS = 5 * 60_000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** '2026-11-27T14:00' (an <input type="datetime-local"> value), read as China time → epoch ms; null when not a real time. */
export function parseChinaDateTime(value: string | null): number | null {
	const m = value ? LOCAL.exec(value.trim()) : null;
	if (!m) return null;
	const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
	if (h > 23 || mi > 59) return null;
	const t = Date.UTC(y, mo - 1, d, h, mi) - CST;
	return formatChinaDateTimeInput(t) === value!.trim() ? t : null;
}

/** Epoch ms → '2026-11-27T14:00' in China time, for a datetime-local input's value. */
export function formatChinaDateTimeInput(t: number): string {
	return new Date(t + CST).toISOString().slice(0, 16);
}

/** Whether an exam started at `startedAt` (the phone's clock) counts for a window. */
export function startedInWindow(startedAt: number, window: { opens_at: number; closes_at: number }): boolean {
	return startedAt >= window.opens_at - CLOCK_SKEW_MS && startedAt <= window.closes_at + CLOCK_SKEW_MS;
}
