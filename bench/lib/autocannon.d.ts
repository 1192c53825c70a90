/** The part of autocannon 9's API the server benchmarks use (the package ships no types). */
declare module 'autocannon' {
	namespace autocannon {
		interface RequestSpec {
			method?: string;
			path?: string;
			headers?: Record<string, string>;
			body?: string;
			/** Returns the request to send (a falsy value restarts the request list). */
			setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec | undefined;
			onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
		}
		interface Options {
			url: string;
			connections?: number;
			/** Seconds. */
			duration?: number;
			/** Seconds before a request counts as timed out. */
			timeout?: number;
			requests?: RequestSpec[];
		}
		interface Histogram {
			average: number;
			p50: number;
			p90: number;
			p99: number;
			max: number;
		}
		interface Result {
			/** Seconds. */
			duration: number;
			requests: Histogram & { total: number };
			latency: Histogram;
			errors: number;
			timeouts: number;
			non2xx: number;
			'2xx': number;
		}
	}
	function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
	export default autocannon;
}
