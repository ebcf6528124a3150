import type { AuditContext } from '../context';

/**
 * Check 4: one SK, one document, one golongan row per finished usulan. A finished (SELESAI) usulan whose SK we sign has
 * exactly one standing SK document, the one sk_document_id names; every finished usulan has exactly one golongan row
 * carrying its usulan id, its new golongan and its SK number; nothing else has a golongan row or a standing SK.
 */
export async function checkDecrees(ctx: AuditContext): Promise<void> {
  const report = ctx.reporter('decrees');
  const { db } = ctx;
  const [usulan, allSk, rows] = await Promise.all([
    db.selectFrom('usulan_kp').select(['id', 'status', 'penandatangan_sk', 'sk_document_id', 'sk_nomor', 'golongan_baru']).execute(),
    db.selectFrom('document').select(['id', 'usulan_id', 'status']).where('kind', '=', 'SK').where('status', 'in', ['BERLAKU', 'DICABUT', 'DIKOREKSI']).execute(),
    db.selectFrom('employee_golongan_history').select(['id', 'usulan_id', 'golongan_id', 'sk_nomor', 'nip']).where('usulan_id', 'is not', null).execute(),
  ]);
  const skDocs = allSk.filter((d) => d.status === 'BERLAKU');
  const withdrawn = new Map<string, string[]>();
  for (const d of allSk) if (d.status !== 'BERLAKU' && d.usulan_id) withdrawn.set(d.usulan_id, [...(withdrawn.get(d.usulan_id) ?? []), `${d.id} ${d.status}`]);
  const docsOf = new Map<string, string[]>();
  for (const d of skDocs) {
    if (!d.usulan_id) {
      report(`document:${d.id}`, 'SK yang berlaku tidak terkait dengan usulan mana pun');
      continue;
    }
    docsOf.set(d.usulan_id, [...(docsOf.get(d.usulan_id) ?? []), d.id]);
  }
  const rowsOf = new Map<string, typeof rows>();
  for (const r of rows) rowsOf.set(r.usulan_id!, [...(rowsOf.get(r.usulan_id!) ?? []), r]);
  const known = new Set(usulan.map((u) => u.id));

  for (const u of usulan) {
    ctx.count('usulan');
    const obj = `usulan:${u.id}`;
    const docs = (docsOf.get(u.id) ?? []).sort();
    const golongan = rowsOf.get(u.id) ?? [];
    if (u.status !== 'SELESAI') {
      if (docs.length) report(obj, `usulan berstatus ${u.status} memiliki SK yang berlaku: ${docs.join(', ')}`);
      if (golongan.length) report(obj, `usulan berstatus ${u.status} sudah tercatat di riwayat golongan (baris ${golongan.map((g) => g.id).join(', ')})`);
      continue;
    }
    ctx.count('finishedUsulan');
    if (u.penandatangan_sk === 'PRESIDEN') {
      if (docs.length) report(obj, `usulan yang ditetapkan dengan Keputusan Presiden memiliki SK bertanda tangan sistem: ${docs.join(', ')}`);
    } else if (docs.length === 0 && u.sk_document_id && (withdrawn.get(u.id) ?? []).some((w) => w.startsWith(`${u.sk_document_id} `))) {
      // The usulan's own SK was withdrawn or corrected by an administrator (an act in the audit log): the decree no
      // longer stands, which is what verification reports; undoing the promotion is a decree of its own.
      ctx.count('withdrawnDecrees');
    } else if (docs.length === 0) {
      // An SK missing, or withdrawn while another was recorded, leaves a promotion no decree carries.
      const gone = withdrawn.get(u.id);
      report(obj, `usulan selesai tanpa SK yang berlaku${u.sk_document_id ? ` (sk_document_id ${u.sk_document_id})` : ''}`
        + (gone ? `; SK-nya ${gone.join(', ')} tanpa pengganti, riwayat golongan masih mencatat kenaikan` : ''));
    } else if (docs.length > 1) {
      report(obj, `usulan selesai memiliki ${docs.length} SK yang berlaku: ${docs.join(', ')}`);
    } else if (u.sk_document_id !== docs[0]) {
      report(obj, `SK yang berlaku (${docs[0]}) bukan SK yang dicatat usulan (${u.sk_document_id ?? 'kosong'})`);
    }
    if (golongan.length === 0) {
      report(obj, 'usulan selesai tanpa baris riwayat golongan');
    } else if (golongan.length > 1) {
      report(obj, `usulan selesai memiliki ${golongan.length} baris riwayat golongan`);
    } else {
      const g = golongan[0];
      if (g.golongan_id !== u.golongan_baru) report(obj, `riwayat golongan mencatat golongan ${g.golongan_id}, usulan menetapkan ${u.golongan_baru}`);
      if (g.sk_nomor !== u.sk_nomor) report(obj, `riwayat golongan mencatat SK ${g.sk_nomor ?? '(kosong)'}, usulan bernomor SK ${u.sk_nomor ?? '(kosong)'}`);
    }
  }
  for (const r of rows) {
    if (!known.has(r.usulan_id!)) report(`golongan:${r.id}`, `riwayat golongan NIP ${r.nip} menyebut usulan ${r.usulan_id} yang tidak ada`);
  }
}
