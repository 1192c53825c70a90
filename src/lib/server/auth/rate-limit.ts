/**
 * Login throttling per account and per address: a sliding window of failures. In memory, because
 * the server is one process; a restart forgets the counts, which only ever helps the real user.
 */
export interface RateLimitOptions {
	/** Failures allowed inside the window before further tries are refused. */
	limit: number;
	windowMs: number;
}

export class FailureLimiter {
	private failures = new Map<string, number[]>();

	constructor(
		private options: RateLimitOptions,
		private now: () => number = Date.now
	) {}

	private recent(key: string): number[] {
		const since = this.now() - this.options.windowMs;
		const list = (this.failures.get(key) ?? []).filter((t) => t > since);
		if (list.length) this.failures.set(key, list);
		else this.failures.delete(key);
		return list;
	}

	/** Milliseconds until another try is allowed; 0 when allowed now. */
	retryAfter(key: string): number {
		const list = this.recent(key);
		if (list.length < this.options.limit) return 0;
		return list[list.length - this.options.limit]! + this.options.windowMs - this.now();
	}

	fail(key: string): void {
		const list = this.recent(key);
		list.push(this.now());
		this.failures.set(key, list);
		// Bound memory under a flood of made-up usernames.
		if (this.failures.size > 50_000) this.failures.delete(this.failures.keys().next().value!);
	}

	clear(key: string): void {
		this.failures.delete(key);
	}
}

/** 5 wrong passwords per account, 20 per address, in 15 minutes. */
export function loginLimiters(now: () => number = Date.now) {
	return {
		account: new FailureLimiter({ limit: 5, windowMs: 15 * 60_000 }, now),
		address: new FailureLimiter({ limit: 20, windowMs: 15 * 60_000 }, now)
	};
}
