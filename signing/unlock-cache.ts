import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignerBackend, SigningSession } from './backend';

/**
 * A signing session per official that outlives one request: opening the PKCS#12 (key derivation and parsing) costs
 * far more than a signature, and an official signing a queue of decrees one by one would pay it every time. The
 * passphrase is still required on every request: it is compared, in constant time, with an HMAC kept under a key that
 * exists only in this process's memory; the passphrase itself is never kept. A wrong passphrase falls through to the
 * real unlock and is refused there.
 */
export function withUnlockCache(inner: SignerBackend, opts: { ttlMs: number; maxEntries?: number }): SignerBackend {
  const hmacKey = randomBytes(32);
  const cache = new Map<string, { digest: Buffer; session: SigningSession; expires: number }>();
  const digest = (signerId: string, passphrase: string) => createHmac('sha256', hmacKey).update(signerId).update('\0').update(passphrase).digest();
  const shared = (session: SigningSession): SigningSession => ({
    signer: session.signer,
    sign: (pdf, o) => session.sign(pdf, o),
    // The cached session stays open for the next request; expiry closes it.
    close: () => undefined,
  });
  const evictExpired = (now: number) => {
    for (const [id, e] of cache) {
      if (e.expires <= now) {
        e.session.close();
        cache.delete(id);
      }
    }
  };
  return {
    kind: inner.kind,
    async unlock(signerId: string, passphrase: string): Promise<SigningSession> {
      const now = Date.now();
      evictExpired(now);
      const d = digest(signerId, passphrase);
      const hit = cache.get(signerId);
      if (hit && timingSafeEqual(hit.digest, d)) return shared(hit.session);
      const session = await inner.unlock(signerId, passphrase);
      if (opts.ttlMs <= 0) return session;
      hit?.session.close();
      cache.delete(signerId);
      if (cache.size >= (opts.maxEntries ?? 1000)) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) {
          cache.get(oldest)?.session.close();
          cache.delete(oldest);
        }
      }
      cache.set(signerId, { digest: d, session, expires: now + opts.ttlMs });
      return shared(session);
    },
  };
}
