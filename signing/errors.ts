export type SigningErrorCode =
  | 'WRONG_PASSPHRASE'
  | 'WEAK_PASSPHRASE'
  | 'INVALID_OFFICIAL'
  | 'UNKNOWN_SIGNER'
  | 'BAD_PDF'
  | 'BAD_STAMP'
  | 'PLACEHOLDER_TOO_SMALL'
  | 'KEYSTORE_CORRUPT'
  | 'TIMESTAMP_FAILED'
  | 'SESSION_CLOSED'
  | 'NOT_CONFIGURED';

/** The one error type of `signing/`; callers branch on `code`, the message is for logs and never holds a passphrase. */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  constructor(
    readonly code: SigningErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
