/**
 * Server hooks: open the database (migrations run here, before the first request) and archive the
 * served bank; then for every request, who is asking (the session cookie) and no caching of
 * anything personal. At start, cadres' stale pass predictions are queued for recomputation.
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { serverContext } from '$lib/server/context';
import { SESSION_COOKIE, sessionUser, purgeExpiredSessions } from '$lib/server/auth/sessions';
import { queueStalePredictions } from '$lib/server/predictions/queue';
import { itemAnalysisWarmer } from '$lib/server/reports/item-analysis-warmer';

export const init: ServerInit = async () => {
	if (building) return;
	const ctx = await serverContext();
	await purgeExpiredSessions(ctx.db);
	// Answers synced before a restart (or a new bank version) leave predictions behind: catch up in
	// the background, without holding up the server's start.
	void queueStalePredictions(ctx).catch((e) => console.error('could not check predictions at start', e));
	// Kept item analyses stored before the restart (or for an older bank) are recomputed once the
	// server is quiet; this also arms the warm-up after China midnight.
	itemAnalysisWarmer(ctx).start();
};

const PRIVATE = /^\/(api|admin|login|logout)(\/|$)/;

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token && !building) {
		const { db } = await serverContext();
		event.locals.user = await sessionUser(db, token);
	}
	const response = await resolve(event);
	if (PRIVATE.test(event.url.pathname)) {
		response.headers.set('cache-control', 'no-store');
		response.headers.set('x-content-type-options', 'nosniff');
		response.headers.set('referrer-policy', 'same-origin');
		response.headers.set('x-frame-options', 'DENY');
	}
	return response;
};
