/** POST /api/sync: who may sync, the envelope checks, then ingestBatch. */
import { json } from '@sveltejs/kit';
import type { SessionUser } from '../auth/sessions';
import type { ServerContext } from '../context';
import { ingestBatch } from './ingest';
import { predictionQueue } from '../predictions/queue';
import { itemAnalysisWarmer } from '../reports/item-analysis-warmer';
import { readJsonBody } from './read-body';
import { batchSchema, itemIdSchema, MAX_BODY_BYTES } from './schema';

export async function handleSync(ctx: ServerContext, user: SessionUser | null, request: Request): Promise<Response> {
	if (!user) return json({ error: 'login-required' }, { status: 401 });
	if (user.role !== 'cadre') return json({ error: 'cadres-only' }, { status: 403 });
	if (user.mustChangePassword) return json({ error: 'password-change-required' }, { status: 403 });
	if (!(request.headers.get('content-type') ?? '').includes('application/json')) return json({ error: 'malformed', detail: 'expected application/json' }, { status: 400 });
	const body = await readJsonBody(request, MAX_BODY_BYTES);
	if (!body.ok) return body.response;
	const envelope = batchSchema.safeParse(body.value);
	if (!envelope.success) return json({ error: 'malformed', detail: envelope.error.issues[0]?.message }, { status: 400 });
	const batch = envelope.data;
	for (const item of [...batch.attempts, ...batch.exams, ...batch.reports]) {
		if (!itemIdSchema.safeParse(item).success) return json({ error: 'malformed', detail: 'every item needs a UUID id' }, { status: 400 });
	}
	try {
		const result = await ingestBatch(ctx.db, ctx.banks, user.id, batch);
		// New answers change the cadre's predicted pass: recompute it later, off this request.
		const held = new Set(result.held);
		if (batch.attempts.some((a) => held.has((a as { id: string }).id))) predictionQueue(ctx).request(user.id);
		// Stored item analyses may have gone stale: recomputed once syncs are quiet.
		if (result.held.length > 0) itemAnalysisWarmer(ctx).notifySync();
		return json(result);
	} catch (e) {
		// The transaction rolled back: nothing of the batch is stored, and the phone will retry.
		console.error('sync failed', e);
		return json({ error: 'unavailable' }, { status: 503, headers: { 'retry-after': '30' } });
	}
}
