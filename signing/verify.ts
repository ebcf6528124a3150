import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, ParseSpeeds } from 'pdf-lib';
import { officialFields } from './certinfo';
import { certIssuerAndSerial } from './cms';
import { children, content, DerError, expectTag, raw, readNode, readOid, readTime, TAG, type DerNode } from './der';
import { SigningError } from './errors';
import { DIGEST_BY_OID, OID } from './oids';
import { type ByteRange } from './placeholder';

/**
 * Verification of the PDF signatures in a document: for each signature, whether the signed bytes are
 * unchanged and the CMS signature is mathematically valid, whether the certificate chains to one of the
 * trusted roots, and whether an RFC 3161 signature time-stamp is present and valid.
 *
 * Whether the file is the one in the DMS and whether the decree still stands are questions for the
 * document store and the database; `sha256` and `signedRevisionLength` are what they need.
 */

export interface TimestampReport {
  present: boolean;
  /** imprint matches the signature value, token signature valid, TSA chains to a trusted root */
  valid: boolean;
  time: Date | null;
  tsaName: string | null;
}

export interface SignatureReport {
  fieldName: string | null;
  signerName: string;
  signerNip: string;
  jabatan: string;
  signerCertPem: string | null;
  /** the time-stamp's time when it is valid, otherwise the (unproven) /M of the signature dictionary */
  signedAt: Date | null;
  /** the signed bytes are unchanged (message digest) and the signature over them verifies */
  valid: boolean;
  /** no bytes were appended after this signature (a later signature or edit makes this false) */
  coversWholeDocument: boolean;
  /** length of the revision this signature covers: bytes.subarray(0, signedRevisionLength) */
  signedRevisionLength: number;
  byteRange: ByteRange;
  /** the signer's certificate chains to a trusted root and was valid at the signing time */
  chainToRoot: boolean;
  timestamp: TimestampReport;
  subFilter: string | null;
  reason: string | null;
  location: string | null;
  /** why something above is false, in English, for logs and support */
  problems: string[];
}

export interface PdfVerification {
  /** SHA-256 of the whole file, hex: the DMS key */
  sha256: string;
  signatures: SignatureReport[];
  /** at least one signature, and every one valid, chained to a trusted root, and time-stamped validly if stamped */
  allValid: boolean;
}

export interface VerifyOptions {
  trustedRootsPem: string[];
  /** when there is no valid time-stamp, certificates are checked at this time (default: now) */
  now?: Date;
}

type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const N = (s: string): PDFName => PDFName.of(s);

