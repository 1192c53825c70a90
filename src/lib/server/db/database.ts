/**
 * Opening the server database. SQLite (better-sqlite3) is the default; the dialect is chosen here
 * and only here, so PostgreSQL can be added (kysely's PostgresDialect) without touching callers.
 */
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export function openSqlite(dataDir: string): Db {
	mkdirSync(dataDir, { recursive: true });
	const sqlite = new SQLite(join(dataDir, 'xuefa.sqlite'));
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	// Concurrent writers (two requests) wait instead of failing with SQLITE_BUSY.
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Applies every pending migration; throws (and so stops the server) when one fails. */
export async function migrate(db: Db): Promise<void> {
	const migrator = new Migrator({ db, provider: migrationProvider });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
