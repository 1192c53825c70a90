/**
 * Three phones of one cadre, a stretch of simulated use (practice every minute, a few mock
 * exams), uploading through the fault proxy with the real uploader. Afterwards the server must
 * hold exactly the union of the phones' records, each once, and its regraded exam scores and
 * attempt verdicts must equal the phones'.
 */
import { Device } from './server-devices';
import { FaultProxy, type FaultCounts } from './server-proxy';
import { heldRecords, withDatabaseFile, type Cadre, type ServerProcess } from './server-harness';
import { manifest, predictPaper } from './server-records';
import { seededRandom } from '../../../src/lib/core/practice-order';

export interface FaultySyncOptions {
	minutes: number;
	/** Mock exams per phone, spread over the stretch. */
	examsPerDevice: number;
	seed: number;
}

export interface FaultySyncFigures {
	minutes: number;
	attempts: number;
	exams: number;
	syncRuns: number;
	drainRounds: number;
	proxy: FaultCounts;
	missing: number;
	extra: number;
	wrongOwner: number;
	scoreDisagreements: string[];
	verdictDisagreements: number;
	leftInOutbox: number;
}

export async function runFaultySync(server: ServerProcess, cadre: Cadre, options: FaultySyncOptions): Promise<FaultySyncFigures> {
	const random = seededRandom(options.seed);
	const proxy = await FaultProxy.start(server.url, { dropRequest: 0.3, dropResponse: 0.3, duplicate: 0.25, maxDelayMs: 150, random });
	const start = Date.UTC(2026, 10, 2, 1, 0, 0);
	const devices = cadre.cookies.slice(0, 3).map((cookie, i) => new Device(`phone${i}`, cookie, () => proxy.url, start));
	let syncRuns = 0;
	const syncAll = async () => {
		syncRuns += devices.length;
		await Promise.all(devices.map((d) => d.sync()));
	};
	try {
		// Signing in: each phone learns its account (through the faults) before any work is done.
		for (let round = 0; devices.some((d) => !d.uploader.account); round++) {
			if (round > 50) throw new Error('the phones never reached /api/me through the proxy');
			await syncAll();
		}
		const examMinutes = devices.map(() => Array.from({ length: options.examsPerDevice }, () => Math.floor(random() * options.minutes)));
		for (let minute = 0; minute < options.minutes; minute++) {
			const base = start + minute * 60_000;
			await Promise.all(
				devices.map(async (device, d) => {
					for (let i = 0, n = Math.floor(random() * 4); i < n; i++) await device.practise(random, base + i * 12_000 + d * 1000, 0.55 + d * 0.1);
					for (const [e, at] of examMinutes[d]!.entries()) {
						if (at !== minute) continue;
						const paper = e === 0 ? predictPaper : (manifest.papers.find((p) => p.id === 'daily') ?? predictPaper);
						await device.takeExam(paper, options.seed * 100 + d * 10 + e, base + 30_000, 0.6 + random() * 0.3, random);
					}
				})
			);
			await syncAll();
		}
		// Everything is done on the phones; they keep retrying (the network stays as bad) until their outboxes are empty.
		let drainRounds = 0;
		for (; drainRounds < 400; drainRounds++) {
			const pending = (await Promise.all(devices.map((d) => d.pending()))).reduce((a, b) => a + b, 0);
			if (!pending) break;
			await syncAll();
		}
		await proxy.close();

		// What the phones hold, against what the server holds.
		const phoneAttempts = new Map<string, boolean>();
		const phoneExams = new Map<string, number>();
		for (const d of devices) {
			for (const a of await d.db.attempts.toArray()) phoneAttempts.set(a.id, a.correct);
			for (const e of await d.db.exams.toArray()) if (e.status === 'submitted' && e.score) phoneExams.set(e.id, e.score.score);
		}
		const leftInOutbox = (await Promise.all(devices.map((d) => d.pending()))).reduce((a, b) => a + b, 0);
		return withDatabaseFile(server.dataDir, (db) => {
			const held = heldRecords(db);
			const expected = new Set([...phoneAttempts.keys(), ...phoneExams.keys()]);
			const serverAttempts = db.prepare('select id, correct from attempts').all() as { id: string; correct: number }[];
			const serverExams = db.prepare('select id, score from exams').all() as { id: string; score: number }[];
			return {
				minutes: options.minutes,
				attempts: phoneAttempts.size,
				exams: phoneExams.size,
				syncRuns,
				drainRounds,
				proxy: proxy.counts,
				missing: [...expected].filter((id) => !held.has(id)).length,
				extra: [...held.keys()].filter((id) => !expected.has(id)).length,
				wrongOwner: [...held.values()].filter((owner) => owner !== cadre.id).length,
				scoreDisagreements: serverExams.filter((e) => phoneExams.get(e.id) !== e.score).map((e) => `${e.id}: server ${e.score}, phone ${phoneExams.get(e.id)}`),
				verdictDisagreements: serverAttempts.filter((a) => phoneAttempts.get(a.id) !== (a.correct === 1)).length,
				leftInOutbox
			};
		});
	} finally {
		for (const d of devices) d.close();
	}
}