function hashOf(alg: HashName, ...parts: Uint8Array[]): Buffer {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

function textOf(v: unknown): string | null {
  if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeText();
  if (v instanceof PDFName) return v.decodeText();
  return null;
}

function dateOf(v: unknown): Date | null {
  try {
    if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeDate();
  } catch {
    // an unparsable /M is reported as absent
  }
  return null;
}

interface Attribute {
  type: string;
  values: DerNode[];
}

function readAttributes(node: DerNode): Attribute[] {
  return children(node).map((a) => {
    const [type, set] = children(a);
    return { type: readOid(type), values: set ? children(set) : [] };
  });
}

interface ParsedSignedData {
  certs: Buffer[];
  eContentType: string;
  eContent: Buffer | null;
  signer: {
    sid: DerNode;
    digestAlg: string;
    signedAttrs: DerNode | null;
    signatureAlg: string;
    signature: Buffer;
    unsignedAttrs: DerNode | null;
  };
}

function parseSignedData(der: Buffer): ParsedSignedData {
  const ci = children(expectTag(readNode(der), TAG.SEQUENCE, 'ContentInfo'));
  if (readOid(ci[0]) !== OID.signedData) throw new DerError('not a SignedData');
  const sd = children(expectTag(children(expectTag(ci[1], 0xa0, 'content'))[0], TAG.SEQUENCE, 'SignedData'));
  const encap = children(expectTag(sd[2], TAG.SEQUENCE, 'encapContentInfo'));
  let eContent: Buffer | null = null;
  if (encap[1]) {
    const inner = children(expectTag(encap[1], 0xa0, 'eContent'))[0];
    eContent = content(expectTag(inner, TAG.OCTET_STRING, 'eContent'));
  }
  let i = 3;
  const certs: Buffer[] = [];
  if (sd[i]?.tag === 0xa0) {
    for (const c of children(sd[i])) if (c.tag === TAG.SEQUENCE) certs.push(raw(c));
    i++;
  }
  if (sd[i]?.tag === 0xa1) i++;
  const signerInfos = children(expectTag(sd[i], TAG.SET, 'signerInfos'));
  if (signerInfos.length !== 1) throw new DerError(`expected one SignerInfo, found ${signerInfos.length}`);
  const si = children(expectTag(signerInfos[0], TAG.SEQUENCE, 'SignerInfo'));
  let j = 3;
  let signedAttrs: DerNode | null = null;
  if (si[j]?.tag === 0xa0) signedAttrs = si[j++];
  const signatureAlg = readOid(children(expectTag(si[j++], TAG.SEQUENCE, 'signatureAlgorithm'))[0]);
  const signature = content(expectTag(si[j++], TAG.OCTET_STRING, 'signature'));
  const unsignedAttrs = si[j]?.tag === 0xa1 ? si[j] : null;
  return {
    certs,
    eContentType: readOid(encap[0]),
    eContent,
    signer: { sid: si[1], digestAlg: readOid(children(si[2])[0]), signedAttrs, signatureAlg, signature, unsignedAttrs },
  };
}

function findSignerCert(sd: ParsedSignedData, extraPool: Buffer[]): Buffer | null {
  const sid = sd.signer.sid;
  const pool = [...sd.certs, ...extraPool];
  if (sid.tag === TAG.SEQUENCE) {
    const [issuer, serial] = children(sid);
    return pool.find((c) => {
      const parts = certIssuerAndSerial(c);
      return parts.issuer.equals(raw(issuer)) && parts.serial.equals(raw(serial));
    }) ?? null;
  }
  if (sid.tag === 0x80) {
    const ski = content(sid);
    return pool.find((c) => {
      const x = new X509Certificate(c);
      const spki = x.publicKey.export({ type: 'spki', format: 'der' });
      // RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents.
      const bits = content(children(readNode(spki))[1]).subarray(1);
      return hashOf('sha1', bits).equals(ski);
    }) ?? null;
  }
  return null;
}

const SIG_HASH: Record<string, HashName | undefined> = {
  [OID.sha256WithRSA]: 'sha256',
  [OID.sha384WithRSA]: 'sha384',
  [OID.sha512WithRSA]: 'sha512',
  [OID.ecdsaWithSHA256]: 'sha256',
  [OID.ecdsaWithSHA384]: 'sha384',
  [OID.ecdsaWithSHA512]: 'sha512',
};

/** Checks the SignerInfo over content whose digest is `contentDigest`; returns the problems found. */
function checkSignerInfo(sd: ParsedSignedData, certDer: Buffer, contentDigest: Buffer, signedContent: () => Buffer, expectedContentType: string): string[] {
  const problems: string[] = [];
  const s = sd.signer;
  const digestAlg = DIGEST_BY_OID[s.digestAlg];
  if (!digestAlg) return [`unsupported digest algorithm ${s.digestAlg}`];
  let data: Buffer;
  if (s.signedAttrs) {
    const attrs = readAttributes(s.signedAttrs);
    const md = attrs.find((a) => a.type === OID.messageDigest);
    if (!md || !md.values[0] || !content(md.values[0]).equals(contentDigest)) problems.push('message digest does not match the signed bytes');
    const ct = attrs.find((a) => a.type === OID.contentType);
    if (!ct || !ct.values[0] || readOid(ct.values[0]) !== expectedContentType) problems.push('content type attribute missing or wrong');
    const ess2 = attrs.find((a) => a.type === OID.signingCertificateV2);
    const ess1 = attrs.find((a) => a.type === OID.signingCertificate);
    if (ess2?.values[0]) {
      const first = children(children(ess2.values[0])[0])[0];
      const parts = children(first);
      const alg = parts[0].tag === TAG.SEQUENCE ? DIGEST_BY_OID[readOid(children(parts[0])[0])] : 'sha256';
      const certHash = content(parts[0].tag === TAG.SEQUENCE ? parts[1] : parts[0]);
      if (!alg || !hashOf(alg, certDer).equals(certHash)) problems.push('signingCertificateV2 does not name the signer certificate');
    } else if (ess1?.values[0]) {
      const first = children(children(ess1.values[0])[0])[0];
      if (!hashOf('sha1', certDer).equals(content(children(first)[0]))) problems.push('signingCertificate does not name the signer certificate');
    }
    // The signature covers the attributes as a DER SET (tag 0x31), not as the [0] IMPLICIT field.
    data = Buffer.from(raw(s.signedAttrs));
    data[0] = TAG.SET;
  } else {
    if (hashOf(digestAlg, signedContent()).compare(contentDigest) !== 0) problems.push('content digest mismatch');
    data = signedContent();
  }
  const hash = s.signatureAlg === OID.rsaEncryption ? digestAlg : SIG_HASH[s.signatureAlg];
  if (!hash) return [...problems, `unsupported signature algorithm ${s.signatureAlg}`];
  try {
    const key = new X509Certificate(certDer).publicKey;
    const ok = cryptoVerify(hash, data, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key, s.signature);
    if (!ok) problems.push('signature value does not verify with the signer certificate');
  } catch (err) {
    problems.push(`signature check failed: ${(err as Error).message}`);
  }
  return problems;
}

const validAt = (c: X509Certificate, at: Date): boolean => new Date(c.validFrom) <= at && at <= new Date(c.validTo);

function chainToRoot(leafDer: Buffer, poolDer: Buffer[], roots: X509Certificate[], at: Date, problems: string[], label: string): boolean {
  let cur = new X509Certificate(leafDer);
  const pool = poolDer.map((d) => new X509Certificate(d));
  const seen = new Set<string>([cur.fingerprint256]);
  for (let depth = 0; depth < 8; depth++) {
    if (!validAt(cur, at)) {
      problems.push(`${label}: certificate "${cur.subject.replace(/\n/g, ', ')}" is not valid at ${at.toISOString()}`);
      return false;
    }
    if (roots.some((r) => r.fingerprint256 === cur.fingerprint256)) return true;
    const current = cur;
    const root = roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) {
      if (validAt(root, at)) return true;
      problems.push(`${label}: trusted root is not valid at ${at.toISOString()}`);
      return false;
    }
    const next = pool.find((c) => !seen.has(c.fingerprint256) && c.ca && current.checkIssued(c) && current.verify(c.publicKey));
    if (!next) break;
    seen.add(next.fingerprint256);
    cur = next;
  }
  problems.push(`${label}: no chain to a trusted root`);
  return false;
}

