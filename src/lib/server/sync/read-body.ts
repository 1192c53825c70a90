/** Reading a JSON request body with a size cap: oversized → 413, unparsable → 400, never a 500. */
import { json } from '@sveltejs/kit';

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
	const tooLarge = () => ({ ok: false as const, response: json({ error: 'too-large', maxBytes }, { status: 413 }) });
	const malformed = (why: string) => ({ ok: false as const, response: json({ error: 'malformed', detail: why }, { status: 400 }) });
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > maxBytes) return tooLarge();
	if (!request.body) return malformed('empty body');
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				await reader.cancel();
				return tooLarge();
			}
			chunks.push(value);
		}
	} catch {
		return malformed('body could not be read');
	}
	try {
		return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))) };
	} catch {
		return malformed('not JSON');
	}
}
