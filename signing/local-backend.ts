import { createHash } from 'node:crypto';
import type { SignerBackend, SigningSession, SignOptions, SignerIdentity } from './backend';
import { officialFields } from './certinfo';
import { LocalTimeStampAuthority, prepareSigner, signPadesCms, type PreparedSigner, type TimeStampAuthority } from './cms';
import { SigningError } from './errors';
import { openTsaKey, readOfficialP12 } from './keystore';
import { preparePdf } from './pades';
import { computeByteRange, DEFAULT_SIGNATURE_BYTES, embedSignatureHex, findPlaceholder, patchByteRange, signedParts } from './placeholder';
import { derToPem, openPkcs12 } from './pki';

export interface LocalSignerOptions {
  /** passphrase of the stand-in TSA's container (configuration; default: the development passphrase) */
  caPassphrase?: string;
  /** a different TSA, or null to produce PAdES-B-B without a time-stamp */
  tsa?: TimeStampAuthority | null;
  /** bytes reserved for the CMS; the stand-in chain plus time-stamp needs about 6 KiB */
  placeholderBytes?: number;
  clock?: () => Date;
}

const identityOf = (id: string, certDer: Buffer): SignerIdentity => ({ id, ...officialFields(certDer), certPem: derToPem(certDer) });

class LocalSession implements SigningSession {
  private prepared: PreparedSigner | null;

  constructor(
    readonly signer: SignerIdentity,
    prepared: PreparedSigner,
    private readonly tsa: () => Promise<TimeStampAuthority | null>,
    private readonly placeholderBytes: number,
    private readonly clock: () => Date,
  ) {
    this.prepared = prepared;
  }

  async sign(pdf: Uint8Array, opts: SignOptions): Promise<Uint8Array> {
    const prepared = this.prepared;
    if (!prepared) throw new SigningError('SESSION_CLOSED', 'Sesi penandatanganan sudah ditutup');
    const signedAt = opts.signedAt ?? this.clock();
    const tsa = await this.tsa();
    const doc = await preparePdf(pdf, {
      reason: opts.reason,
      location: opts.location,
      signerName: this.signer.name,
      signedAt,
      stamp: { name: this.signer.name, nip: this.signer.nip, jabatan: this.signer.jabatan, signedAt, verificationUrl: opts.verificationUrl, timeZone: opts.timeZone },
      pageIndex: opts.stamp?.pageIndex,
      rect: opts.stamp?.rect,
      placeholderBytes: this.placeholderBytes,
    });
    const { bytes } = doc;
    const slot = findPlaceholder(bytes, doc.searchFrom);
    const range = computeByteRange(bytes.length, slot.contents);
    patchByteRange(bytes, slot.byteRange, range);
    const [a, b] = signedParts(bytes, range);
    const digest = createHash('sha256').update(a).update(b).digest();
    let cms: Buffer;
    try {
      cms = await signPadesCms(prepared, digest, tsa);
    } catch (err) {
      throw new SigningError('TIMESTAMP_FAILED', `Cap waktu gagal: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    embedSignatureHex(bytes, slot.contents, cms);
    return bytes;
  }

  close(): void {
    this.prepared = null;
  }
}

/** The back end for the stand-in PKI in `keysDir` (see keystore.ts). */
export function createLocalSigner(keysDir: string, opts: LocalSignerOptions = {}): SignerBackend {
  const clock = opts.clock ?? ((): Date => new Date());
  let tsa: Promise<TimeStampAuthority | null> | undefined = opts.tsa === undefined ? undefined : Promise.resolve(opts.tsa);
  // The TSA's container is opened once per back end and shared by all sessions.
  const getTsa = (): Promise<TimeStampAuthority | null> => {
    if (!tsa) {
      tsa = openTsaKey(keysDir, opts.caPassphrase).then((k) => new LocalTimeStampAuthority(k.key, k.certsDer.slice(0, 2), undefined, clock));
      // A failed open (e.g. PKI not created yet) is retried by the next signature instead of cached.
      void tsa.catch(() => {
        tsa = undefined;
      });
    }
    return tsa;
  };
  const placeholderBytes = opts.placeholderBytes ?? DEFAULT_SIGNATURE_BYTES;

  return {
    kind: 'local-stand-in',
    async unlock(signerId: string, passphrase: string): Promise<SigningSession> {
      const p12 = await readOfficialP12(keysDir, signerId);
      const unlocked = openPkcs12(p12, passphrase, `pejabat ${signerId}`);
      // The CMS carries the signer and its issuing CA; the root is what verifiers already trust.
      const prepared = prepareSigner(unlocked.key, unlocked.certsDer.slice(0, 2));
      return new LocalSession(identityOf(signerId, unlocked.certsDer[0]), prepared, getTsa, placeholderBytes, clock);
    },
  };
}