function checkTimestamp(tokenDer: Buffer, signatureValue: Buffer, roots: X509Certificate[], problems: string[]): TimestampReport {
  const report: TimestampReport = { present: true, valid: false, time: null, tsaName: null };
  try {
    const token = parseSignedData(tokenDer);
    if (token.eContentType !== OID.tstInfo || !token.eContent) throw new DerError('time-stamp token without TSTInfo');
    const tst = children(expectTag(readNode(token.eContent), TAG.SEQUENCE, 'TSTInfo'));
    const imprint = children(tst[2]);
    const imprintAlg = DIGEST_BY_OID[readOid(children(imprint[0])[0])];
    report.time = readTime(expectTag(tst[4], TAG.GENERALIZED_TIME, 'genTime'));
    const local: string[] = [];
    if (!imprintAlg || !hashOf(imprintAlg, signatureValue).equals(content(imprint[1]))) local.push('time-stamp does not cover this signature');
    const tsaCert = findSignerCert(token, []);
    if (!tsaCert) {
      local.push('time-stamp signer certificate not found');
    } else {
      report.tsaName = officialFields(tsaCert).name || null;
      const digestAlg = DIGEST_BY_OID[token.signer.digestAlg] ?? 'sha256';
      local.push(...checkSignerInfo(token, tsaCert, hashOf(digestAlg, token.eContent), () => token.eContent as Buffer, OID.tstInfo).map((p) => `time-stamp: ${p}`));
      if (!(new X509Certificate(tsaCert).keyUsage ?? []).includes(OID.timeStamping)) local.push('time-stamp certificate lacks the timeStamping usage');
      chainToRoot(tsaCert, token.certs, roots, report.time, local, 'time-stamp');
    }
    report.valid = local.length === 0;
    problems.push(...local);
  } catch (err) {
    problems.push(`time-stamp unreadable: ${(err as Error).message}`);
  }
  return report;
}

