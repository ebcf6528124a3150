import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf from '@signpdf/signpdf';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import {
  BsreSignerBackend,
  createLocalSigner,
  enrolOfficial,
  extractCms,
  extractTimestampToken,
  signPdf,
  SigningError,
  verifyPdf,
  type ByteRange,
  type SignerBackend,
  type SigningSession,
} from '../../signing';
import { KABID, KEPALA, makePki, nssDbTrusting, pdfsig, pdfsigBlocks, skLikePdf, type Pki } from './fixtures';

const VERIFY_URL = 'https://usulan.example.go.id/verifikasi/DOC-4f7c1a9e2b';
const opts = { reason: 'Penetapan SK Kenaikan Pangkat', location: 'Semarang', verificationUrl: VERIFY_URL };

let pki: Pki;
let nss: string;
let backend: SignerBackend;
let kepala: SigningSession;
let kabid: SigningSession;
let unsigned: Uint8Array;
let signedOnce: Uint8Array;
let signedTwice: Uint8Array;
const tmpDirs: string[] = [];

beforeAll(async () => {
  pki = await makePki();
  tmpDirs.push(pki.tmp);
  nss = nssDbTrusting(pki.rootCertPem, pki.tmp);
  backend = createLocalSigner(pki.keysDir);
  kepala = await backend.unlock(KEPALA.id, KEPALA.passphrase);
  kabid = await backend.unlock(KABID.id, KABID.passphrase);
  unsigned = await skLikePdf();
  signedOnce = await kepala.sign(unsigned, opts);
  // A Pertek: the head of division initials (paraf) first, then the head signs.
  // The paraf goes into a small box (the documents/ renderer reserves 80 x 40 pt), which gets the compact stamp.
  const paraf = await kabid.sign(unsigned, { ...opts, reason: 'Paraf', stamp: { pageIndex: 0, rect: [200, 60, 80, 40] } });
  signedTwice = await kepala.sign(paraf, opts);
});

