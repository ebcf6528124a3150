import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalSigner, DEV_CA_PASSPHRASE, enrolOfficial, ensureStandInPki, getOfficialCertificate, STAND_IN_NAMES } from '../../signing';
import { officialFields } from '../../signing/certinfo';
import { KEPALA } from './fixtures';

const created: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'usulan-keys-'));
  created.push(dir);
  return path.join(dir, 'keys');
};
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const openssl = (args: string[]): string => {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
};
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('the stand-in PKI', () => {
  let keysDir: string;
  beforeAll(async () => {
    keysDir = fresh();
    await ensureStandInPki(keysDir);
    await enrolOfficial(keysDir, KEPALA);
  });

  it('is created once: repeated and concurrent calls return the same root', async () => {
    const dir = fresh();
    const results = await Promise.all([ensureStandInPki(dir), ensureStandInPki(dir), ensureStandInPki(dir)]);
    expect(new Set(results.map((r) => r.rootCertPem)).size).toBe(1);
    expect((await ensureStandInPki(dir)).rootCertPem).toBe(results[0].rootCertPem);
  });

  it('names itself a stand-in, not BSrE, in every CA and TSA certificate', async () => {
    const pki = await ensureStandInPki(keysDir);
    const cn = (pem: string): string => officialFields(new X509Certificate(pem).raw).name;
    expect(cn(pki.rootCertPem)).toBe('BSrE Stand-in Root CA (usulan, BUKAN BSrE)');
    expect(cn(pki.issuingCaCertPem)).toBe(STAND_IN_NAMES.issuingCa);
    expect(cn(pki.tsaCertPem)).toBe(STAND_IN_NAMES.tsa);
    for (const pem of [pki.rootCertPem, pki.issuingCaCertPem, pki.tsaCertPem]) expect(cn(pem)).toMatch(/BUKAN BSrE/);
  });

  it('gives the TSA a critical timeStamping extended key usage, issued under the stand-in root', async () => {
    const pki = await ensureStandInPki(keysDir);
    const text = openssl(['x509', '-noout', '-text', '-in', path.join(keysDir, 'ca', 'tsa.pem')]);
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
    const tsa = new X509Certificate(pki.tsaCertPem);
    expect(tsa.checkIssued(new X509Certificate(pki.issuingCaCertPem))).toBe(true);
    expect(new X509Certificate(pki.issuingCaCertPem).verify(new X509Certificate(pki.rootCertPem).publicKey)).toBe(true);
  });

  it('issues an official a certificate with the NIP as serialNumber, the jabatan as title and signing key usages', async () => {
    const official = await getOfficialCertificate(keysDir, KEPALA.id);
    expect(official).toMatchObject({ name: KEPALA.name, nip: KEPALA.nip, jabatan: KEPALA.jabatan });
    const text = openssl(['x509', '-noout', '-text', '-nameopt', 'RFC2253', '-in', path.join(keysDir, 'officials', `${KEPALA.id}.pem`)]);
    expect(text).toContain(`serialNumber=${KEPALA.nip}`);
    expect(text).toContain(`title=${KEPALA.jabatan}`);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/CA:FALSE/);
  });

  it('returns the existing certificate when an official is enrolled again, even concurrently', async () => {
    const first = await getOfficialCertificate(keysDir, KEPALA.id);
    const again = await enrolOfficial(keysDir, { ...KEPALA, passphrase: 'lain-lagi-2025' });
    expect(again.created).toBe(false);
    expect(again.fingerprint256).toBe(first!.fingerprint256);
    const dir = fresh();
    const racing = await Promise.all([1, 2, 3].map(() => enrolOfficial(dir, KEPALA)));
    expect(new Set(racing.map((r) => r.fingerprint256)).size).toBe(1);
    expect(racing.filter((r) => r.created).length).toBeGreaterThanOrEqual(1);
    await expect(createLocalSigner(dir).unlock(KEPALA.id, KEPALA.passphrase)).resolves.toBeDefined();
  });

  it('keeps the private key in PKCS#12 encrypted with AES-256 (PBES2), not 3DES', () => {
    const info = openssl(['pkcs12', '-info', '-noout', '-in', path.join(keysDir, 'officials', `${KEPALA.id}.p12`), '-passin', `pass:${KEPALA.passphrase}`]);
    expect(info).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
    expect(info).not.toMatch(/3DES|TripleDES|RC2/i);
    const ca = openssl(['pkcs12', '-info', '-noout', '-in', path.join(keysDir, 'ca', 'issuing-ca.p12'), '-passin', `pass:${DEV_CA_PASSPHRASE}`]);
    expect(ca).toMatch(/AES-256-CBC/);
  });

  it('never writes the official\'s passphrase to the key store', () => {
    const needles = [Buffer.from(KEPALA.passphrase, 'utf8'), Buffer.from(KEPALA.passphrase, 'utf16le').swap16()];
    for (const file of filesUnder(keysDir)) {
      const bytes = readFileSync(file);
      for (const n of needles) expect(bytes.includes(n)).toBe(false);
    }
  });

  it('protects the CA and TSA containers with the configured passphrase', async () => {
    const dir = fresh();
    await ensureStandInPki(dir, { caPassphrase: 'konfigurasi-produksi' });
    expect(openssl(['pkcs12', '-info', '-noout', '-in', path.join(dir, 'ca', 'tsa.p12'), '-passin', 'pass:konfigurasi-produksi'])).toMatch(/AES-256-CBC/);
    await expect(enrolOfficial(dir, KEPALA)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(enrolOfficial(dir, KEPALA, { caPassphrase: 'konfigurasi-produksi' })).resolves.toMatchObject({ created: true });
  });

  it('refuses weak passphrases and incomplete or unsafe identities', async () => {
    await expect(enrolOfficial(keysDir, { ...KEPALA, id: 'baru', passphrase: 'pendek' })).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    await expect(enrolOfficial(keysDir, { ...KEPALA, id: 'baru', nip: ' ' })).rejects.toMatchObject({ code: 'INVALID_OFFICIAL' });
    await expect(enrolOfficial(keysDir, { ...KEPALA, id: '../escape' })).rejects.toMatchObject({ code: 'INVALID_OFFICIAL' });
  });
});
