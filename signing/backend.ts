import type { StampRect } from './pades';

/** What a caller asks of one signature. */
export interface SignOptions {
  /** e.g. "Penetapan SK Kenaikan Pangkat" */
  reason: string;
  /** e.g. "Jakarta" */
  location: string;
  /** verification page of this document; the stamp's QR code links to it */
  verificationUrl: string;
  /** stamp position; default: bottom right of the last page */
  stamp?: { pageIndex?: number; rect?: StampRect };
  /** defaults to now; shown on the stamp and written to /M */
  signedAt?: Date;
  /** The signing office's zone: the stamp's time and /M use it (default WIB). */
  timeZone?: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
}

export interface SignerIdentity {
  id: string;
  name: string;
  nip: string;
  jabatan: string;
  /** the signer's certificate, PEM */
  certPem: string;
}

/**
 * A signer's key, unlocked once with the passphrase the official typed. Bulk approval signs many documents
 * through one session; close it when the batch is done.
 */
export interface SigningSession {
  readonly signer: SignerIdentity;
  sign(pdf: Uint8Array, opts: SignOptions): Promise<Uint8Array>;
  close(): void;
}

/** A place signatures come from: the local stand-in PKI now, BSrE later. */
export interface SignerBackend {
  readonly kind: string;
  unlock(signerId: string, passphrase: string): Promise<SigningSession>;
}

export interface SignPdfInput extends SignOptions {
  pdf: Uint8Array;
  /** signer id as enrolled (the local back end uses the id given to enrolOfficial) */
  signer: string;
  passphrase: string;
  backend: SignerBackend;
}

/** One-shot convenience: unlock, sign one document, close. For batches, hold a session instead. */
export async function signPdf(input: SignPdfInput): Promise<Uint8Array> {
  const { pdf, signer, passphrase, backend, ...opts } = input;
  const session = await backend.unlock(signer, passphrase);
  try {
    return await session.sign(pdf, opts);
  } finally {
    session.close();
  }
}