interface SigDictInfo {
  ref: PDFRef | null;
  dict: PDFDict;
}

function findSignatureDicts(doc: PDFDocument): { sigs: SigDictInfo[]; fieldNames: Map<PDFDict, string> } {
  const sigs: SigDictInfo[] = [];
  const fieldNames = new Map<PDFDict, string>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    if (obj.get(N('ByteRange')) instanceof PDFArray && obj.get(N('Contents'))) sigs.push({ ref, dict: obj });
    const v = obj.get(N('V'));
    const t = textOf(obj.get(N('T')));
    if (t !== null && v) {
      const target = v instanceof PDFRef ? doc.context.lookup(v) : v;
      if (target instanceof PDFDict) fieldNames.set(target, t);
    }
  }
  return { sigs, fieldNames };
}

function readByteRange(dict: PDFDict, fileLength: number): ByteRange | null {
  const arr = dict.get(N('ByteRange'));
  if (!(arr instanceof PDFArray) || arr.size() !== 4) return null;
  const nums = arr.asArray().map((o) => (o instanceof PDFNumber ? o.asNumber() : NaN));
  const [a, b, c, d] = nums;
  if (!nums.every((x) => Number.isInteger(x) && x >= 0) || a !== 0 || b <= 0 || c <= b || c + d > fileLength) return null;
  return [a, b, c, d];
}

/** The CMS bytes in the /ByteRange gap, which must hold exactly one hex string. */
export function extractCms(bytes: Uint8Array, range: ByteRange): Buffer {
  const gap = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(range[1], range[2]).toString('latin1');
  const m = /^<([0-9A-Fa-f\s]*)>$/.exec(gap);
  if (!m) throw new DerError('the unsigned gap is not a single hex string');
  const der = Buffer.from(m[1].replace(/\s+/g, ''), 'hex');
  return raw(readNode(der)); // drop the zero padding
}

/** The RFC 3161 token in a CMS's unsigned attributes and the signature value it should cover (for tests and tools). */
export function extractTimestampToken(cmsDer: Buffer): { token: Buffer; signatureValue: Buffer } | null {
  const sd = parseSignedData(cmsDer);
  if (!sd.signer.unsignedAttrs) return null;
  const attr = readAttributes(sd.signer.unsignedAttrs).find((a) => a.type === OID.signatureTimeStampToken);
  return attr?.values[0] ? { token: raw(attr.values[0]), signatureValue: sd.signer.signature } : null;
}

