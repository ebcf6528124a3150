import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * What the relying party must remember between sending a browser to the identity provider and its return: the
 * `state` and `nonce` it sent and the PKCE verifier it kept back. It travels sealed (AES-256-GCM) in an httpOnly
 * cookie of the browser that started the sign-in, so a callback URL taken from another browser (login CSRF) finds no
 * matching state, the verifier is never readable by scripts or the IdP, and every API process can open it without a
 * shared table.
 */
export interface OidcFlow {
  /** Random id of this attempt: a flow is consumed once (OneUseRegistry), whatever the outcome. */
  id: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The redirect_uri sent at the start; the token request must repeat it exactly. */
  redirectUri: string;
  /** A path on this site to open after signing in (the login page's `lanjut`). */
  returnTo?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The sealing key, derived from the client secret: every API process already holds it, so no new secret needs
 * distributing; rotating the secret only voids the sign-ins in progress.
 */
export function flowKey(clientSecret: string, issuer: string, clientId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', clientSecret, 'usulan/oidc-flow', `${issuer} ${clientId}`, 32));
}

export function sealFlow(flow: OidcFlow, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The flow sealed in `value`, or undefined when it was not sealed with `key`, was altered, or has expired. */
export function openFlow(value: string, key: Buffer, now = Date.now()): OidcFlow | undefined {
  const raw = Buffer.from(value, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const flow = JSON.parse(text) as OidcFlow;
    if (typeof flow.expiresAt !== 'number' || flow.expiresAt <= now) return undefined;
    return flow;
  } catch {
    return undefined;
  }
}

/**
 * Flow ids already used in this process, kept until they would have expired anyway. A replayed cookie is refused here
 * before the IdP is asked; across API processes the IdP's one-time authorization code (bound to the PKCE verifier)
 * refuses the second use.
 */
export class OneUseRegistry {
  private readonly used = new Map<string, number>();

  /** True the first time an id is presented; false for every later use. */
  consume(id: string, expiresAt: number, now = Date.now()): boolean {
    for (const [k, exp] of this.used) if (exp <= now) this.used.delete(k);
    if (this.used.has(id)) return false;
    this.used.set(id, expiresAt);
    return true;
  }
}

/** A same-site path to return to, or undefined: never another origin (`//host`, `/\host`) or a scheme. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  return /^[\x21-\x7e]+$/.test(value) ? value : undefined;
}
