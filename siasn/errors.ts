/**
 * What can go wrong when SIASN is asked (SIASN.md §7.1, §9.1), sorted by what heals it: waiting (an outage), a person
 * (credentials or an SSO token only an admin can renew), or nothing (SIASN refused the request itself). An answer that
 * arrives but cannot be read is not an error: the client returns it as refused, with its reason and raw text.
 */
export type SiasnFailureKind = 'TIDAK_TERSEDIA' | 'PERLU_TINDAKAN' | 'DITOLAK';

export class SiasnError extends Error {
  constructor(readonly kind: SiasnFailureKind, message: string, readonly httpStatus?: number, readonly body?: string) {
    super(message);
    this.name = 'SiasnError';
  }

  /** Temporal retries only what waiting can heal. */
  get retryable(): boolean {
    return this.kind === 'TIDAK_TERSEDIA';
  }
}

/** SUSPENDED, 5xx, 429, a timeout, a reset connection: SIASN or its gateway is away; retry with backoff. */
export class SiasnUnavailable extends SiasnError {
  constructor(message: string, httpStatus?: number, body?: string) {
    super('TIDAK_TERSEDIA', message, httpStatus, body);
    this.name = 'SiasnUnavailable';
  }
}

/** The tokens were refreshed once and SIASN still refuses them, or the token endpoint refuses the credentials. */
export class SiasnAuthNeedsHuman extends SiasnError {
  constructor(message: string, httpStatus?: number, body?: string) {
    super('PERLU_TINDAKAN', message, httpStatus, body);
    this.name = 'SiasnAuthNeedsHuman';
  }
}

/** A 4xx other than 401/404: the request itself is refused; asking again gives the same answer. */
export class SiasnRejected extends SiasnError {
  constructor(message: string, httpStatus?: number, body?: string) {
    super('DITOLAK', message, httpStatus, body);
    this.name = 'SiasnRejected';
  }
}
