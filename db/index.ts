import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool, types } from 'pg';
import type { Database } from './types';
import { migrations } from './migrations';

// DATE columns stay 'YYYY-MM-DD' strings: turning them into JS Dates would shift them by the server's time zone.
types.setTypeParser(1082, (v) => v);
// bigint ids as strings (they exceed 2^53 only in theory, but never silently lose digits).
types.setTypeParser(20, (v) => v);

export type Db = Kysely<Database>;

export function createDb(url: string, opts: { max?: number } = {}): Db {
  const pool = new Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client that loses its server (a PostgreSQL restart) must not crash the process.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(failed ? `Migration ${failed.migrationName} failed: ${reason}` : reason);
  }
  return (results ?? []).map((r) => r.migrationName);
}

export async function pingDb(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Creates a database if it does not exist (CI and tests point at a shared server and want their own database). */
export async function ensureDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    }
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = '/' + name;
  return u.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
