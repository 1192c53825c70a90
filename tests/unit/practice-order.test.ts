import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareIds, type BankManifest, type CompiledLaw } from '../../src/lib/core/bank-types';
import { sequentialOrder } from '../../src/lib/core/practice-order';

const bankDir = new URL('../../static/bank/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', bankDir), 'utf8')) as BankManifest;
const laws = manifest.laws.map((l) => JSON.parse(readFileSync(new URL(l.file, bankDir), 'utf8')) as CompiledLaw);

describe('question order', () => {
	it('compareIds orders every id of the bank as localeCompare does (so practice order and exam draws are unchanged)', () => {
		const ids = laws.flatMap((l) => l.questions.map((q) => q.id));
		expect(ids.length).toBeGreaterThan(2000);
		expect([...ids].sort(compareIds)).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
		expect(compareIds('admin-licensing-0012', 'admin-licensing-0012')).toBe(0);
		expect(compareIds('admin-licensing-0012', 'admin-licensing-0101')).toBeLessThan(0);
		expect(compareIds('civil-code-0001', 'admin-penalty-0001')).toBeGreaterThan(0);
	});

	it('sequential order follows the first cited article, then the id', () => {
		for (const law of laws) {
			const order = sequentialOrder(law.questions);
			for (let i = 1; i < order.length; i++) {
				const [a, b] = [order[i - 1]!, order[i]!];
				expect(a.articles[0]! < b.articles[0]! || (a.articles[0] === b.articles[0] && a.id < b.id)).toBe(true);
			}
		}
	});
});
