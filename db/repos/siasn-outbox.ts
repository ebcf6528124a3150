import { sql, type Kysely } from 'kysely';
import type { Database } from '../types';

/**
 * The durable outbox to SIASN (issue 15). An intent is written in the transaction of the fact it reports, keyed so
 * that the same fact never queues twice; the delivery workflow (workflows/siasn-outbox) claims due intents, reads
 * SIASN before writing (an equivalent record there settles the intent as SUDAH_ADA), and records each outcome.
 * Nothing is deleted: the queue is also the history an administrator reads.
 */
type Db = Kysely<Database>;

export type OutboxJenis = 'SKP' | 'KINERJA' | 'SK_KP' | 'PEREMAJAAN';
export type OutboxStatus = 'MENUNGGU' | 'TERKIRIM' | 'SUDAH_ADA' | 'MENYERAH';
export interface OutboxIntent { instansiId: string; jenis: OutboxJenis; kunci: string; nip: string | null; payload: Record<string, unknown> }

/** Attempts before an intent is given up and handed to a person (about a day with the backoff below). */
export const OUTBOX_MAX_ATTEMPTS = 12;
/** Backoff after the n-th failed attempt: 30 s doubling, at most 4 hours. */
export const outboxBackoffMs = (attempt: number): number => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 4 * 3_600_000);

export async function writeOutboxIntents(trx: Db, intents: readonly OutboxIntent[]): Promise<number> {
  if (intents.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < intents.length; i += 2000) {
    const part = intents.slice(i, i + 2000);
    const r = await sql`
      INSERT INTO siasn_outbox (instansi_id, jenis, kunci, nip, payload)
      SELECT v.instansi_id, v.jenis, v.kunci, v.nip, v.payload::jsonb
      FROM unnest(${part.map((x) => x.instansiId)}::text[], ${part.map((x) => x.jenis)}::text[], ${part.map((x) => x.kunci)}::text[],
        ${part.map((x) => x.nip)}::text[], ${part.map((x) => JSON.stringify(x.payload))}::text[]) AS v(instansi_id, jenis, kunci, nip, payload)
      ON CONFLICT (kunci) DO NOTHING`.execute(trx);
    n += Number(r.numAffectedRows ?? 0);
  }
  return n;
}

export type OutboxItem = Awaited<ReturnType<typeof outboxItem>>;
export async function outboxItem(db: Db, id: string) {
  return db.selectFrom('siasn_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The due intents, oldest first. One drain per task queue reads them (workflows/siasn-outbox), so no claim is needed. */
export async function dueOutbox(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('siasn_outbox').select('id').where('status', '=', 'MENUNGGU').where('next_at', '<=', new Date())
    .orderBy('next_at').orderBy('id').limit(limit).execute();
  return rows.map((r) => String(r.id));
}

/** Settles an intent once: a second settle of the same intent (a retried activity) changes nothing. */
export async function settleOutbox(db: Db, id: string, outcome: { status: 'TERKIRIM' | 'SUDAH_ADA'; siasnId: string | null }): Promise<boolean> {
  const r = await db.updateTable('siasn_outbox').set({ status: outcome.status, siasn_id: outcome.siasnId, sent_at: new Date(), alasan: null })
    .where('id', '=', id).where('status', '=', 'MENUNGGU').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A failed attempt: the reason kept, the next attempt pushed back, and after the last one a person's task. */
export async function failOutbox(db: Db, id: string, reason: string, permanent: boolean): Promise<OutboxStatus> {
  const item = await outboxItem(db, id);
  if (!item || item.status !== 'MENUNGGU') return (item?.status ?? 'MENYERAH') as OutboxStatus;
  const attempts = item.percobaan + 1;
  const giveUp = permanent || attempts >= OUTBOX_MAX_ATTEMPTS;
  await db.updateTable('siasn_outbox').set({
    percobaan: attempts, alasan: reason.slice(0, 1000), status: giveUp ? 'MENYERAH' : 'MENUNGGU',
    next_at: new Date(Date.now() + outboxBackoffMs(attempts)),
  }).where('id', '=', id).where('status', '=', 'MENUNGGU').execute();
  return giveUp ? 'MENYERAH' : 'MENUNGGU';
}

/** Puts a given-up intent back in the queue (an administrator, after fixing the cause). */
export async function retryOutbox(db: Db, id: string): Promise<boolean> {
  const r = await db.updateTable('siasn_outbox').set({ status: 'MENUNGGU', percobaan: 0, next_at: new Date() })
    .where('id', '=', id).where('status', '=', 'MENYERAH').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
