/**
 * The server's shared state: the database, the bank archive and the login limiters. Opened once
 * per process (hooks.server.ts init); tests open their own on a temporary folder.
 */
import { join, resolve } from 'node:path';
import { migrate, openSqlite, type Db } from './db/database';
import { archiveServedBank, BankArchive, servedBankDir } from './bank-archive';
import { loginLimiters } from './auth/rate-limit';

export interface ServerContext {
	db: Db;
	banks: BankArchive;
	/** The version of the bank this server serves now. */
	currentBank: string | null;
	limiters: ReturnType<typeof loginLimiters>;
}

export async function openServerContext(options: { dataDir: string; bankDir?: string }): Promise<ServerContext> {
	const dataDir = resolve(options.dataDir);
	const db = openSqlite(dataDir);
	await migrate(db);
	const banksDir = join(dataDir, 'banks');
	const currentBank = archiveServedBank(options.bankDir ?? servedBankDir(), banksDir);
	return { db, banks: new BankArchive(banksDir), currentBank, limiters: loginLimiters() };
}

let current: Promise<ServerContext> | undefined;

/** The process's context, opened on first use from DATA_DIR (default ./data). */
export function serverContext(): Promise<ServerContext> {
	current ??= openServerContext({ dataDir: process.env.DATA_DIR || 'data' });
	return current;
}

/** Tests: use this context instead of the one from DATA_DIR. */
export function useServerContext(ctx: ServerContext): void {
	current = Promise.resolve(ctx);
}
