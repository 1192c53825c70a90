/** Line numbers for YAML nodes, so that messages point at the line an editor must fix. */
import { LineCounter, isMap, isScalar, type Node, type YAMLMap } from 'yaml';

export function lineOf(node: Node | null | undefined, counter: LineCounter, fallback = 1): number {
	if (!node || !node.range) return fallback;
	return counter.linePos(node.range[0]).line;
}

/** The line of `key` inside a map item (or of the item itself), following a path of keys/indices. */
export function lineOfPath(item: unknown, path: readonly PropertyKey[], counter: LineCounter, fallback: number): number {
	let node: unknown = item;
	let line = fallback;
	for (const key of path) {
		if (isMap(node)) {
			const pair = (node as YAMLMap).items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
			if (!pair) break;
			line = lineOf(pair.key as Node, counter, line);
			node = pair.value;
		} else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
			const child = (node as { items: unknown[] }).items[Number(key)];
			if (!child) break;
			line = lineOf(child as Node, counter, line);
			node = child;
		} else {
			break;
		}
	}
	return line;
}

/**
 * A YAML node as plain data, or the reason it cannot be (an alias without its anchor, for one),
 * so a broken file becomes a message rather than a crash.
 */
export function toPlain(convert: () => unknown): { value: unknown } | { error: string } {
	try {
		return { value: convert() };
	} catch (e) {
		return { error: (e as Error).message.split('\n')[0] ?? String(e) };
	}
}
