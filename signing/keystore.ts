import { randomBytes, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { officialFields } from './certinfo';
import { SigningError } from './errors';
import { certToDer, certToPem, derToPem, generateRsaKeyPair, issueCertificate, openPkcs12, pkcs12Certificates, toPkcs12, type NameAttr, type UnlockedKey } from './pki';

/**
 * Filesystem key store of the stand-in PKI (the app passes `${DATA_DIR}/keys`):
 *
 *   ca/root.p12, ca/root.pem                 stand-in root CA
 *   ca/issuing-ca.p12, ca/issuing-ca.pem     issuing CA that certifies officials and the TSA
 *   ca/tsa.p12, ca/tsa.pem                   stand-in time-stamping authority
 *   officials/<id>.p12                       one per signing official: key + chain (the source of truth)
 *   officials/<id>.pem                       a copy of the official's certificate, for people and tools
 *
 * The CA and TSA are services, so their containers are protected by a passphrase from configuration. An
 * official's container is protected by the passphrase the official chooses; it is never stored or logged.
 */

/** Development default for the CA/TSA containers; production configuration supplies its own. */
export { DEV_CA_PASSPHRASE } from '../config/dev-passphrase';
import { DEV_CA_PASSPHRASE } from '../config/dev-passphrase';

const STAND_IN_O = 'usulan - BSrE Stand-in (otoritas tiruan untuk pengembangan, bukan BSSN)';
export const STAND_IN_NAMES = {
  root: 'BSrE Stand-in Root CA (usulan, BUKAN BSrE)',
  issuingCa: 'BSrE Stand-in Issuing CA (usulan, BUKAN BSrE)',
  tsa: 'BSrE Stand-in TSA (usulan, BUKAN BSrE)',
} as const;

export interface StandInPki {
  keysDir: string;
  rootCertPem: string;
  issuingCaCertPem: string;
  tsaCertPem: string;
  /** issuing CA then root, PEM: what a verifier needs besides the trusted root */
  chainPem: string;
}

export interface OfficialIdentity {
  id: string;
  name: string;
  nip: string;
  jabatan: string;
}

export interface EnrolledOfficial extends OfficialIdentity {
  certPem: string;
  /** SHA-256 fingerprint of the certificate, upper-case hex with colons */
  fingerprint256: string;
  notAfter: Date;
  /** false when the official was already enrolled and the existing certificate was returned */
  created: boolean;
}

const caDir = (keysDir: string): string => path.join(keysDir, 'ca');
const officialsDir = (keysDir: string): string => path.join(keysDir, 'officials');

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
function officialPath(keysDir: string, id: string, ext: 'p12' | 'pem'): string {
  if (!ID_RE.test(id)) throw new SigningError('UNKNOWN_SIGNER', `Identitas penanda tangan tidak sah: ${JSON.stringify(id)}`);
  return path.join(officialsDir(keysDir), `${id}.${ext}`);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function readPki(keysDir: string): Promise<StandInPki> {
  const dir = caDir(keysDir);
  const [rootCertPem, issuingCaCertPem, tsaCertPem] = await Promise.all(
    ['root.pem', 'issuing-ca.pem', 'tsa.pem'].map((f) => fs.readFile(path.join(dir, f), 'utf8')),
  );
  return { keysDir, rootCertPem, issuingCaCertPem, tsaCertPem, chainPem: issuingCaCertPem + rootCertPem };
}

const subject = (cn: string): NameAttr[] => [
  { type: 'C', value: 'ID' },
  { type: 'O', value: STAND_IN_O, utf8: true },
  { type: 'CN', value: cn, utf8: true },
];

/**
 * Creates the stand-in root CA, issuing CA and TSA once. Idempotent and safe against concurrent callers:
 * the whole set is written to a private temporary directory and renamed into place, so exactly one set wins.
 */
export async function ensureStandInPki(keysDir: string, opts: { caPassphrase?: string } = {}): Promise<StandInPki> {
  const pass = opts.caPassphrase ?? DEV_CA_PASSPHRASE;
  if (await exists(path.join(caDir(keysDir), 'tsa.pem'))) return readPki(keysDir);
  await fs.mkdir(keysDir, { recursive: true, mode: 0o700 });

  const rootKeys = generateRsaKeyPair();
  const root = issueCertificate({ subject: subject(STAND_IN_NAMES.root), publicKey: rootKeys.publicKey, issuer: null, signingKey: rootKeys.privateKey, profile: 'root', validDays: 20 * 365 });
  const caKeys = generateRsaKeyPair();
  const ca = issueCertificate({ subject: subject(STAND_IN_NAMES.issuingCa), publicKey: caKeys.publicKey, issuer: { cert: root, key: rootKeys.privateKey }, signingKey: rootKeys.privateKey, profile: 'issuing-ca', validDays: 10 * 365 });
  const tsaKeys = generateRsaKeyPair();
  const tsa = issueCertificate({ subject: subject(STAND_IN_NAMES.tsa), publicKey: tsaKeys.publicKey, issuer: { cert: ca, key: caKeys.privateKey }, signingKey: caKeys.privateKey, profile: 'tsa', validDays: 5 * 365 });

  const tmp = await fs.mkdtemp(path.join(keysDir, '.ca-'));
  try {
    await Promise.all([
      fs.writeFile(path.join(tmp, 'root.p12'), toPkcs12(rootKeys.privateKey, [root], pass, 'stand-in root'), { mode: 0o600 }),
      fs.writeFile(path.join(tmp, 'issuing-ca.p12'), toPkcs12(caKeys.privateKey, [ca, root], pass, 'stand-in issuing CA'), { mode: 0o600 }),
      fs.writeFile(path.join(tmp, 'tsa.p12'), toPkcs12(tsaKeys.privateKey, [tsa, ca, root], pass, 'stand-in TSA'), { mode: 0o600 }),
      fs.writeFile(path.join(tmp, 'root.pem'), certToPem(root)),
      fs.writeFile(path.join(tmp, 'issuing-ca.pem'), certToPem(ca)),
      fs.writeFile(path.join(tmp, 'tsa.pem'), certToPem(tsa)),
    ]);
    await fs.rename(tmp, caDir(keysDir));
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    // Another process created the PKI between our check and our rename: use theirs.
  }
  return readPki(keysDir);
}

async function openServiceKey(keysDir: string, file: string, caPassphrase: string | undefined, label: string): Promise<UnlockedKey> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(caDir(keysDir), file));
  } catch (err) {
    throw new SigningError('KEYSTORE_CORRUPT', `PKI stand-in belum dibuat di ${keysDir} (panggil ensureStandInPki)`, { cause: err });
  }
  return openPkcs12(bytes, caPassphrase ?? DEV_CA_PASSPHRASE, label);
}

