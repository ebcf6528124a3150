import { createHash, randomBytes, sign as rsaSign, type KeyObject } from 'node:crypto';
import { children, ctx, expectTag, generalizedTime, integer, NULL, octets, oid, raw, readNode, seq, setOf, TAG } from './der';
import { OID } from './oids';

/**
 * CMS SignedData for PAdES (ETSI.CAdES.detached) and for RFC 3161 time-stamp tokens.
 *
 * Everything that depends only on the certificate is encoded once per signer (`prepareSigner`), so a
 * signature costs two SHA-256 passes, one node:crypto RSA operation and a few Buffer concatenations.
 */

export interface PreparedSigner {
  key: KeyObject;
  /** signer certificate first */
  certsDer: Buffer[];
  /** [0] IMPLICIT SET OF Certificate, as it appears in SignedData */
  certificatesField: Buffer;
  issuerAndSerial: Buffer;
  /** the complete signingCertificateV2 attribute */
  essAttribute: Buffer;
}

interface CertParts {
  issuer: Buffer;
  serial: Buffer;
}

/** Issuer Name and serialNumber INTEGER of a certificate, as raw DER. */
export function certIssuerAndSerial(certDer: Buffer): CertParts {
  const cert = expectTag(readNode(certDer), TAG.SEQUENCE, 'Certificate');
  const tbs = expectTag(children(cert)[0], TAG.SEQUENCE, 'TBSCertificate');
  const f = children(tbs);
  const i = f[0].tag === 0xa0 ? 1 : 0; // explicit version present
  return { serial: raw(expectTag(f[i], TAG.INTEGER, 'serial')), issuer: raw(expectTag(f[i + 2], TAG.SEQUENCE, 'issuer')) };
}

const attribute = (type: string, value: Buffer): Buffer => seq(oid(type), setOf(value));

/** ESS signingCertificateV2 (RFC 5035) with the default SHA-256 hash, so hashAlgorithm is omitted. */
function essSigningCertificateV2(certDer: Buffer): Buffer {
  const { issuer, serial } = certIssuerAndSerial(certDer);
  const certHash = createHash('sha256').update(certDer).digest();
  const issuerSerial = seq(seq(ctx(4, true, issuer)), serial);
  return attribute(OID.signingCertificateV2, seq(seq(seq(octets(certHash), issuerSerial))));
}

export function prepareSigner(key: KeyObject, certsDer: Buffer[]): PreparedSigner {
  const { issuer, serial } = certIssuerAndSerial(certsDer[0]);
  return {
    key,
    certsDer,
    certificatesField: ctx(0, true, ...certsDer),
    issuerAndSerial: seq(issuer, serial),
    essAttribute: essSigningCertificateV2(certsDer[0]),
  };
}

const SHA256_ALG = seq(oid(OID.sha256));
const SHA256_WITH_RSA = seq(oid(OID.sha256WithRSA), NULL);

export interface SignedDataParts {
  eContentType: string;
  /** present for encapsulated content (TSTInfo), absent for detached PDF signatures */
  eContent?: Buffer;
  /** SHA-256 of the content that is signed */
  contentDigest: Buffer;
  extraSignedAttributes?: Buffer[];
}

export interface SignerInfoResult {
  /** the SignerInfo's signature value, which a signature time-stamp covers */
  signatureValue: Buffer;
  build(unsignedAttributes?: Buffer[]): Buffer;
}

/** Signs and returns a builder so unsigned attributes that depend on the signature value can be added. */
export function signCms(signer: PreparedSigner, parts: SignedDataParts): SignerInfoResult {
  const attrs = [
    attribute(OID.contentType, oid(parts.eContentType)),
    attribute(OID.messageDigest, octets(parts.contentDigest)),
    signer.essAttribute,
    ...(parts.extraSignedAttributes ?? []),
  ];
  const signedAttrsSet = setOf(...attrs);
  const signatureValue = rsaSign('sha256', signedAttrsSet, signer.key);
  const signedAttrsImplicit = Buffer.from(signedAttrsSet);
  signedAttrsImplicit[0] = 0xa0;
  // Version 1 is for id-data only (RFC 5652 5.1); a TSTInfo makes it 3.
  const version = parts.eContentType === OID.data ? 1 : 3;
  const encap = parts.eContent ? seq(oid(parts.eContentType), ctx(0, true, octets(parts.eContent))) : seq(oid(parts.eContentType));

  return {
    signatureValue,
    build(unsigned?: Buffer[]): Buffer {
      const signerInfo = seq(
        integer(1),
        signer.issuerAndSerial,
        SHA256_ALG,
        signedAttrsImplicit,
        SHA256_WITH_RSA,
        octets(signatureValue),
        ...(unsigned && unsigned.length ? [ctx(1, true, ...[...unsigned].sort(Buffer.compare))] : []),
      );
      const signedData = seq(integer(version), setOf(SHA256_ALG), encap, signer.certificatesField, setOf(signerInfo));
      return seq(oid(OID.signedData), ctx(0, true, signedData));
    },
  };
}

/** RFC 3161 time-stamping, as a service: the local stand-in now, a remote TSA over HTTP later. */
export interface TimeStampAuthority {
  /** Returns a DER TimeStampToken whose message imprint is `sha256Digest`. */
  timestamp(sha256Digest: Buffer): Promise<Buffer>;
}

export class LocalTimeStampAuthority implements TimeStampAuthority {
  private readonly signer: PreparedSigner;

  constructor(
    key: KeyObject,
    certsDer: Buffer[],
    private readonly policyOid: string = OID.standInTsaPolicy,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.signer = prepareSigner(key, certsDer);
  }

  timestamp(sha256Digest: Buffer): Promise<Buffer> {
    return Promise.resolve(this.timestampSync(sha256Digest));
  }

  timestampSync(sha256Digest: Buffer): Buffer {
    const serial = randomBytes(16);
    serial[0] &= 0x7f;
    const tstInfo = seq(
      integer(1),
      oid(this.policyOid),
      seq(SHA256_ALG, octets(sha256Digest)),
      integer(serial),
      generalizedTime(this.clock()),
      seq(integer(1)), // accuracy: one second
    );
    return signCms(this.signer, {
      eContentType: OID.tstInfo,
      eContent: tstInfo,
      contentDigest: createHash('sha256').update(tstInfo).digest(),
    }).build();
  }
}

/** Builds the PAdES-B-T CMS: CAdES signed attributes, then the signature time-stamp as an unsigned attribute. */
export async function signPadesCms(signer: PreparedSigner, contentDigest: Buffer, tsa: TimeStampAuthority | null): Promise<Buffer> {
  const si = signCms(signer, { eContentType: OID.data, contentDigest });
  if (!tsa) return si.build();
  const token = await tsa.timestamp(createHash('sha256').update(si.signatureValue).digest());
  return si.build([attribute(OID.signatureTimeStampToken, token)]);
}
