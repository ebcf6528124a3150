import type { SignerBackend, SigningSession } from './backend';
import { SigningError } from './errors';

/**
 * Shape of the real BSrE signing service: the whole PDF goes in, the signed PDF comes out; BSrE draws
 * the stamp and QR code itself and checks the passphrase on every request. A client implementing this
 * interface (HTTP, mutual TLS, credentials from configuration) can back `BsreSignerBackend` later.
 */
export interface BsreSignRequest {
  /** BSrE identifies certificate holders by NIK, not NIP */
  nik: string;
  passphrase: string;
  pdf: Uint8Array;
  reason: string;
  location: string;
  visible: boolean;
  verificationUrl?: string;
  page?: number;
  rect?: [x: number, y: number, width: number, height: number];
}

export interface BsreClient {
  signPdf(req: BsreSignRequest): Promise<Uint8Array>;
}

export interface BsreBackendConfig {
  client?: BsreClient;
  /** maps our signer id to the official's NIK */
  nikOf?: (signerId: string) => Promise<string>;
}

/** Placeholder for the production back end; refuses clearly until a BSrE client is configured. */
export class BsreSignerBackend implements SignerBackend {
  readonly kind = 'bsre';

  constructor(private readonly config: BsreBackendConfig = {}) {}

  unlock(_signerId: string, _passphrase: string): Promise<SigningSession> {
    return Promise.reject(
      new SigningError(
        'NOT_CONFIGURED',
        this.config.client
          ? 'Back end BSrE belum diimplementasikan: gunakan back end stand-in lokal'
          : 'Layanan BSrE belum dikonfigurasi (tidak ada klien BSrE); gunakan back end stand-in lokal',
      ),
    );
  }
}
