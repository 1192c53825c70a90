/**
 * SIGKILL during uploads: several clients post sync batches (hundreds of attempts, exams with
 * their answers, reports) back to back while the server is killed at random moments and started
 * again on the same DATA_DIR. Between kill and restart the database file is checked: it passes
 * integrity_check and every batch is wholly there or wholly absent. The clients follow the
 * uploader's protocol (retry until a 200 lists every id as held), so at the end the counts are exact.
 */
import { attemptRecord, answerFor, examRecord, questions, reportRecord } from './server-records';
import { heldRecords, integrityCheck, ServerProcess, withDatabaseFile, type Cadre } from './server-harness';
import { seededRandom } from '../../../src/lib/core/practice-order';

export interface KillOptions {
	kills: number;
	cadres: Cadre[];
	seed: number;
	attemptsPerBatch?: number;
	examsPerBatch?: number;
	/** Longest pause between a restart and the next kill. */
	maxGapMs?: number;
}

export interface KillFigures {
	kills: number;
	/** Kills that landed while at least one upload was in flight. */
	killsMidRequest: number;
	/** Batches in flight at a kill that were absent afterwards (cut before their commit; resent later). */
	cutBeforeCommit: number;
	/** Batches in flight at a kill that were wholly there afterwards (committed; the answer never came). */
	committedUnanswered: number;
	batches: number;
	attempts: number;
	exams: number;
	examAnswers: number;
	reports: number;
	retries: number;
	partialBatches: string[];
	integrityFailures: string[];
	wrongOwner: number;
	lost: number;
	extra: number;
}

interface Batch {
	ids: string[];
	answers: number;
	body: string;
}

function makeBatch(random: () => number, seed: number, attempts: number, exams: number): Batch {
	const t0 = 1_780_000_000_000 + seed * 1000;
	const a = Array.from({ length: attempts }, (_, i) => {
		const q = questions[Math.floor(random() * questions.length)]!;
		return attemptRecord(q, answerFor(q, 0.75, random), t0 + i * 7_000);
	});
	const e = Array.from({ length: exams }, (_, i) => examRecord({ seed: seed * 31 + i, skill: 0.6 + random() * 0.3, startedAt: t0 + i * 3_600_000 }));
	const r = [reportRecord(questions[Math.floor(random() * questions.length)]!, t0)];
	return { ids: [...a, ...e, ...r].map((x) => x.id), answers: e.reduce((n, x) => n + x.answers.length, 0), body: JSON.stringify({ attempts: a, exams: e, reports: r }) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runKillCycles(server: ServerProcess, options: KillOptions): Promise<KillFigures> {
	const random = seededRandom(options.seed);
	const figures: KillFigures = { kills: 0, killsMidRequest: 0, cutBeforeCommit: 0, committedUnanswered: 0, batches: 0, attempts: 0, exams: 0, examAnswers: 0, reports: 0, retries: 0, partialBatches: [], integrityFailures: [], wrongOwner: 0, lost: 0, extra: 0 };
	const sent: { batch: Batch; owner: number }[] = [];
	let inFlight = 0;
	const flying = new Set<Batch>();
	let killing = true;
	let serial = 0;

	/** One client: batch after batch while the killer runs, each retried until the server holds all of it. */
	const client = async (cadre: Cadre) => {
		while (killing) {
			const batch = makeBatch(random, options.seed * 1000 + serial++, options.attemptsPerBatch ?? 300, options.examsPerBatch ?? 3);
			sent.push({ batch, owner: cadre.id });
			for (;;) {
				inFlight++;
				flying.add(batch);
				try {
					const res = await fetch(`${server.url}/api/sync`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cadre.cookie }, body: batch.body });
					if (res.status === 200) {
						const { held, rejected } = (await res.json()) as { held: string[]; rejected: unknown[] };
						if (rejected.length || held.length !== batch.ids.length) throw new Error(`batch not wholly held: ${JSON.stringify(rejected).slice(0, 300)}`);
						break;
					}
					await res.body?.cancel();
				} catch (e) {
					if (e instanceof Error && e.message.startsWith('batch not wholly held')) throw e;
					// Connection refused or reset: the server is down; try again shortly.
				} finally {
					inFlight--;
					flying.delete(batch);
				}
				figures.retries++;
				await sleep(20 + random() * 50);
			}
		}
	};

	const killer = async () => {
		for (let k = 0; k < options.kills; k++) {
			await sleep(30 + random() * (options.maxGapMs ?? 400));
			if (inFlight > 0) figures.killsMidRequest++;
			const cut = [...flying];
			await server.kill();
			figures.kills++;
			withDatabaseFile(server.dataDir, (db) => {
				const check = integrityCheck(db);
				if (check !== 'ok') figures.integrityFailures.push(`kill ${k + 1}: ${check}`);
				const held = heldRecords(db);
				for (const { batch } of sent) {
					const present = batch.ids.filter((id) => held.has(id)).length;
					if (present !== 0 && present !== batch.ids.length) figures.partialBatches.push(`kill ${k + 1}: ${present}/${batch.ids.length}`);
				}
				for (const batch of cut) {
					if (batch.ids.every((id) => held.has(id))) figures.committedUnanswered++;
					else figures.cutBeforeCommit++;
				}
			}, { asLeft: true });
			await server.start();
		}
		killing = false;
	};

	await Promise.all([killer(), ...options.cadres.map(client)]);

	withDatabaseFile(server.dataDir, (db) => {
		const held = heldRecords(db);
		const expected = new Map(sent.flatMap(({ batch, owner }) => batch.ids.map((id) => [id, owner] as const)));
		for (const [id, owner] of expected) {
			if (!held.has(id)) figures.lost++;
			else if (held.get(id) !== owner) figures.wrongOwner++;
		}
		figures.extra = [...held.keys()].filter((id) => !expected.has(id)).length;
		figures.batches = sent.length;
		figures.attempts = (db.prepare('select count(*) n from attempts').get() as { n: number }).n;
		figures.exams = (db.prepare('select count(*) n from exams').get() as { n: number }).n;
		figures.examAnswers = (db.prepare('select count(*) n from exam_answers').get() as { n: number }).n;
		figures.reports = (db.prepare('select count(*) n from question_reports').get() as { n: number }).n;
		const expectedAnswers = sent.reduce((n, s) => n + s.batch.answers, 0);
		if (figures.examAnswers !== expectedAnswers) figures.partialBatches.push(`exam answers ${figures.examAnswers}, expected ${expectedAnswers}`);
		const check = integrityCheck(db);
		if (check !== 'ok') figures.integrityFailures.push(`final: ${check}`);
	});
	return figures;
}
