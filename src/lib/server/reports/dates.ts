/**
 * Dates in reports are China Standard Time (UTC+8, no daylight saving), whatever the server's
 * time zone: a supervisor's 11月27日 is the same day for every phone in the county.
 */
import type { DateRange } from './unit-report';

const CST = 8 * 3_600_000;
const DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 2026-11-27 → epoch ms of that day's start in CST; null when not a real date. */
export function dayStart(iso: string | null): number | null {
	const m = iso ? ISO_DAY.exec(iso) : null;
	if (!m) return null;
	const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CST;
	return isoDay(t) === iso ? t : null;
}

export function isoDay(t: number): string {
	return new Date(t + CST).toISOString().slice(0, 10);
}

export function chineseDate(t: number): string {
	const d = new Date(t + CST);
	return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function chineseDateTime(t: number): string {
	const d = new Date(t + CST);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${chineseDate(t)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "08:15" for a time today (China time), "11月27日 08:15" for another day. */
export function computedLabel(t: number, now = Date.now()): string {
	const d = new Date(t + CST);
	const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
	return isoDay(t) === isoDay(now) ? time : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${time}`;
}

/** The range from ?from=&to= (inclusive days); by default the last 30 days up to today. */
export function rangeFromQuery(params: URLSearchParams, now = Date.now()): DateRange & { fromDay: string; toDay: string } {
	const today = dayStart(isoDay(now))!;
	let to = dayStart(params.get('to')) ?? today;
	let from = dayStart(params.get('from')) ?? to - 29 * DAY;
	if (from > to) [from, to] = [to, from];
	// At most ten years, so a typo cannot ask for everything since 1970 in one go.
	if (to - from > 3660 * DAY) from = to - 3660 * DAY;
	return { from, to: to + DAY, fromDay: isoDay(from), toDay: isoDay(to) };
}
