import { spawn } from 'node:child_process';
import { Pool } from 'pg';
import { ensureDatabase } from '../db';
import { POSTGRES_SCHEMA_VERSIONS } from './temporal-server';
import type { Log } from './go-install';

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Any database of the server, for CREATE DATABASE. */
  adminUrl: string;
}

export function pgTargetOf(serverUrl: string): PgTarget {
  const u = new URL(serverUrl);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    adminUrl: serverUrl,
  };
}

export type SchemaOutcome = 'created' | 'updated' | 'up-to-date';

export interface TemporalDatabases {
  temporal: string;
  visibility: string;
}

function poolFor(target: PgTarget, database: string): Pool {
  const u = new URL(target.adminUrl);
  u.pathname = '/' + database;
  return new Pool({ connectionString: u.toString(), max: 1 });
}

/** True once a server process has recorded the cluster's metadata (its first start on this database). */
export async function hasClusterMetadata(target: PgTarget, database: string): Promise<boolean> {
  const pool = poolFor(target, database);
  try {
    return (await pool.query('SELECT 1 FROM cluster_metadata_info LIMIT 1')).rowCount === 1;
  } finally {
    await pool.end();
  }
}

/** The version the SQL tool recorded, or undefined when the database has no Temporal schema yet. */
export async function schemaVersionOf(target: PgTarget, database: string): Promise<string | undefined> {
  const pool = poolFor(target, database);
  try {
    const table = await pool.query(`SELECT to_regclass('public.schema_version') AS t`);
    if (!table.rows[0]?.t) return undefined;
    const row = await pool.query('SELECT curr_version FROM schema_version WHERE version_partition = 0 AND db_name = $1', [database]);
    return row.rows[0]?.curr_version ?? undefined;
  } finally {
    await pool.end();
  }
}

function runSqlTool(sqlTool: string, target: PgTarget, database: string, args: string[], log: Log): Promise<void> {
  const full = ['--plugin', 'postgres12', '--endpoint', target.host, '--port', String(target.port), '--user', target.user, '--database', database, ...args];
  return new Promise((resolve, reject) => {
    // The password goes through the environment, not argv, so `ps` does not show it.
    const child = spawn(sqlTool, full, { env: { ...process.env, SQL_PASSWORD: target.password }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.once('error', (e) => reject(new Error(`could not run the Temporal SQL tool ${sqlTool}: ${e.message}`)));
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      log(output.trim());
      reject(new Error(`temporal sql tool ${args.join(' ')} on database ${database} failed with exit code ${code}:\n${output.trim().split('\n').slice(-5).join('\n')}`));
    });
  });
}

/**
 * Creates the Temporal and visibility databases and brings each schema to the version this server needs, with the
 * schema files embedded in the SQL tool. A database already at that version is not touched at all (no tool runs),
 * so restarting a cluster costs nothing and cannot disturb a running one; one at a newer version is refused.
 */
export async function ensureTemporalSchemas(opts: { sqlTool: string; target: PgTarget; databases: TemporalDatabases; log: Log }): Promise<Record<keyof TemporalDatabases, SchemaOutcome>> {
  const outcome = {} as Record<keyof TemporalDatabases, SchemaOutcome>;
  for (const kind of ['temporal', 'visibility'] as const) {
    const database = opts.databases[kind];
    const wanted = POSTGRES_SCHEMA_VERSIONS[kind];
    await ensureDatabase(opts.target.adminUrl, database);
    const current = await schemaVersionOf(opts.target, database);
    if (current === wanted) {
      outcome[kind] = 'up-to-date';
      continue;
    }
    if (current && compareVersions(current, wanted) > 0) {
      throw new Error(`database ${database} has Temporal ${kind} schema ${current}, newer than the ${wanted} this server uses; use a newer server or another database`);
    }
    if (!current) {
      opts.log(`Temporal ${kind} schema: setting up ${database}`);
      await runSqlTool(opts.sqlTool, opts.target, database, ['setup-schema', '-v', '0.0'], opts.log);
    }
    opts.log(`Temporal ${kind} schema: updating ${database} from ${current ?? '0.0'} to ${wanted}`);
    await runSqlTool(opts.sqlTool, opts.target, database, ['update-schema', '--schema-name', `postgresql/v12/${kind}`], opts.log);
    const after = await schemaVersionOf(opts.target, database);
    if (after !== wanted) throw new Error(`after update-schema, ${database} is at Temporal ${kind} schema ${after ?? 'none'}, not ${wanted}`);
    outcome[kind] = current ? 'updated' : 'created';
  }
  return outcome;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
