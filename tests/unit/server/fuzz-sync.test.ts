/**
 * Fuzzing POST /api/sync: valid batches mutated at random (types changed, keys dropped, huge
 * strings, wrong UUIDs, deep nesting), raw garbage, wrong content types and oversized bodies.
 * The answer is always a 4xx with a message (and nothing stored) or a 200 naming every item,
 * never a 5xx; what is stored is exactly what the answer says is held.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { makeWorld, fakeEvent, type World } from './support';
import { POST as syncPost } from '../../../src/routes/api/sync/+server';
import { validBatch } from '../../chaos/support/server-records';

/** FUZZ_RUNS=<n> scales the number of cases (as for tests/unit/fuzz-*.test.ts); the defaults keep `npm test` quick. */
const runs = (n: number) => (process.env.FUZZ_RUNS ? Math.max(n, Number(process.env.FUZZ_RUNS) * (n / 300)) : n);

vi.setConfig({ testTimeout: process.env.FUZZ_RUNS ? 3_600_000 : 180_000, hookTimeout: 30_000 });

let world: World;
beforeAll(async () => (world = await makeWorld()));
afterAll(async () => world.close());

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

async function post(body: string | Uint8Array, contentType = 'application/json') {
	const event = fakeEvent(world.users.cadre.user, '/api/sync', { method: 'POST', body: body as string, headers: { 'content-type': contentType } });
	const res = await syncPost(event as never);
	const text = await res.text();
	return { status: res.status, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
}

async function storedIds(): Promise<Set<string>> {
	const db = world.ctx.db;
	const rows = [
		...(await db.selectFrom('attempts').select('id').execute()),
		...(await db.selectFrom('exams').select('id').execute()),
		...(await db.selectFrom('question_reports').select('id').execute())
	];
	return new Set(rows.map((r) => r.id));
}
const answerRows = async () => Number((await world.ctx.db.selectFrom('exam_answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Every place in a JSON tree, as a path of keys. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
	const out: (string | number)[][] = [prefix];
	if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
	return out;
}

function deepNest(depth: number): Json {
	let v: Json = 'x';
	for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
	return v;
}

const replacement: fc.Arbitrary<Json> = fc.oneof(
	fc.jsonValue() as fc.Arbitrary<Json>,
	fc.constantFrom<Json>(null, '', 0, -1, 1e308, -0, true, [], {}, 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', 'ＡＢＣ', '<script>alert(1)</script>', "'; DROP TABLE attempts; --"),
	fc.integer({ min: 1, max: 200 }).map((kb) => 'x'.repeat(kb * 1024)),
	fc.integer({ min: 10, max: 1000 }).map(deepNest),
	fc.uuid().map((u) => u as Json)
);

type Mutation = { kind: 'replace'; at: number; value: Json } | { kind: 'drop'; at: number } | { kind: 'duplicate'; at: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: replacement }),
	fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() })
);

function mutate(root: Json, m: Mutation): Json {
	const all = paths(root);
	const path = all[m.at % all.length]!;
	if (!path.length) return m.kind === 'replace' ? m.value : root;
	const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k as string]!, root) as Record<string, Json> | Json[];
	const key = path.at(-1)!;
	if (m.kind === 'replace') (parent as Record<string, Json>)[key as string] = m.value;
	else if (m.kind === 'drop') {
		if (Array.isArray(parent)) parent.splice(key as number, 1);
		else delete parent[key as string];
	} else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]!));
	else parent[`${String(key)}_copy`] = structuredClone(parent[key as string]!);
	return root;
}

/** The invariants of one answer: never 5xx; 4xx stores nothing; 200 stores exactly what it holds. */
async function check(send: () => Promise<{ status: number; text: string; json: any }>, sentIds: string[]) {
	const before = await storedIds();
	const answersBefore = await answerRows();
	const res = await send();
	const after = await storedIds();
	expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
	if (res.status >= 400) {
		expect([400, 413]).toContain(res.status);
		expect(res.json?.error, res.text.slice(0, 200)).toMatch(/\w/);
		expect(after.size).toBe(before.size);
		expect(await answerRows()).toBe(answersBefore);
		return res;
	}
	expect(res.status).toBe(200);
	const held = new Set<string>(res.json.held);
	for (const id of after) if (!before.has(id)) expect(held.has(id), `stored but not held: ${id}`).toBe(true);
	for (const id of held) expect(after.has(id), `held but not stored: ${id}`).toBe(true);
	const named = new Set([...held, ...res.json.rejected.map((r: { id: string }) => r.id)]);
	for (const id of sentIds) expect(named.has(id), `item ${id} neither held nor rejected`).toBe(true);
	for (const r of res.json.rejected) expect(r.reason).toMatch(/^(malformed|unknown-question|unknown-bank-version|unknown-paper|id-conflict)$/);
	return res;
}

