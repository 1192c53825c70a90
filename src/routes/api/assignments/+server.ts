import type { RequestHandler } from './$types';
import { serverContext } from '$lib/server/context';
import { handleCadreAssignments } from '$lib/server/assignments/cadre';

export const prerender = false;

/** The signed-in cadre's open and upcoming assigned exams (src/lib/server/assignments/cadre.ts). */
export const GET: RequestHandler = async ({ locals }) => handleCadreAssignments(await serverContext(), locals.user);
