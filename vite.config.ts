import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// The pass-estimate worker (src/lib/features/exam/estimate.worker.ts) is an ES module worker.
	worker: { format: 'es' },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				// Long reliability runs (npm run test:chaos); their short versions live in e2e and unit.
				extends: true,
				test: {
					name: 'chaos',
					include: ['tests/chaos/**/*.test.ts'],
					environment: 'node',
					testTimeout: 1_800_000,
					hookTimeout: 600_000,
					pool: 'forks',
					poolOptions: { forks: { singleFork: true } }
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 180_000,
					pool: 'forks',
					poolOptions: { forks: { singleFork: true } }
				}
			}
		]
	}
});
