/**
 * A fault-injecting HTTP proxy between the devices and the server, as a bad mobile network: it
 * drops requests before the server sees them, drops responses after the server has committed,
 * holds requests back at random (so batches arrive out of order), and replays earlier sync
 * batches later (duplicates, arriving after newer ones).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultOptions {
	dropRequest: number;
	dropResponse: number;
	duplicate: number;
	/** Longest random hold of a request before it is forwarded (reordering). */
	maxDelayMs: number;
	random: () => number;
}

export interface FaultCounts {
	requests: number;
	droppedRequests: number;
	droppedResponses: number;
	duplicates: number;
	delayed: number;
	forwarded: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FaultProxy {
	counts: FaultCounts = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicates: 0, delayed: 0, forwarded: 0 };
	private server: Server;
	private replays: Promise<void>[] = [];
	/** Faults apply only while on: the final drain runs over a clean network. */
	faulty = true;

	private constructor(
		private upstream: string,
		private options: FaultOptions
	) {
		this.server = createServer((req, res) => void this.handle(req, res));
	}

	static async start(upstream: string, options: FaultOptions): Promise<FaultProxy> {
		const proxy = new FaultProxy(upstream, options);
		await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
		return proxy;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	private forward(method: string, path: string, headers: IncomingMessage['headers'], body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
		return new Promise((resolve, reject) => {
			const target = new URL(path, this.upstream);
			const req = httpRequest(target, { method, headers: { ...headers, host: target.host, 'accept-encoding': 'identity' } }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			});
			req.on('error', reject);
			req.end(body);
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const body = Buffer.concat(chunks);
		const { random, dropRequest, dropResponse, duplicate, maxDelayMs } = this.options;
		const isSync = req.method === 'POST' && req.url === '/api/sync';
		this.counts.requests++;
		if (this.faulty && random() < dropRequest) {
			this.counts.droppedRequests++;
			res.socket?.destroy();
			return;
		}
		if (this.faulty && isSync && maxDelayMs > 0) {
			this.counts.delayed++;
			await sleep(random() * maxDelayMs);
		}
		if (this.faulty && isSync && random() < duplicate) {
			// The same batch again, later: after newer batches have gone through.
			this.counts.duplicates++;
			const headers = { ...req.headers };
			this.replays.push(sleep(random() * maxDelayMs * 4).then(() => this.forward('POST', '/api/sync', headers, body).then(() => undefined, () => undefined)));
		}
		let answer: Awaited<ReturnType<FaultProxy['forward']>>;
		try {
			answer = await this.forward(req.method ?? 'GET', req.url ?? '/', req.headers, body);
			this.counts.forwarded++;
		} catch {
			res.socket?.destroy();
			return;
		}
		if (this.faulty && random() < dropResponse) {
			// The server has done its work (a sync is committed); the phone never hears of it.
			this.counts.droppedResponses++;
			res.socket?.destroy();
			return;
		}
		const headers = { ...answer.headers };
		delete headers['transfer-encoding'];
		headers['content-length'] = String(answer.body.length);
		res.writeHead(answer.status, headers);
		res.end(answer.body);
	}

	/** Waits for the replays still scheduled, then closes. */
	async close(): Promise<void> {
		await Promise.all(this.replays);
		await new Promise<void>((resolve) => {
			this.server.closeAllConnections();
			this.server.close(() => resolve());
		});
	}
}
