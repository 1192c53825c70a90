/**
 * Long version of the SIGKILL test (short one: tests/e2e/server-reliability.test.ts): the built
 * server is killed 20 times at random moments while three clients upload, and restarted on the
 * same DATA_DIR each time. SERVER_BUILD_DIR selects another build than build/.
 */
import { describe, expect, it } from 'vitest';
import { useSeededServer } from './support/server-harness';
import { runKillCycles } from './support/server-kill';

describe('server SIGKILL mid-batch, 20 times', () => {
	const run = useSeededServer('xk-chaos-kill-', 3);

	it('no partial batch, integrity_check ok after every kill, every upload completes, final counts exact', async () => {
		const f = await runKillCycles(run.server, { kills: 20, cadres: run.seeded.cadres, seed: Number(process.env.CHAOS_SEED ?? 20), attemptsPerBatch: 300, examsPerBatch: 3, maxGapMs: 1500 });
		console.log('SIGKILL figures', JSON.stringify(f));
		expect(f.kills).toBe(20);
		expect(f.integrityFailures).toEqual([]);
		expect(f.partialBatches).toEqual([]);
		expect([f.lost, f.extra, f.wrongOwner]).toEqual([0, 0, 0]);
		expect(f.killsMidRequest).toBeGreaterThanOrEqual(15);
		// Uploads also got through between kills (how many depends on the machine's speed).
		expect(f.batches).toBeGreaterThan(run.seeded.cadres.length);
		expect(f.cutBeforeCommit + f.committedUnanswered).toBeGreaterThan(0);
	});
});