function verifyOne(bytes: Uint8Array, info: SigDictInfo, fieldName: string | null, roots: X509Certificate[], now: Date): SignatureReport {
  const { dict } = info;
  const problems: string[] = [];
  const range = readByteRange(dict, bytes.byteLength);
  const report: SignatureReport = {
    fieldName,
    signerName: '',
    signerNip: '',
    jabatan: '',
    signerCertPem: null,
    signedAt: dateOf(dict.get(N('M'))),
    valid: false,
    coversWholeDocument: false,
    signedRevisionLength: 0,
    byteRange: range ?? [0, 0, 0, 0],
    chainToRoot: false,
    timestamp: { present: false, valid: false, time: null, tsaName: null },
    subFilter: textOf(dict.get(N('SubFilter'))),
    reason: textOf(dict.get(N('Reason'))),
    location: textOf(dict.get(N('Location'))),
    problems,
  };
  if (!range) {
    problems.push('invalid /ByteRange');
    return report;
  }
  report.signedRevisionLength = range[2] + range[3];
  report.coversWholeDocument = range[2] + range[3] === bytes.byteLength;

  let sd: ParsedSignedData;
  try {
    const cms = extractCms(bytes, range);
    const declared = dict.get(N('Contents'));
    if (declared instanceof PDFHexString && !Buffer.from(declared.asBytes()).subarray(0, cms.length).equals(cms)) {
      throw new DerError('the /ByteRange gap is not this signature\'s /Contents');
    }
    sd = parseSignedData(cms);
  } catch (err) {
    problems.push(`signature container unreadable: ${(err as Error).message}`);
    return report;
  }
  const certDer = findSignerCert(sd, []);
  if (!certDer) {
    problems.push('signer certificate not found in the signature');
    return report;
  }
  const who = officialFields(certDer);
  report.signerName = who.name;
  report.signerNip = who.nip;
  report.jabatan = who.jabatan;
  report.signerCertPem = new X509Certificate(certDer).toString();

  const digestAlg = DIGEST_BY_OID[sd.signer.digestAlg];
  if (!digestAlg) {
    problems.push(`unsupported digest algorithm ${sd.signer.digestAlg}`);
    return report;
  }
  const a = bytes.subarray(0, range[1]);
  const b = bytes.subarray(range[2], range[2] + range[3]);
  const signatureProblems = checkSignerInfo(sd, certDer, hashOf(digestAlg, a, b), () => Buffer.concat([a, b]), OID.data);
  report.valid = signatureProblems.length === 0;
  problems.push(...signatureProblems);

  if (sd.signer.unsignedAttrs) {
    const attr = readAttributes(sd.signer.unsignedAttrs).find((x) => x.type === OID.signatureTimeStampToken);
    if (attr?.values[0]) report.timestamp = checkTimestamp(raw(attr.values[0]), sd.signer.signature, roots, problems);
  }
  if (report.timestamp.valid && report.timestamp.time) report.signedAt = report.timestamp.time;
  const at = report.timestamp.valid && report.timestamp.time ? report.timestamp.time : now;
  report.chainToRoot = chainToRoot(certDer, sd.certs, roots, at, problems, 'signer');
  return report;
}

export async function verifyPdf(bytes: Uint8Array, opts: VerifyOptions): Promise<PdfVerification> {
  const roots = opts.trustedRootsPem.flatMap((pem) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, parseSpeed: ParseSpeeds.Fastest });
  } catch (err) {
    throw new SigningError('BAD_PDF', `PDF tidak dapat dibaca: ${(err as Error).message}`, { cause: err });
  }
  const { sigs, fieldNames } = findSignatureDicts(doc);
  const now = opts.now ?? new Date();
  const signatures = sigs
    .map((s) => verifyOne(bytes, s, fieldNames.get(s.dict) ?? null, roots, now))
    .sort((x, y) => x.signedRevisionLength - y.signedRevisionLength);
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    signatures,
    allValid: signatures.length > 0 && signatures.every((s) => s.valid && s.chainToRoot && (!s.timestamp.present || s.timestamp.valid)),
  };
}

/** The bytes a signature covers as a whole revision: what the document looked like when it was signed. */
export function signedRevision(bytes: Uint8Array, signature: Pick<SignatureReport, 'signedRevisionLength'>): Uint8Array {
  return bytes.subarray(0, signature.signedRevisionLength);
}
