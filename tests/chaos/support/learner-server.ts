/**
 * The built app served for a reliability run (RELIABILITY_BUILD_DIR or build/), with the bank's
 * questions read from it: registers the suite's beforeAll/afterAll and hands both out once ready.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Question } from '../../../src/lib/core/bank-types';
import { startServer, type RunningServer } from '../../e2e/support/browser';
import { loadBankQuestions } from './learner-driver';

export interface LearnerServer {
	readonly url: string;
	readonly bank: Map<string, Question>;
}

export function useLearnerServer(): LearnerServer {
	let server: RunningServer | undefined;
	let bank: Map<string, Question> | undefined;
	beforeAll(async () => {
		server = await startServer({}, { buildDir: process.env.RELIABILITY_BUILD_DIR });
		bank = await loadBankQuestions(server.url);
	});
	afterAll(async () => {
		await server?.stop();
	});
	return {
		get url() {
			return server!.url;
		},
		get bank() {
			return bank!;
		}
	};
}
