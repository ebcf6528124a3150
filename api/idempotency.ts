import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sql } from 'kysely';
import { canonicalJson, sha256Hex } from '../db/canonical-json';
import { getContext } from './context';
import { AppError } from './errors';

/** How long a finished answer is replayed; after that the key may be used afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** A claim whose handler neither answered nor failed within this time (a crashed process) may be taken over. */
export const IDEMPOTENCY_LOCK_MS = 2 * 60_000;

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** Answers a retry should not get back: the situation may have changed (a conflict, a rate limit). */
const NOT_STORED = new Set([409, 429]);
const STORED_HEADERS = ['content-type', 'location'];

/**
 * What makes two requests "the same": method, path, query parameters and body. A raw upload is fingerprinted by the
 * hash of its bytes (serialising megabytes through canonical JSON took seconds on the event loop).
 */
export function fingerprint(method: string, path: string, query: unknown, body: unknown): string {
  const content = Buffer.isBuffer(body) ? `bytes:${sha256Hex(body)}` : canonicalJson(body ?? null);
  return sha256Hex(`${method} ${path}\n${canonicalJson(query ?? {})}\n${content}`);
}

export interface IdempotentOptions {
  /** Changes what is stored for replay, e.g. to leave out a secret shown only once. */
  storeAs?: (body: unknown) => unknown;
  /** A request without the header runs as before (no replay); one with it gets the full semantics. */
  optional?: boolean;
}

/**
 * For every POST that creates something; mount after requireAuth(). The first request with a key runs; a retry with
 * the same key and the same body gets the first answer again (Idempotent-Replayed: true), even after a crash in
 * between; the same key with another body is refused (422); a key whose first request is still running gives 409.
 * If the handler fails with a 5xx the record is deleted, so a retry can proceed.
 */
export function idempotent(opts: IdempotentOptions = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const actor = req.actor;
    if (!actor) throw new Error('idempotent() must be mounted after requireAuth()');
    const key = req.get('Idempotency-Key');
    if (key === undefined || key === '') {
      if (opts.optional) {
        next();
        return;
      }
      throw new AppError('BAD_REQUEST', 'Header Idempotency-Key wajib dikirim untuk membuat data baru', [
        { field: 'header.Idempotency-Key', reason: 'Kirim nilai unik (mis. UUID) per pembuatan; pakai nilai yang sama bila mengulang permintaan yang sama' },
      ]);
    }
    if (!KEY_PATTERN.test(key)) {
      throw new AppError('BAD_REQUEST', 'Header Idempotency-Key tidak valid', [
        { field: 'header.Idempotency-Key', reason: 'Panjang 1-200 karakter ASCII terlihat, tanpa spasi' },
      ]);
    }
    const { db } = getContext(req);
    const path = req.baseUrl + req.path;
    // A spooled upload is known by the hash taken while it arrived; its bytes are never read again for this.
    const requestHash = fingerprint(req.method, path, req.query, req.upload ? { upload: req.upload.sha256, size: req.upload.size } : req.body);
    const lockedUntil = new Date(Date.now() + IDEMPOTENCY_LOCK_MS);

    const claimed = await sql<{ key: string }>`
      INSERT INTO idempotency_key (user_id, key, method, path, request_hash, locked_until)
      VALUES (${actor.userId}, ${key}, ${req.method}, ${path}, ${requestHash}, ${lockedUntil})
      ON CONFLICT (user_id, key) DO UPDATE SET
        method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
        status_code = NULL, response_body = NULL, response_headers = NULL, completed_at = NULL,
        created_at = now(), locked_until = EXCLUDED.locked_until
      WHERE idempotency_key.created_at < now() - make_interval(secs => ${IDEMPOTENCY_TTL_MS / 1000})
         OR (idempotency_key.completed_at IS NULL AND idempotency_key.locked_until < now())
      RETURNING key`.execute(db);

    if (claimed.rows.length === 0) {
      const row = await db.selectFrom('idempotency_key').selectAll().where('user_id', '=', actor.userId).where('key', '=', key).executeTakeFirst();
      if (!row || row.completed_at === null) {
        res.setHeader('Retry-After', '1');
        throw new AppError('CONFLICT', 'Permintaan dengan Idempotency-Key ini masih diproses; tunggu sebentar lalu kirim ulang permintaan yang sama');
      }
      if (row.request_hash !== requestHash) {
        throw new AppError('UNPROCESSABLE', 'Idempotency-Key ini sudah dipakai untuk permintaan lain (isi atau alamat berbeda): gunakan kunci baru untuk permintaan baru', [
          { field: 'header.Idempotency-Key', reason: 'Kunci sudah terpakai dengan isi permintaan yang berbeda' },
        ]);
      }
      res.status(row.status_code ?? 200);
      for (const [h, v] of Object.entries(row.response_headers ?? {})) res.setHeader(h, v);
      res.setHeader('Idempotent-Replayed', 'true');
      if (row.response_body === null) res.end();
      else res.send(JSON.stringify(row.response_body));
      return;
    }

    let settled = false;
    const finish = async (status: number, body: unknown): Promise<void> => {
      if (status >= 500 || NOT_STORED.has(status)) {
        await db.deleteFrom('idempotency_key').where('user_id', '=', actor.userId).where('key', '=', key).execute();
        return;
      }
      const headers: Record<string, string> = {};
      for (const h of STORED_HEADERS) {
        const v = res.getHeader(h);
        if (v !== undefined) headers[h] = String(v);
      }
      // res.json() sets the type only after this runs.
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json; charset=utf-8';
      const stored = body === undefined ? null : opts.storeAs ? opts.storeAs(body) : body;
      await db
        .updateTable('idempotency_key')
        .set({ status_code: status, response_body: stored === null ? null : JSON.stringify(stored), response_headers: headers, completed_at: new Date() })
        .where('user_id', '=', actor.userId)
        .where('key', '=', key)
        .execute();
    };

    const originalJson = res.json.bind(res);
    res.json = (body: unknown) => {
      if (settled) return originalJson(body);
      settled = true;
      // The answer leaves only once it is stored, so a client that retries at once finds it.
      finish(res.statusCode, body).then(
        () => originalJson(body),
        (err: unknown) => {
          req.log?.error({ err }, 'storing the idempotent response failed');
          originalJson(body);
        },
      );
      return res;
    };
    res.on('finish', () => {
      if (settled) return;
      settled = true;
      finish(res.statusCode, undefined).catch((err: unknown) => req.log?.error({ err }, 'storing the idempotent response failed'));
    });
    next();
  };
}
