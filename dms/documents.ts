import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { BlobStore } from './blob-store';
import type { DocumentRow } from '../db/types';

export function newDocumentId(): string {
  // Random, not derived from the usulan: the public verification page must not let anyone enumerate decrees.
  return `DOC-${randomBytes(12).toString('base64url')}`;
}

export interface GeneratedDocument {
  id: string;
  bytes: Uint8Array;
  kind: 'PERTEK' | 'SK' | 'PENGANTAR';
  usulanId: string;
  ownerNip: string | null;
  filename: string;
  uploadedBy: string | null;
  version?: number;
}

/**
 * Stores a generated decree once per usulan, kind and version: a retried step finds the first copy and gets its id
 * back, so there is never a second SK or Pertek document.
 */
export async function storeGeneratedDocument(db: Db, blobs: BlobStore, doc: GeneratedDocument): Promise<{ id: string; created: boolean }> {
  const { sha256, size } = await blobs.put(doc.bytes);
  const inserted = await db.insertInto('document').values({
    id: doc.id, sha256, size, mime: 'application/pdf', filename: doc.filename, kind: doc.kind, owner_nip: doc.ownerNip,
    usulan_id: doc.usulanId, version: doc.version ?? 1, uploaded_by: doc.uploadedBy, doc_code: null, siasn_id: null, supersedes_id: null,
  }).onConflict((oc) => oc.columns(['usulan_id', 'kind', 'version']).where('kind', 'in', ['PERTEK', 'SK']).doNothing())
    .returning('id').executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await findGenerated(db, doc.usulanId, doc.kind as 'PERTEK' | 'SK', doc.version ?? 1);
  if (!existing) throw new Error(`document for ${doc.usulanId}/${doc.kind} vanished`);
  return { id: existing.id, created: false };
}

export function findGenerated(db: Db, usulanId: string, kind: 'PERTEK' | 'SK', version = 1): Promise<DocumentRow | undefined> {
  return db.selectFrom('document').selectAll().where('usulan_id', '=', usulanId).where('kind', '=', kind).where('version', '=', version).executeTakeFirst();
}
