// The signed-in user, set by hooks.server.ts for every request (declaration merging into App).
import type { SessionUser } from './auth/sessions';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
		}
	}
}

export {};
