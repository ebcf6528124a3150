import { sql } from 'kysely';
import { type AuditContext, fmtInstant, toDate } from '../context';

/** The event that commits each signed step, naming the document in data.documentId. */
const COMMIT_EVENT: Record<'PENGANTAR' | 'PERTEK' | 'SK', string> = { PENGANTAR: 'DISETUJUI_INSTANSI', PERTEK: 'MS', SK: 'SK_DITANDATANGANI' };
const KIND_OF_EVENT = new Map(Object.entries(COMMIT_EVENT).map(([kind, jenis]) => [jenis, kind as keyof typeof COMMIT_EVENT]));
const LABEL: Record<string, string> = { PENGANTAR: 'pernyataan persetujuan', PERTEK: 'Pertek', SK: 'SK' };

interface SignedDoc {
  id: string;
  kind: string;
  status: string;
  usulan_id: string | null;
  signed_by_user_id?: string | null;
  created_at: Date;
}

/**
 * Check 3, validate-then-sign-then-commit seen from the data: every standing approval statement, Pertek and SK is the
 * document its accepted step names (DISETUJUI_INSTANSI, MS, SK_DITANDATANGANI with data.documentId), signed by the
 * official whose step it was; no usulan holds two standing approval statements or Pertek; a step never commits a
 * refused (BATAL) signature; and no signature stays MENUNGGU longer than a signing attempt can last.
 */
export async function checkSignedSteps(ctx: AuditContext): Promise<void> {
  const report = ctx.reporter('signed-steps');
  const { db } = ctx;
  const docs: SignedDoc[] = await db.selectFrom('document')
    .select(['id', 'kind', 'status', 'usulan_id', 'signed_by_user_id', 'created_at'])
    .where('kind', 'in', ['PENGANTAR', 'PERTEK', 'SK'])
    .where('status', 'in', ['BERLAKU', 'MENUNGGU', 'BATAL'])
    .execute();
  const events = await db.selectFrom('usulan_event')
    .select(['id', 'usulan_id', 'jenis', 'actor_id', sql<string | null>`data->>'documentId'`.as('document_id')])
    .where('jenis', 'in', Object.values(COMMIT_EVENT))
    .orderBy('id')
    .execute();
  const byId = new Map(docs.map((d) => [d.id, d]));
  const commitsOf = new Map<string, typeof events>();

  for (const e of events) {
    ctx.count('commitEvents');
    const kind = KIND_OF_EVENT.get(e.jenis)!;
    const obj = `usulan:${e.usulan_id}`;
    if (!e.document_id) {
      report(obj, `peristiwa ${e.jenis} (id ${e.id}) tidak menyebut dokumen bertanda tangan yang diterimanya`);
      continue;
    }
    commitsOf.set(e.document_id, [...(commitsOf.get(e.document_id) ?? []), e]);
    const d = byId.get(e.document_id);
    if (!d) {
      // Revoked or corrected decrees (DICABUT, DIKOREKSI) are legitimately absent from `docs`.
      const other = await db.selectFrom('document').select(['kind', 'status']).where('id', '=', e.document_id).executeTakeFirst();
      if (!other) report(obj, `peristiwa ${e.jenis} menyebut dokumen ${e.document_id} yang tidak ada`);
      else if (other.kind !== kind) report(obj, `peristiwa ${e.jenis} menyebut dokumen ${e.document_id} berjenis ${other.kind}, bukan ${kind}`);
      continue;
    }
    if (d.kind !== kind) report(obj, `peristiwa ${e.jenis} menyebut dokumen ${d.id} berjenis ${d.kind}, bukan ${kind}`);
    if (d.status === 'BATAL') report(`document:${d.id}`, `${LABEL[d.kind]} berstatus BATAL (tanda tangan yang ditolak) diterima oleh peristiwa ${e.jenis} usulan ${e.usulan_id}`);
    if (d.usulan_id && d.usulan_id !== e.usulan_id) report(obj, `peristiwa ${e.jenis} menerima dokumen ${d.id} milik usulan ${d.usulan_id}`);
    if (d.signed_by_user_id && e.actor_id && d.signed_by_user_id !== e.actor_id) {
      report(`document:${d.id}`, `${LABEL[d.kind]} ditandatangani ${d.signed_by_user_id}, padahal langkah ${e.jenis} usulan ${e.usulan_id} dilakukan ${e.actor_id}`);
    }
  }

  const standingPerUsulan = new Map<string, Set<string>>();
  const holds = (usulanId: string, d: SignedDoc) => {
    const key = `${usulanId}|${d.kind}`;
    standingPerUsulan.set(key, (standingPerUsulan.get(key) ?? new Set()).add(d.id));
  };
  const pendingBefore = new Date(ctx.now.getTime() - ctx.opts.pendingSignatureGraceMs);
  for (const d of docs) {
    const obj = `document:${d.id}`;
    if (d.status === 'MENUNGGU') {
      ctx.count('pendingSignatures');
      const created = toDate(d.created_at);
      if (created && created < pendingBefore) {
        report(obj, `tanda tangan yang ditinggalkan masih menunggu: ${LABEL[d.kind]} usulan ${d.usulan_id ?? '-'} berstatus MENUNGGU sejak ${fmtInstant(created)}`);
      }
      continue;
    }
    if (d.status !== 'BERLAKU') continue;
    ctx.count('standingSignedDocuments');
    const commits = (commitsOf.get(d.id) ?? []).filter((e) => e.jenis === COMMIT_EVENT[d.kind as keyof typeof COMMIT_EVENT]);
    if (commits.length === 0) {
      report(obj, `${LABEL[d.kind]} berlaku tanpa langkah yang diterima: tidak ada peristiwa ${COMMIT_EVENT[d.kind as keyof typeof COMMIT_EVENT]} yang menyebut dokumen ini`);
    } else if (d.usulan_id && !commits.some((e) => e.usulan_id === d.usulan_id)) {
      report(obj, `${LABEL[d.kind]} usulan ${d.usulan_id} diterima hanya oleh peristiwa usulan lain (${commits.map((e) => e.usulan_id).join(', ')})`);
    }
    if (d.usulan_id) holds(d.usulan_id, d);
    for (const e of commits) holds(e.usulan_id, d);
  }
  for (const [key, ids] of standingPerUsulan) {
    const [usulanId, kind] = key.split('|');
    // Two standing SKs are check 4's finding (one decree per finished usulan).
    if (ids.size > 1 && kind !== 'SK') report(`usulan:${usulanId}`, `usulan memiliki ${ids.size} ${LABEL[kind]} yang berlaku: ${[...ids].sort().join(', ')}`);
  }
}