afterAll(() => {
  kepala?.close();
  kabid?.close();
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

const flipByte = (pdf: Uint8Array, at: number): Uint8Array => {
  const copy = Uint8Array.from(pdf);
  copy[at] ^= 0x01;
  return copy;
};

function byteRangeOf(pdf: Uint8Array, nth = 0): ByteRange {
  const text = Buffer.from(pdf).toString('latin1');
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  return all[nth].slice(1, 5).map(Number) as ByteRange;
}

function signedBytes(pdf: Uint8Array, r: ByteRange): Buffer {
  return Buffer.concat([pdf.subarray(r[0], r[0] + r[1]), pdf.subarray(r[2], r[2] + r[3])]);
}

function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('a PDF signed by the local stand-in', () => {
  it('is reported by pdfsig as a valid, trusted ETSI.CAdES.detached signature over the whole document', () => {
    const report = pdfsig(nss, signedOnce, pki.tmp);
    expect(pdfsigBlocks(report)).toHaveLength(1);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Certificate is Trusted.');
    expect(report).toContain('Total document signed');
    expect(report).toContain(`Signer Certificate Common Name: ${KEPALA.name}`);
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
  });

  it('is reported by pdfsig as a digest mismatch once one signed byte changes', () => {
    // Byte 10 lies in the binary comment after the header: the file still parses, only its hash changes.
    const report = pdfsig(nss, flipByte(signedOnce, 10), pki.tmp);
    expect(report).toContain('Digest Mismatch.');
    expect(report).not.toContain('Signature is Valid.');
  });

  it('carries a CMS that openssl cms -verify accepts for the signed byte ranges', () => {
    const range = byteRangeOf(signedOnce);
    const dir = pki.tmp;
    writeFileSync(path.join(dir, 'sig.der'), extractCms(signedOnce, range));
    writeFileSync(path.join(dir, 'signed.bin'), signedBytes(signedOnce, range));
    writeFileSync(path.join(dir, 'chain.pem'), pki.chainPem);
    const r = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'sig.der'), '-content', path.join(dir, 'signed.bin'),
      '-CAfile', path.join(dir, 'chain.pem'), '-purpose', 'any', '-out', '/dev/null']);
    expect(r.out).toContain('Verification successful');
    expect(r.status).toBe(0);
  });

  it('carries signed attributes contentType, messageDigest and signingCertificateV2 and no signingTime', () => {
    const cms = extractCms(signedOnce, byteRangeOf(signedOnce));
    const printed = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER'], { input: cms, encoding: 'utf8' }).stdout;
    const signedAttrs = printed.slice(printed.indexOf('signedAttrs:'), printed.indexOf('signatureAlgorithm:', printed.indexOf('signedAttrs:')));
    expect(signedAttrs).toContain('contentType');
    expect(signedAttrs).toContain('messageDigest');
    expect(signedAttrs).toMatch(/id-smime-aa-signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(signedAttrs).not.toContain('signingTime');
    expect(printed).toMatch(/unsignedAttrs:[\s\S]*(id-smime-aa-timeStampToken|1\.2\.840\.113549\.1\.9\.16\.2\.14)/);
  });

  it('carries an RFC 3161 time-stamp over the signature value that openssl ts -verify accepts', () => {
    const ts = extractTimestampToken(extractCms(signedOnce, byteRangeOf(signedOnce)));
    expect(ts).not.toBeNull();
    const dir = pki.tmp;
    writeFileSync(path.join(dir, 'token.der'), ts!.token);
    writeFileSync(path.join(dir, 'sigvalue.bin'), ts!.signatureValue);
    writeFileSync(path.join(dir, 'root.pem'), pki.rootCertPem);
    writeFileSync(path.join(dir, 'tsa-chain.pem'), pki.tsaCertPem + pki.issuingCaCertPem);
    const r = run('openssl', ['ts', '-verify', '-in', path.join(dir, 'token.der'), '-token_in', '-data', path.join(dir, 'sigvalue.bin'),
      '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'tsa-chain.pem')]);
    expect(r.out).toContain('Verification: OK');
    const wrong = Buffer.from(ts!.signatureValue);
    wrong[0] ^= 1;
    writeFileSync(path.join(dir, 'sigvalue-wrong.bin'), wrong);
    const bad = run('openssl', ['ts', '-verify', '-in', path.join(dir, 'token.der'), '-token_in', '-data', path.join(dir, 'sigvalue-wrong.bin'),
      '-CAfile', path.join(dir, 'root.pem'), '-untrusted', path.join(dir, 'tsa-chain.pem')]);
    expect(bad.out).not.toContain('Verification: OK');
  });

  it('shows the stamp as the appearance of a signature widget at the bottom right of the last page by default', async () => {
    const threePages = await kepala.sign(await skLikePdf(3), opts);
    const doc = await PDFDocument.load(threePages);
    const last = doc.getPage(2);
    const annots = last.node.lookup(PDFName.of('Annots'), PDFArray);
    const widget = doc.context.lookup(annots.get(0), PDFDict);
    expect(widget.get(PDFName.of('FT'))).toBe(PDFName.of('Sig'));
    const rect = widget.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    const { width } = last.getSize();
    expect(rect[0]).toBeGreaterThan(width / 2);
    expect(rect[1]).toBeLessThan(100);
    expect(widget.lookup(PDFName.of('AP'), PDFDict).get(PDFName.of('N'))).toBeInstanceOf(PDFRef);
    expect(doc.getPage(0).node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.size() ?? 0).toBe(0);
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(acroForm.lookup(PDFName.of('SigFlags'), PDFNumber).asNumber()).toBe(3);
  });

  it('draws name, NIP, jabatan, date, QR code and the stand-in footer in the stamp', async () => {
    const dir = pki.tmp;
    const file = path.join(dir, 'stamp.pdf');
    writeFileSync(file, signedOnce);
    const text = run('pdftotext', ['-layout', file, '-']).out.replace(/\s+/g, ' ');
    // pdftotext ignores widget appearances, so the stamp is checked through a flattened rendering.
    const flat = run('pdftocairo', ['-pdf', file, path.join(dir, 'flat.pdf')]);
    expect(flat.status).toBe(0);
    const stampText = run('pdftotext', [path.join(dir, 'flat.pdf'), '-']).out.replace(/\s+/g, ' ');
    expect(text).toContain('KEPUTUSAN KEPALA BADAN KEPEGAWAIAN DAERAH');
    expect(stampText).toContain(KEPALA.name);
    expect(stampText).toContain(`NIP ${KEPALA.nip}`);
    expect(stampText).toContain('Kepala Badan Kepegawaian Daerah');
    expect(stampText).toMatch(/\d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB/);
    expect(stampText).toContain('BSrE Stand-in (otoritas tiruan untuk pengembangan, bukan BSSN)');
  });
});

describe('a Pertek initialled and then signed', () => {
  it('keeps the first signature valid, not covering the total document, and the second valid over everything (pdfsig)', () => {
    const blocks = pdfsigBlocks(pdfsig(nss, signedTwice, pki.tmp));
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain(KABID.name);
    expect(blocks[0]).toContain('Signature is Valid.');
    expect(blocks[0]).toContain('Certificate is Trusted.');
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain(KEPALA.name);
    expect(blocks[1]).toContain('Signature is Valid.');
    expect(blocks[1]).toContain('Total document signed');
  });

  it('is an incremental update: the first revision is a byte-for-byte prefix of the signed file', async () => {
    const paraf = await kabid.sign(unsigned, { ...opts, reason: 'Paraf', signedAt: new Date('2025-03-12T03:00:00Z') });
    const twice = await kepala.sign(paraf, opts);
    expect(Buffer.from(twice.subarray(0, paraf.length)).equals(Buffer.from(paraf))).toBe(true);
    const tail = Buffer.from(twice.subarray(paraf.length)).toString('latin1');
    expect(tail).toMatch(/\nxref\n/);
    expect(tail).toMatch(/\/Prev \d+/);
    expect(tail.trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('shows both stamps: the initial on the page, the signature widget added in the update', async () => {
    const doc = await PDFDocument.load(signedTwice);
    const annots = doc.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
    expect(annots.size()).toBe(2);
    const names = annots.asArray().map((r) => doc.context.lookup(r, PDFDict).get(PDFName.of('T'))?.toString());
    expect(names).toEqual(['(TTE1)', '(TTE2)']);
  });
});

describe('verifyPdf', () => {
  it('reports a signed SK as valid, chained to the stand-in root, time-stamped, with the official from the certificate', async () => {
    const result = await verifyPdf(signedOnce, { trustedRootsPem: [pki.rootCertPem] });
    expect(result.allValid).toBe(true);
    expect(result.signatures).toHaveLength(1);
    const [s] = result.signatures;
    expect(s).toMatchObject({
      signerName: KEPALA.name,
      signerNip: KEPALA.nip,
      jabatan: KEPALA.jabatan,
      valid: true,
      coversWholeDocument: true,
      chainToRoot: true,
      subFilter: 'ETSI.CAdES.detached',
      reason: opts.reason,
      location: 'Semarang',
      problems: [],
    });
    expect(s.timestamp.present).toBe(true);
    expect(s.timestamp.valid).toBe(true);
    expect(Math.abs(s.timestamp.time!.getTime() - Date.now())).toBeLessThan(120_000);
    expect(s.signedAt).toEqual(s.timestamp.time);
  });

  it('agrees with pdfsig on the two-signature Pertek', async () => {
    const result = await verifyPdf(signedTwice, { trustedRootsPem: [pki.rootCertPem] });
    expect(result.signatures.map((s) => [s.signerName, s.valid, s.coversWholeDocument, s.chainToRoot, s.timestamp.valid])).toEqual([
      [KABID.name, true, false, true, true],
      [KEPALA.name, true, true, true, true],
    ]);
    expect(result.signatures[0].signedRevisionLength).toBeLessThan(signedTwice.length);
  });

  it('reports the signature invalid after one signed byte changes', async () => {
    const result = await verifyPdf(flipByte(signedOnce, 10), { trustedRootsPem: [pki.rootCertPem] });
    expect(result.allValid).toBe(false);
    expect(result.signatures[0].valid).toBe(false);
    expect(result.signatures[0].problems.join(' ')).toMatch(/message digest/);
  });

  it('reports invalid when a byte of the signature container itself changes', async () => {
    const range = byteRangeOf(signedOnce);
    // Inside the hex string, near its start: in the signer certificate's bytes.
    const result = await verifyPdf(flipByte(signedOnce, range[1] + 1200), { trustedRootsPem: [pki.rootCertPem] });
    expect(result.allValid).toBe(false);
  });

  it('does not chain to a root it was not told to trust', async () => {
    const other = await makePki();
    tmpDirs.push(other.tmp);
    const result = await verifyPdf(signedOnce, { trustedRootsPem: [other.rootCertPem] });
    expect(result.signatures[0].valid).toBe(true);
    expect(result.signatures[0].chainToRoot).toBe(false);
    expect(result.signatures[0].timestamp.valid).toBe(false);
    expect(result.allValid).toBe(false);
  });

  it('finds no signature in an unsigned PDF', async () => {
    const result = await verifyPdf(unsigned, { trustedRootsPem: [pki.rootCertPem] });
    expect(result.signatures).toEqual([]);
    expect(result.allValid).toBe(false);
  });
});

describe('interoperability', () => {
  it('signs for an official whose name has characters the standard fonts cannot show, keeping the exact name in the certificate', async () => {
    const official = { id: 'nama-unicode', name: 'Ṣiti Nur Āisyah Wiśnu', nip: '199001012015032001', jabatan: 'Kepala Seksi Mutasi – Wilayah I', passphrase: 'frasa-sandi-unicode' };
    await enrolOfficial(pki.keysDir, official);
    const signed = await signPdf({ pdf: unsigned, signer: official.id, passphrase: official.passphrase, backend, ...opts });
    const result = await verifyPdf(signed, { trustedRootsPem: [pki.rootCertPem] });
    expect(result.allValid).toBe(true);
    expect(result.signatures[0]).toMatchObject({ signerName: official.name, jabatan: official.jabatan });
    expect(pdfsig(nss, signed, pki.tmp)).toContain('Signature is Valid.');
  });

  it('verifies an adbe.pkcs7.detached signature made by @signpdf with the same certificate', async () => {
    // placeholder-plain reads only classic cross-reference tables.
    const classic = await (await PDFDocument.load(unsigned)).save({ useObjectStreams: false });
    const withPlaceholder = plainAddPlaceholder({ pdfBuffer: Buffer.from(classic), reason: 'uji', contactInfo: '', name: KEPALA.name, location: 'Jakarta' });
    const p12 = readFileSync(path.join(pki.keysDir, 'officials', `${KEPALA.id}.p12`));
    const signed = await signpdf.sign(withPlaceholder, new P12Signer(p12, { passphrase: KEPALA.passphrase }));
    const result = await verifyPdf(signed, { trustedRootsPem: [pki.rootCertPem] });
    expect(result.signatures[0]).toMatchObject({ subFilter: 'adbe.pkcs7.detached', valid: true, chainToRoot: true, signerNip: KEPALA.nip });
    expect(result.signatures[0].timestamp.present).toBe(false);
    // A stand-in signature added on top is an incremental update that leaves the @signpdf one valid.
    const both = await kepala.sign(signed, opts);
    expect(pdfsigBlocks(pdfsig(nss, both, pki.tmp)).map((b) => b.includes('Signature is Valid.'))).toEqual([true, true]);
  });
});

describe('unlocking and signing errors', () => {
  it('refuses a wrong passphrase with WRONG_PASSPHRASE and produces no signature', async () => {
    const attempt = signPdf({ pdf: unsigned, signer: KEPALA.id, passphrase: 'salah-ketik', backend, ...opts });
    await expect(attempt).rejects.toBeInstanceOf(SigningError);
    await expect(attempt).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  it('does not mention the passphrase in the error', async () => {
    const err = await backend.unlock(KEPALA.id, 'rahasia-yang-salah').catch((e: unknown) => e);
    expect(String((err as Error).message)).not.toContain('rahasia-yang-salah');
  });

  it('refuses a signer that was never enrolled with UNKNOWN_SIGNER', async () => {
    await expect(backend.unlock('tidak-ada', 'apa-saja-123')).rejects.toMatchObject({ code: 'UNKNOWN_SIGNER' });
    await expect(backend.unlock('../keys/ca/root', 'apa-saja-123')).rejects.toMatchObject({ code: 'UNKNOWN_SIGNER' });
  });

  it('signs in one shot with signPdf', async () => {
    const signed = await signPdf({ pdf: unsigned, signer: KABID.id, passphrase: KABID.passphrase, backend, ...opts });
    const result = await verifyPdf(signed, { trustedRootsPem: [pki.rootCertPem] });
    expect(result.allValid).toBe(true);
    expect(result.signatures[0].signerName).toBe(KABID.name);
  });

  it('refuses a closed session with SESSION_CLOSED', async () => {
    const session = await backend.unlock(KABID.id, KABID.passphrase);
    session.close();
    await expect(session.sign(unsigned, opts)).rejects.toMatchObject({ code: 'SESSION_CLOSED' });
  });

  it('refuses bytes that are not a PDF with BAD_PDF', async () => {
    await expect(kepala.sign(Buffer.from('bukan pdf'), opts)).rejects.toMatchObject({ code: 'BAD_PDF' });
  });

  it('refuses a stamp on a page that does not exist, or a box too small to read, with BAD_STAMP', async () => {
    await expect(kepala.sign(unsigned, { ...opts, stamp: { pageIndex: 5 } })).rejects.toMatchObject({ code: 'BAD_STAMP' });
    await expect(kepala.sign(unsigned, { ...opts, stamp: { pageIndex: 0, rect: [100, 100, 30, 12] } })).rejects.toMatchObject({ code: 'BAD_STAMP' });
  });

  it('has a BSrE back end that refuses clearly until configured', async () => {
    await expect(new BsreSignerBackend().unlock(KEPALA.id, KEPALA.passphrase)).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
  });
});
