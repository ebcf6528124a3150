import { children, content, expectTag, readNode, readOid, TAG, type DerNode } from './der';
import { OID } from './oids';

function decodeString(n: DerNode): string {
  const c = content(n);
  switch (n.tag) {
    case TAG.UTF8_STRING:
      return c.toString('utf8');
    case TAG.BMP_STRING: {
      const swapped = Buffer.from(c);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    default:
      return c.toString('latin1');
  }
}

/** Subject attributes of a DER certificate by OID, first value of each (raw DER, so no escaping to undo). */
export function subjectAttributes(certDer: Buffer): Map<string, string> {
  const tbs = expectTag(children(expectTag(readNode(certDer), TAG.SEQUENCE, 'Certificate'))[0], TAG.SEQUENCE, 'TBSCertificate');
  const f = children(tbs);
  const i = f[0].tag === 0xa0 ? 1 : 0;
  const subject = expectTag(f[i + 4], TAG.SEQUENCE, 'subject');
  const out = new Map<string, string>();
  for (const rdn of children(subject)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      const key = readOid(type);
      if (!out.has(key) && value) out.set(key, decodeString(value));
    }
  }
  return out;
}

export interface OfficialFields {
  name: string;
  nip: string;
  jabatan: string;
}

/** Name, NIP and jabatan as the stand-in CA (and BSrE's profile) put them: CN, serialNumber, title. */
export function officialFields(certDer: Buffer): OfficialFields {
  const a = subjectAttributes(certDer);
  return { name: a.get(OID.commonName) ?? '', nip: a.get(OID.serialNumber) ?? '', jabatan: a.get(OID.title) ?? '' };
}
