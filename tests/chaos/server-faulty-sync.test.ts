/**
 * Long version of the faulty-network sync (short one: tests/e2e/server-reliability.test.ts): three
 * phones of one cadre, one simulated hour of practice and mock exams, uploading with the real
 * uploader through a proxy that drops 30% of requests, drops 30% of responses after the server
 * committed, and duplicates and reorders batches. SERVER_BUILD_DIR selects another build.
 */
import { describe, expect, it } from 'vitest';
import { useSeededServer } from './support/server-harness';
import { runFaultySync } from './support/server-faulty-sync';

describe('sync through a fault-injecting proxy, one simulated hour', () => {
	const run = useSeededServer('xk-chaos-proxy-', 1, 3);

	it('the server holds exactly the union of the three phones, each record once, with the same scores', async () => {
		const f = await runFaultySync(run.server, run.seeded.cadres[0]!, { minutes: 60, examsPerDevice: 3, seed: Number(process.env.CHAOS_SEED ?? 60) });
		console.log('faulty-sync figures', JSON.stringify(f));
		expect(f.leftInOutbox).toBe(0);
		expect([f.missing, f.extra, f.wrongOwner, f.verdictDisagreements]).toEqual([0, 0, 0, 0]);
		expect(f.scoreDisagreements).toEqual([]);
		expect(f.exams).toBe(9);
		expect(f.proxy.droppedRequests).toBeGreaterThan(10);
		expect(f.proxy.droppedResponses).toBeGreaterThan(10);
		expect(f.proxy.duplicates).toBeGreaterThan(3);
	});
});
