import type { RequestHandler } from './$types';
import { serverContext } from '$lib/server/context';
import { handleSync } from '$lib/server/sync/handle-sync';

export const prerender = false;

export const POST: RequestHandler = async ({ request, locals }) => handleSync(await serverContext(), locals.user, request);
