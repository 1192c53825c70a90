/**
 * Long version of the SIGKILL test (short one: tests/e2e/server-reliability.test.ts): the built
 * server is killed 20 times at random moments while three clients upload, and restarted on the
 * same DATA_DIR each time. SERVER_BUILD_DIR selects another build than build/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../e2e/support/browser';
import { seedDataDir, ServerProcess, type Seeded } from './support/server-harness';
import { runKillCycles } from './support/server-kill';

describe('server SIGKILL mid-batch, 20 times', () => {
	const dir = tempDir('xk-chaos-kill-');
	let server: ServerProcess;
	let seeded: Seeded;
	beforeAll(async () => {
		seeded = await seedDataDir(dir.path, 3);
		server = await ServerProcess.create(dir.path);
		await server.start();
	});
	afterAll(async () => {
		await server?.stop();
		dir.remove();
	});

	it('no partial batch, integrity_check ok after every kill, every upload completes, final counts exact', async () => {
		const f = await runKillCycles(server, { kills: 20, cadres: seeded.cadres, seed: Number(process.env.CHAOS_SEED ?? 20), attemptsPerBatch: 300, examsPerBatch: 3, maxGapMs: 1500 });
		console.log('SIGKILL figures', JSON.stringify(f));
		expect(f.kills).toBe(20);
		expect(f.integrityFailures).toEqual([]);
		expect(f.partialBatches).toEqual([]);
		expect([f.lost, f.extra, f.wrongOwner]).toEqual([0, 0, 0]);
		expect(f.killsMidRequest).toBeGreaterThanOrEqual(15);
		// Uploads also got through between kills (how many depends on the machine's speed).
		expect(f.batches).toBeGreaterThan(seeded.cadres.length);
		expect(f.cutBeforeCommit + f.committedUnanswered).toBeGreaterThan(0);
	});
});
