import type { Db } from '../../db';
import type { BenchEngine } from './engine';
import { PgServerMeter, postmasterOf } from './pg-server';
import { Meter, rolesOf, type Roles } from './procs';

/**
 * CPU meters for a bench engine, started: per process role of the engine's tree (engine, Temporal, embedded
 * PostgreSQL, the bench), and, on DATABASE_URL, the PostgreSQL server with the backends of the bench's database.
 */
export async function startEngineMeters(engine: BenchEngine, db: Db): Promise<{ meter: Meter; pg: PgServerMeter | undefined; describe: string }> {
  let roles: Roles | undefined;
  // The dev server's processes appear a little after the engine's; the roles are read again until they do.
  const meter = new Meter(() => {
    if (!roles || roles.temporal.length === 0) roles = rolesOf(engine.child.pid!);
    return roles;
  });
  meter.start();
  const dbName = new URL(engine.dbUrl).pathname.slice(1);
  const pm = process.env.DATABASE_URL ? await postmasterOf(db) : undefined;
  const pg = pm ? new PgServerMeter(pm, dbName) : undefined;
  pg?.start();
  return { meter, pg, describe: pg ? `PostgreSQL server: postmaster ${pm}, database ${dbName}` : 'PostgreSQL: the embedded server (engine child)' };
}
