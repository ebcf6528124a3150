import { sql } from 'kysely';
import type { Db } from '..';

/**
 * The counters behind the rate limits every API process shares: one row per limiter, key and fixed window
 * (api/shared-rate-limit.ts turns two windows into a sliding estimate).
 */

export interface WindowCounts {
  current: number;
  previous: number;
  /** Whether this call counted one more (it does only when there was room). */
  counted: boolean;
}

/**
 * Counts one event if `previous * overlap + current + 1 <= max`, atomically: the update's condition is evaluated on
 * the locked row, so concurrent processes never count past the limit.
 */
export async function countIfRoom(db: Db, limiter: string, key: string, start: number, previousStart: number, overlap: number, max: number): Promise<WindowCounts> {
  const r = await sql<{ previous: number; counted: number | null; current: number | null }>`
    WITH prev AS (
      SELECT COALESCE(max(count), 0)::float8 AS c FROM rate_limit_window WHERE limiter = ${limiter} AND key = ${key} AND window_start = ${previousStart}
    ), ins AS (
      INSERT INTO rate_limit_window AS w (limiter, key, window_start, count)
      SELECT ${limiter}, ${key}, ${start}, 1 FROM prev WHERE prev.c * ${overlap} + 1 <= ${max}
      ON CONFLICT (limiter, key, window_start) DO UPDATE SET count = w.count + 1
        WHERE (SELECT c FROM prev) * ${overlap} + w.count + 1 <= ${max}
      RETURNING count
    )
    SELECT (SELECT c FROM prev)::float8 AS previous, (SELECT count FROM ins) AS counted,
      (SELECT count FROM rate_limit_window WHERE limiter = ${limiter} AND key = ${key} AND window_start = ${start}) AS current`.execute(db);
  const row = r.rows[0];
  const counted = row.counted !== null;
  return { previous: Number(row.previous), current: counted ? Number(row.counted) : Number(row.current ?? 0), counted };
}

export async function windowCounts(db: Db, limiter: string, key: string, start: number, previousStart: number): Promise<{ current: number; previous: number }> {
  const rows = await db.selectFrom('rate_limit_window').select(['window_start', 'count'])
    .where('limiter', '=', limiter).where('key', '=', key).where('window_start', 'in', [String(start), String(previousStart)]).execute();
  const at = (s: number) => rows.find((x) => Number(x.window_start) === s)?.count ?? 0;
  return { current: at(start), previous: at(previousStart) };
}

export async function clearKey(db: Db, limiter: string, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_window').where('limiter', '=', limiter).where('key', '=', key).execute();
}

/**
 * Adds each process-local count to the shared one and answers the totals, in one statement for all keys (a count of 0
 * only reads). Used once a second by each API process.
 */
export async function addCounts(db: Db, limiter: string, entries: Array<{ key: string; start: number; add: number }>): Promise<Array<{ key: string; start: number; count: number }>> {
  if (entries.length === 0) return [];
  const r = await sql<{ key: string; window_start: string; count: number }>`
    INSERT INTO rate_limit_window AS w (limiter, key, window_start, count)
    SELECT ${limiter}, u.k, u.s, u.n FROM unnest(${entries.map((e) => e.key)}::text[], ${entries.map((e) => e.start)}::bigint[], ${entries.map((e) => e.add)}::int[]) AS u(k, s, n)
    ON CONFLICT (limiter, key, window_start) DO UPDATE SET count = w.count + EXCLUDED.count
    RETURNING key, window_start, count`.execute(db);
  return r.rows.map((x) => ({ key: x.key, start: Number(x.window_start), count: Number(x.count) }));
}

export async function dropWindowsBefore(db: Db, limiter: string, start: number): Promise<void> {
  await db.deleteFrom('rate_limit_window').where('limiter', '=', limiter).where('window_start', '<', String(start)).execute();
}