export const openTsaKey = (keysDir: string, caPassphrase?: string): Promise<UnlockedKey> =>
  openServiceKey(keysDir, 'tsa.p12', caPassphrase, 'TSA stand-in');

function describe(id: string, certPem: string, created: boolean): EnrolledOfficial {
  const x = new X509Certificate(certPem);
  return { id, ...officialFields(x.raw), certPem, fingerprint256: x.fingerprint256, notAfter: new Date(x.validTo), created };
}

async function readEnrolled(keysDir: string, id: string): Promise<EnrolledOfficial> {
  const certs = pkcs12Certificates(await readOfficialP12(keysDir, id));
  if (certs.length === 0) throw new SigningError('KEYSTORE_CORRUPT', `Berkas kunci ${id} tidak memuat sertifikat`);
  return describe(id, derToPem(certs[0]), false);
}

/**
 * Issues a certificate and a passphrase-protected PKCS#12 for a signing official. Idempotent: if the
 * official is already enrolled, the existing certificate is returned unchanged (`created: false`) and the
 * passphrase given now is ignored; re-keying is a separate, deliberate act.
 */
export async function enrolOfficial(
  keysDir: string,
  official: OfficialIdentity & { passphrase: string },
  opts: { caPassphrase?: string; validDays?: number } = {},
): Promise<EnrolledOfficial> {
  if (!ID_RE.test(official.id)) throw new SigningError('INVALID_OFFICIAL', `Identitas penanda tangan tidak sah: ${JSON.stringify(official.id)}`);
  const p12Path = officialPath(keysDir, official.id, 'p12');
  if (await exists(p12Path)) return readEnrolled(keysDir, official.id);
  const name = official.name.trim();
  const nip = official.nip.replace(/\s+/g, '');
  const jabatan = official.jabatan.trim();
  if (!name || !nip || !jabatan) throw new SigningError('INVALID_OFFICIAL', 'Nama, NIP dan jabatan pejabat wajib diisi');
  if (official.passphrase.length < 8) throw new SigningError('WEAK_PASSPHRASE', 'Frasa sandi minimal 8 karakter');

  await ensureStandInPki(keysDir, opts);
  const ca = await openServiceKey(keysDir, 'issuing-ca.p12', opts.caPassphrase, 'CA stand-in');
  const keys = generateRsaKeyPair();
  const cert = issueCertificate({
    subject: [
      { type: 'C', value: 'ID' },
      { type: 'O', value: 'usulan - sertifikat uji dari BSrE Stand-in (BUKAN BSrE)', utf8: true },
      { type: 'CN', value: name, utf8: true },
      { type: '2.5.4.5', value: nip },
      { type: '2.5.4.12', value: jabatan, utf8: true },
    ],
    publicKey: keys.publicKey,
    issuer: { cert: ca.forgeCerts[0], key: ca.forgeKey },
    signingKey: ca.forgeKey,
    profile: 'signer',
    validDays: opts.validDays ?? 2 * 365,
  });
  const p12 = toPkcs12(keys.privateKey, [cert, ...ca.forgeCerts], official.passphrase, name);
  const certPem = derToPem(certToDer(cert));

  await fs.mkdir(officialsDir(keysDir), { recursive: true, mode: 0o700 });
  const tmp = path.join(officialsDir(keysDir), `.${official.id}.${randomBytes(6).toString('hex')}.tmp`);
  await fs.writeFile(tmp, p12, { mode: 0o600 });
  try {
    // link() never replaces an existing file: of two concurrent enrolments of one id, the first wins.
    await fs.link(tmp, p12Path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readEnrolled(keysDir, official.id);
  } finally {
    await fs.rm(tmp, { force: true });
  }
  // Convenience copy for people and tools; the .p12 stays the source of truth.
  await fs.writeFile(officialPath(keysDir, official.id, 'pem'), certPem);
  return describe(official.id, certPem, true);
}

export async function readOfficialP12(keysDir: string, id: string): Promise<Buffer> {
  try {
    return await fs.readFile(officialPath(keysDir, id, 'p12'));
  } catch (err) {
    if (err instanceof SigningError) throw err;
    throw new SigningError('UNKNOWN_SIGNER', `Pejabat penanda tangan ${id} belum terdaftar`, { cause: err });
  }
}

/** The official's certificate (public), e.g. for a profile page; null if not enrolled. */
export async function getOfficialCertificate(keysDir: string, id: string): Promise<EnrolledOfficial | null> {
  if (!(await exists(officialPath(keysDir, id, 'p12')))) return null;
  return readEnrolled(keysDir, id);
}