const itemIds = (batch: Json): string[] => {
	if (!batch || typeof batch !== 'object' || Array.isArray(batch)) return [];
	return ['attempts', 'exams', 'reports'].flatMap((k) => (Array.isArray(batch[k]) ? (batch[k] as Json[]) : []))
		.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? x.id : undefined))
		.filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id));
};

describe('POST /api/sync under fuzzing', () => {
	it('valid batches with 1 to 4 random mutations: never a 5xx, nothing partial', async () => {
		await fc.assert(
			fc.asyncProperty(fc.nat({ max: 1_000_000 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (seed, mutations) => {
				let batch = validBatch(seed) as unknown as Json;
				for (const m of mutations) batch = mutate(batch, m);
				const body = JSON.stringify(batch);
				await check(() => post(body), itemIds(batch));
			}),
			{ numRuns: runs(400) }
		);
	});

	it('unmutated valid batches are held in full, and resending them is harmless', async () => {
		await fc.assert(
			fc.asyncProperty(fc.nat({ max: 1_000_000 }), async (seed) => {
				const batch = validBatch(seed);
				const ids = itemIds(batch as unknown as Json);
				const first = await check(() => post(JSON.stringify(batch)), ids);
				expect(new Set(first.json.held)).toEqual(new Set(ids));
				const again = await check(() => post(JSON.stringify(batch)), ids);
				expect(new Set(again.json.held)).toEqual(new Set(ids));
			}),
			{ numRuns: runs(30) }
		);
	});

	it('an exam answering one question twice is refused alone, not a 5xx for the whole batch', async () => {
		const batch = validBatch(42);
		const exam = batch.exams[0]!;
		exam.answers.push({ ...exam.answers[0]! });
		await check(() => post(JSON.stringify(batch)), itemIds(batch as unknown as Json));
		// The rest of the batch must still get through: otherwise the phone retries this batch forever.
		const stored = await storedIds();
		for (const a of batch.attempts) expect(stored.has(a.id)).toBe(true);
	});

	it('raw bodies: garbage, truncated JSON, wrong types at the top: 400 with a message', async () => {
		const valid = JSON.stringify(validBatch(7));
		const raw = fc.oneof(
			fc.string({ maxLength: 2000 }),
			fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b).toString('latin1')),
			fc.nat({ max: valid.length - 1 }).map((n) => valid.slice(0, n)),
			(fc.jsonValue() as fc.Arbitrary<Json>).map((v) => JSON.stringify(v)),
			fc.constantFrom('', 'null', '[]', '"x"', '{"attempts":{}}', '{"attempts":[1]}', '{"exams":[{"id":null}]}', '\uFEFF{}', '[' .repeat(200_000) + ']'.repeat(200_000))
		);
		await fc.assert(fc.asyncProperty(raw, async (body) => void (await check(() => post(body), []))), { numRuns: runs(300) });
	});

	it('wrong content types and invalid UTF-8 are refused with 400', async () => {
		const body = JSON.stringify(validBatch(3));
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
			const res = await check(() => post(body, type), []);
			expect(res.status).toBe(400);
		}
		const res = await check(() => post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), []);
		expect(res.status).toBe(400);
	});

	it('oversized bodies get 413 whether or not they declare their length', async () => {
		const big = JSON.stringify({ attempts: [], reports: [{ id: 'x', text: 'y'.repeat(1_100_000) }] });
		expect((await check(() => post(big), [])).status).toBe(413);
		const event = fakeEvent(world.users.cadre.user, '/api/sync', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'content-length': '999999999' } });
		expect((await syncPost(event as never)).status).toBe(413);
		// Too many items in an otherwise small body is malformed, not a partial store.
		const many = { attempts: Array.from({ length: 501 }, () => validBatch(1).attempts[0]) };
		expect((await check(() => post(JSON.stringify(many)), [])).status).toBe(400);
	});
});
