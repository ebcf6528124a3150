import { sql } from 'kysely';
import type { Db } from '../index';
import type { AuditLogRow } from '../types';
import { canonicalJson, sha256Hex } from '../canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** app_user.id of whoever acted; null for anonymous events (a failed login for an unknown name). */
  actorId: string | null;
  /** Dotted verb, e.g. 'auth.login', 'kp.approve', 'document.download', 'access.denied'. */
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  ip?: string | null;
  data?: Record<string, unknown> | null;
}

export interface AuditRecord {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  ip: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

/**
 * PostgreSQL text and jsonb cannot hold NUL or lone surrogates; they are replaced before hashing so what is stored is
 * exactly what was hashed.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[storable(k) as string] = storable(v);
    return out;
  }
  return value;
}

function clip(s: string | null | undefined, max: number): string | null {
  if (s === null || s === undefined) return null;
  const clean = storable(s) as string;
  return clean.length > max ? clean.slice(0, max) : clean;
}

/** The bytes an entry's hash covers: every column except the hash itself, keys sorted. */
export function auditHashInput(e: Omit<AuditRecord, 'hash'>): string {
  return canonicalJson({
    id: e.id,
    at: e.at,
    actor: e.actorId,
    action: e.action,
    object: { type: e.objectType, id: e.objectId },
    ip: e.ip,
    data: e.data ?? null,
    prev_hash: e.prevHash,
  });
}

/**
 * Appends one entry to the chain. Appends are serialised on the audit_head row (FOR UPDATE), so two writers can never
 * link to the same predecessor. Pass a transaction to make the entry part of a use case (the decision and its audit
 * commit or roll back together); the head stays locked until that transaction ends.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<AuditRecord> {
  const run = async (trx: Db): Promise<AuditRecord> => {
    const head = await trx.selectFrom('audit_head').select(['last_id', 'last_hash']).forUpdate().executeTakeFirstOrThrow();
    const data = entry.data == null ? null : (JSON.parse(canonicalJson(storable(entry.data))) as unknown);
    const base: Omit<AuditRecord, 'hash'> = {
      id: (BigInt(head.last_id) + 1n).toString(),
      at: new Date().toISOString(),
      actorId: clip(entry.actorId, 200),
      action: clip(entry.action, 200) ?? 'unknown',
      objectType: clip(entry.objectType, 200),
      objectId: clip(entry.objectId, 500),
      ip: clip(entry.ip, 100),
      data,
      prevHash: head.last_hash,
    };
    const hash = sha256Hex(auditHashInput(base));
    await trx
      .insertInto('audit_log')
      .values({
        id: base.id,
        at: base.at,
        actor_id: base.actorId,
        action: base.action,
        object_type: base.objectType,
        object_id: base.objectId,
        ip: base.ip,
        data: data === null ? null : JSON.stringify(data),
        prev_hash: base.prevHash,
        hash,
      })
      .execute();
    return { ...base, hash };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export function toAuditRecord(row: AuditLogRow): AuditRecord {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    ip: row.ip,
    data: row.data ?? null,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export type AuditVerification =
  | { ok: true; entries: number; headId: string }
  | { ok: false; entries: number; brokenId: string; reason: string };

/**
 * Walks the chain from the first entry: every entry must follow its predecessor (id + 1, prev_hash = predecessor's
 * hash) and hash to its stored hash; the head must name the last entry (catches a truncated tail). Reports the first
 * entry that does not hold.
 */
export async function verifyAuditChain(db: Db, opts: { batchSize?: number } = {}): Promise<AuditVerification> {
  const batchSize = opts.batchSize ?? 1000;
  let prevHash = GENESIS_HASH;
  let prevId = 0n;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where(sql<boolean>`id > ${prevId.toString()}::bigint`)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const rec = toAuditRecord(row);
      const id = BigInt(rec.id);
      if (id !== prevId + 1n) {
        return { ok: false, entries, brokenId: rec.id, reason: `entri sebelumnya (id ${prevId + 1n}) hilang` };
      }
      if (rec.prevHash !== prevHash) {
        return { ok: false, entries, brokenId: rec.id, reason: 'prev_hash tidak sama dengan hash entri sebelumnya' };
      }
      if (sha256Hex(auditHashInput(rec)) !== rec.hash) {
        return { ok: false, entries, brokenId: rec.id, reason: 'isi entri tidak cocok dengan hash-nya (diubah)' };
      }
      prevHash = rec.hash;
      prevId = id;
      entries++;
    }
    if (rows.length < batchSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['last_id', 'last_hash']).executeTakeFirst();
  if (!head || BigInt(head.last_id) !== prevId || head.last_hash !== prevHash) {
    const missing = head ? (BigInt(head.last_id) > prevId ? prevId + 1n : BigInt(head.last_id)) : prevId;
    return { ok: false, entries, brokenId: missing.toString(), reason: 'kepala rantai tidak menunjuk entri terakhir (ekor rantai dihapus atau diganti)' };
  }
  return { ok: true, entries, headId: prevId.toString() };
}
