export { signPdf, type SignerBackend, type SigningSession, type SignOptions, type SignPdfInput, type SignerIdentity } from './backend';
export { BsreSignerBackend, type BsreClient, type BsreSignRequest, type BsreBackendConfig } from './bsre-backend';
export { LocalTimeStampAuthority, type TimeStampAuthority } from './cms';
export { SigningError, type SigningErrorCode } from './errors';
export {
  DEV_CA_PASSPHRASE,
  STAND_IN_NAMES,
  enrolOfficial,
  ensureStandInPki,
  getOfficialCertificate,
  type EnrolledOfficial,
  type OfficialIdentity,
  type StandInPki,
} from './keystore';
export { createLocalSigner, type LocalSignerOptions } from './local-backend';
export { DEFAULT_STAMP_SIZE, type StampRect } from './pades';
export { computeByteRange, embedSignatureHex, findPlaceholder, patchByteRange, type ByteRange, type Placeholder, type Span } from './placeholder';
export { STAMP_FOOTER } from './stamp';
export { extractCms, extractTimestampToken, signedRevision, verifyPdf, type PdfVerification, type SignatureReport, type TimestampReport, type VerifyOptions } from './verify';
export { withUnlockCache } from './unlock-cache';
