import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 6238 TOTP with the authenticator-app defaults: HMAC-SHA1, 30-second steps, 6 digits. */
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx < 0) throw new Error('TOTP secret is not base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new secret (160 bits, as RFC 4226 recommends), base32 as authenticator apps expect. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function totpStep(timeMs: number = Date.now()): number {
  return Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS);
}

/** RFC 4226 HOTP for one counter value. */
export function hotp(secret: string | Buffer, counter: number): string {
  const key = typeof secret === 'string' ? base32Decode(secret) : secret;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** The code an authenticator app shows at `timeMs` (the seed script prints it; tests log in with it). */
export function totpNow(secret: string, timeMs: number = Date.now()): string {
  return hotp(secret, totpStep(timeMs));
}

/**
 * Checks a code against the current step and one step either side (clock drift). Returns the matching step, or null.
 * Steps at or before `afterStep` are refused, so a code once used cannot be replayed; the caller stores the step.
 */
export function verifyTotp(secret: string, code: string, opts: { timeMs?: number; afterStep?: number; window?: number } = {}): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const now = totpStep(opts.timeMs ?? Date.now());
  const window = opts.window ?? 1;
  const key = base32Decode(secret);
  let match: number | null = null;
  // Every candidate is compared (no early exit) so timing does not tell which step matched.
  for (let step = now - window; step <= now + window; step++) {
    const ok = timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code));
    if (ok && match === null && (opts.afterStep === undefined || step > opts.afterStep)) match = step;
  }
  return match;
}

/** otpauth:// URI for enrolling the secret in an authenticator app (as a QR code). */
export function totpUri(secret: string, account: string, issuer = 'usulan'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${TOTP_STEP_SECONDS}`;
}
