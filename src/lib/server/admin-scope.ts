/** What every /admin page starts from: the checked staff member, their units, the chosen unit. */
import type { Unit } from './db/schema';
import type { ServerContext } from './context';
import { requireStaff, homeUnit, visibleUnit, type StaffUser } from './access';
import type { SessionUser } from './auth/sessions';
import { allUnits, unitLabel, unitSubtree } from './directory';

export interface AdminScope {
	staff: StaffUser;
	/** Units the staff member may see, as a tree (by path), with labels. */
	units: { id: number; label: string; kind: Unit['kind']; depth: number }[];
	/** The unit asked for (?unit=), else the staff member's own, else the first; null when none exist. */
	unit: Unit | null;
}

export async function adminScope(ctx: ServerContext, user: SessionUser | null, url: URL): Promise<AdminScope> {
	const staff = requireStaff(user, url);
	const home = await homeUnit(ctx.db, staff);
	const all = await allUnits(ctx.db);
	const byId = new Map(all.map((u) => [u.id, u]));
	const visible = home ? await unitSubtree(ctx.db, home) : all;
	const asked = url.searchParams.get('unit');
	const unit = asked ? await visibleUnit(ctx.db, staff, Number(asked)) : (home ?? visible[0] ?? null);
	return {
		staff,
		units: visible.map((u) => ({ id: u.id, label: unitLabel(u, byId), kind: u.kind, depth: u.path.split('/').filter(Boolean).length - 1 })),
		unit
	};
}

/** The paper whose latest result counts for the pass rate: the bank's `predict` paper. */
export function predictPaperId(ctx: ServerContext): string {
	const bank = ctx.currentBank ? ctx.banks.get(ctx.currentBank) : null;
	return bank?.manifest.papers.find((p) => p.predict)?.id ?? 'comprehensive';
}
