/**
 * Splits `total` whole units across keys in proportion to `weights` (largest remainder), never
 * giving a key more than its `capacity`; what a full key cannot take goes to the others.
 */
export function apportion(total: number, weights: Record<string, number>, capacity: Record<string, number> = {}): Record<string, number> {
	const keys = Object.keys(weights).filter((k) => weights[k]! > 0);
	const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
	let remaining = total;
	let open = keys.filter((k) => (capacity[k] ?? Infinity) > 0);
	while (remaining > 0 && open.length > 0) {
		const sum = open.reduce((s, k) => s + weights[k]!, 0);
		const shares = open.map((k) => ({ k, exact: (remaining * weights[k]!) / sum }));
		const given = Object.fromEntries(shares.map((s) => [s.k, Math.floor(s.exact)]));
		let left = remaining - Object.values(given).reduce((a, b) => a + b, 0);
		for (const s of [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.k.localeCompare(b.k))) {
			if (left === 0) break;
			given[s.k]!++;
			left--;
		}
		let placed = 0;
		for (const k of open) {
			const room = (capacity[k] ?? Infinity) - out[k]!;
			const add = Math.min(room, given[k]!);
			out[k]! += add;
			placed += add;
		}
		remaining -= placed;
		open = open.filter((k) => (capacity[k] ?? Infinity) > out[k]!);
		if (placed === 0) break;
	}
	return out;
}
