import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface TrustAnchors {
  rootCertPem: string;
  issuingCaCertPem: string;
  tsaCertPem: string;
}

/**
 * The stand-in PKI's public certificates as the key store holds them (see signing/keystore.ts). Read only: an audit
 * must never create a PKI where it expected one.
 */
export async function readTrustAnchors(keysDir: string): Promise<TrustAnchors> {
  const read = (f: string) => fs.readFile(path.join(keysDir, 'ca', f), 'utf8');
  const [rootCertPem, issuingCaCertPem, tsaCertPem] = await Promise.all([read('root.pem'), read('issuing-ca.pem'), read('tsa.pem')]);
  return { rootCertPem, issuingCaCertPem, tsaCertPem };
}
