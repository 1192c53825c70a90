/**
 * Storage full: Chromium is given a tiny quota for the app's origin through the DevTools
 * protocol (Storage.overrideQuotaForOrigin) while the learner practises. The learner must be
 * told, nothing already stored may change, and 重新保存 must store the answer, once, after the
 * quota is back to normal.
 */
import type { Page } from 'playwright-core';
import type { Question } from '../../../src/lib/core/bank-types';
import { launchPersistent, tempDir } from '../../e2e/support/browser';
import { putSettings } from '../../e2e/support/learner-db';
import { consistencyProblems, practiceLosses, readSnapshot, type LearnerSnapshot } from './integrity';
import { answerPractice, movePractice, openPractice, seededRandom, type GivenAnswer } from './learner-driver';

export interface StorageFullOptions {
	serverUrl: string;
	bank: ReadonlyMap<string, Question>;
	/** Times the quota is taken away and given back on one profile. */
	rounds: number;
	seed: number;
	lawId?: string;
	log?: (line: string) => void;
}

export interface StorageFullResult {
	rounds: number;
	refusedWrites: number;
	toldLearner: number;
	savedOnRetry: number;
	answersBefore: number;
	problems: string[];
}

const FULL_MESSAGE = '手机存储空间已满';
/** The origin's quota when there is room: enough for the app, its offline copy and the answers. */
const ROOMY_QUOTA = 16 * 1024 * 1024;

/**
 * Makes the tiny quota take effect now. Chromium's IndexedDB keeps the space it last learned it
 * may use for about 30 s, so a quota lowered with the DevTools protocol only bites once a write
 * asks for more than that: a 20 MB write of random bytes into a scratch database does (and is
 * itself refused).
 */
async function exhaustCachedAllowance(page: Page): Promise<string> {
	return page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				const req = indexedDB.open('xfkl-quota-filler', 1);
				req.onupgradeneeded = () => req.result.createObjectStore('filler');
				req.onerror = () => resolve(`open failed: ${req.error?.name}`);
				req.onsuccess = () => {
					const tx = req.result.transaction('filler', 'readwrite');
					// Random bytes: Chromium compresses what it stores, and zeros would fit.
					const bytes = new Uint8Array(20 * 1024 * 1024);
					for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
					tx.objectStore('filler').put(bytes, 'filler');
					tx.oncomplete = () => {
						req.result.close();
						resolve('stored');
					};
					tx.onabort = () => {
						req.result.close();
						resolve(tx.error?.name ?? 'aborted');
					};
				};
			})
	);
}

