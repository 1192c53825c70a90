/** A server context on a temporary folder, seeded with a unit tree and one user per role. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cookies } from '@sveltejs/kit';
import { openServerContext, useServerContext, type ServerContext } from '../../../src/lib/server/context';
import { createUnit, createUser } from '../../../src/lib/server/directory';
import { createSession, sessionUser, type SessionUser } from '../../../src/lib/server/auth/sessions';
import { predictionQueue } from '../../../src/lib/server/predictions/queue';
import { itemAnalysisWarmer } from '../../../src/lib/server/reports/item-analysis-warmer';
import type { BankManifest, CompiledLaw, Question } from '../../../src/lib/core/bank-types';

export const BANK_DIR = join(process.cwd(), 'static', 'bank');
export const manifest = JSON.parse(readFileSync(join(BANK_DIR, 'manifest.json'), 'utf8')) as BankManifest;

export function bankQuestions(): Question[] {
	return manifest.laws.flatMap((l) => (JSON.parse(readFileSync(join(BANK_DIR, l.file), 'utf8')) as CompiledLaw).questions.filter((q) => !q.retired));
}

export interface World {
	ctx: ServerContext;
	dir: string;
	units: { county: number; town: number; village: number; otherTown: number };
	users: Record<'admin' | 'supParent' | 'supTown' | 'supOther' | 'cadre' | 'otherCadre', { id: number; user: SessionUser; token: string }>;
	close: () => Promise<void>;
}

export async function makeWorld(): Promise<World> {
	const dir = mkdtempSync(join(tmpdir(), 'xk-server-'));
	const ctx = await openServerContext({ dataDir: dir, bankDir: BANK_DIR });
	useServerContext(ctx);
	const county = await createUnit(ctx.db, { name: '青山县', kind: 'county', parentId: null });
	const town = await createUnit(ctx.db, { name: '城关镇', kind: 'town', parentId: county.id });
	const village = await createUnit(ctx.db, { name: '东风村', kind: 'village', parentId: town.id });
	const otherTown = await createUnit(ctx.db, { name: '河西镇', kind: 'town', parentId: county.id });
	const people = {
		admin: { role: 'admin' as const, unitId: null },
		supParent: { role: 'supervisor' as const, unitId: county.id },
		supTown: { role: 'supervisor' as const, unitId: town.id },
		supOther: { role: 'supervisor' as const, unitId: otherTown.id },
		cadre: { role: 'cadre' as const, unitId: village.id },
		otherCadre: { role: 'cadre' as const, unitId: otherTown.id }
	};
	const users = {} as World['users'];
	for (const [key, p] of Object.entries(people)) {
		const { id } = await createUser(ctx.db, { username: key, displayName: `用户${key}`, role: p.role, unitId: p.unitId, password: 'secret123', mustChangePassword: false });
		const { token } = await createSession(ctx.db, id);
		users[key as keyof World['users']] = { id, token, user: (await sessionUser(ctx.db, token))! };
	}
	return {
		ctx,
		dir,
		units: { county: county.id, town: town.id, village: village.id, otherTown: otherTown.id },
		users,
		close: async () => {
			// Let queued predictions finish: they would otherwise run against a closed database.
			await predictionQueue(ctx).idle();
			await itemAnalysisWarmer(ctx).idle();
			itemAnalysisWarmer(ctx).stop();
			await ctx.db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Enough of SvelteKit's Cookies for the handlers. */
export function fakeCookies(initial: Record<string, string> = {}): Cookies & { jar: Map<string, { value: string; options: unknown }> } {
	const jar = new Map(Object.entries(initial).map(([k, v]) => [k, { value: v, options: {} as unknown }]));
	return {
		jar,
		get: (name: string) => jar.get(name)?.value,
		getAll: () => [...jar].map(([name, c]) => ({ name, value: c.value })),
		set: (name: string, value: string, options: unknown) => void jar.set(name, { value, options }),
		delete: (name: string) => void jar.delete(name),
		serialize: () => ''
	} as unknown as Cookies & { jar: Map<string, { value: string; options: unknown }> };
}

/** A RequestEvent-like object for calling load functions, actions and endpoints directly. */
export function fakeEvent(user: SessionUser | null, path: string, init?: { method?: string; form?: Record<string, string>; body?: string; headers?: Record<string, string> }) {
	const url = new URL(path, 'http://localhost');
	let request: Request;
	if (init?.form) request = new Request(url, { method: 'POST', body: new URLSearchParams(init.form) });
	else request = new Request(url, { method: init?.method ?? 'GET', body: init?.body, headers: init?.headers });
	return {
		locals: { user },
		url,
		request,
		cookies: fakeCookies(),
		getClientAddress: () => '127.0.0.1',
		params: {},
		parent: async () => ({}),
		setHeaders: () => undefined
	};
}

/** Runs a handler and reports what SvelteKit would answer: a status, a redirect target, or the data. */
export async function outcome(fn: () => unknown): Promise<{ status: number; location?: string; data?: unknown }> {
	try {
		const data = await fn();
		if (data instanceof Response) return { status: data.status, data };
		if (data && typeof data === 'object' && 'status' in data && 'data' in data && (data as { status: number }).status >= 400) return { status: (data as { status: number }).status, data: (data as { data: unknown }).data };
		return { status: 200, data };
	} catch (e) {
		const err = e as { status?: number; location?: string };
		if (typeof err.status === 'number') return { status: err.status, location: err.location };
		throw e;
	}
}