/** page.evaluate has no timeout of its own: a blocked IndexedDB request would hang the run. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)));
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const rowsOf = (s: LearnerSnapshot) => JSON.stringify([s.attempts, s.questionStates, s.days, s.exams, s.examAnswers, s.outbox]);

export async function runStorageFull(options: StorageFullOptions): Promise<StorageFullResult> {
	const { serverUrl, bank, rounds } = options;
	const lawId = options.lawId ?? 'admin-licensing';
	const rng = seededRandom(options.seed);
	const origin = new URL(serverUrl).origin;
	const profile = tempDir('xfkl-chaos-quota-');
	const context = await launchPersistent(profile.path);
	const result: StorageFullResult = { rounds: 0, refusedWrites: 0, toldLearner: 0, savedOnRetry: 0, answersBefore: 0, problems: [] };
	const given: GivenAnswer[] = [];
	try {
		const page: Page = context.pages()[0] ?? (await context.newPage());
		const cdp = await context.newCDPSession(page);
		// Set before the origin is first used, so Chromium's IndexedDB starts from this quota.
		await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: ROOMY_QUOTA });
		await page.goto(serverUrl);
		await page.locator('[data-law]').first().waitFor();
		await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'xuefa-kaolian' && (d.version ?? 0) > 1));
		await putSettings(page, { autoAdvance: false });
		await openPractice(page, serverUrl, lawId);

		for (let round = 1; round <= rounds; round++) {
			// Some answers with room to spare.
			for (let i = 0; i < 2; i++) {
				await answerPractice(page, bank, rng, given);
				await movePractice(page, rng);
			}
			await page.waitForTimeout(300);
			const before = await within(10_000, 'reading the database', readSnapshot(page));
			result.answersBefore = before.attempts.length;

			await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
			const filler = await within(20_000, 'the 20 MB write', exhaustCachedAllowance(page));
			if (filler !== 'QuotaExceededError') result.problems.push(`round ${round}: the 1-byte quota did not take (a 20 MB write gave ${filler})`);
			const refused = await answerPractice(page, bank, rng, []);
			const alert = page.getByRole('alert').filter({ hasText: FULL_MESSAGE });
			const told = await alert
				.waitFor({ timeout: 5000 })
				.then(() => true)
				.catch(() => false);
			const during = await within(10_000, 'reading the database', readSnapshot(page));
			if (rowsOf(during) !== rowsOf(before)) {
				const extra = during.attempts.length - before.attempts.length;
				if (extra > 0) result.problems.push(`round ${round}: the answer was stored although the quota was ${1} byte (${extra} new attempt(s)): the quota override did not take`);
				else result.problems.push(`round ${round}: stored records changed while storage was full`);
			} else result.refusedWrites++;
			if (told) result.toldLearner++;
			else {
				const shown = (await page.getByRole('alert').allInnerTexts()).join(' | ');
				result.problems.push(`round ${round}: the learner was not told storage is full; alerts shown: ${shown || '(none)'}`);
			}

			// Space freed: the quota back to normal, then 重新保存.
			await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: ROOMY_QUOTA });
			const retry = page.getByRole('button', { name: '重新保存' });
			if ((await retry.count()) === 0) {
				result.problems.push(`round ${round}: no 重新保存 button`);
				given.push(refused);
			} else {
				await retry.click();
				await alert.waitFor({ state: 'detached', timeout: 5000 }).catch(() => result.problems.push(`round ${round}: the storage-full message stayed after 重新保存`));
				given.push(refused);
			}
			await page.waitForTimeout(300);
			const after = await within(10_000, 'reading the database', readSnapshot(page));
			const newRows = after.attempts.filter((a) => !before.attempts.some((b) => b.id === a.id));
			if (newRows.length === 1 && newRows[0]!.questionId === refused.questionId && JSON.stringify(newRows[0]!.response) === JSON.stringify(refused.response)) result.savedOnRetry++;
			else result.problems.push(`round ${round}: after 重新保存 ${newRows.length} new attempt(s) (${newRows.map((a) => a.questionId).join(', ')}), expected exactly the refused answer ${refused.questionId}`);
			result.problems.push(...practiceLosses(after, given, 0).problems.map((p) => `round ${round}: ${p}`));
			result.problems.push(...consistencyProblems(after).map((p) => `round ${round}: ${p}`));
			result.rounds++;
			options.log?.(`round ${round}: refused ${result.refusedWrites}, told ${result.toldLearner}, saved on retry ${result.savedOnRetry}, ${result.problems.length} problems`);
			await movePractice(page, rng);
		}

		// Still there after a restart of the browser.
		await context.close();
		const reopened = await launchPersistent(profile.path);
		try {
			const page2 = reopened.pages()[0] ?? (await reopened.newPage());
			await page2.goto(serverUrl);
			await page2.locator('[data-law]').first().waitFor();
			const final = await readSnapshot(page2);
			result.problems.push(...practiceLosses(final, given, 0).problems.map((p) => `after restart: ${p}`));
			result.problems.push(...consistencyProblems(final).map((p) => `after restart: ${p}`));
		} finally {
			await reopened.close();
		}
		return result;
	} finally {
		await context.close().catch(() => undefined);
		profile.remove();
	}
}
