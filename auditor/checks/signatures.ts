import { X509Certificate } from 'node:crypto';
import { getOfficialCertificate, verifyPdf, type EnrolledOfficial, type PdfVerification } from '../../signing';
import { todayIn } from '../../domain/office-clock';
import { AuditContext, errorText, forEachPooled, toDate } from '../context';
import { delegationInForce, loadDelegations } from '../delegations';

const KIND_LABEL: Record<string, string> = { SK: 'SK', PERTEK: 'Pertek', PENGANTAR: 'pernyataan persetujuan' };

const normalizeNip = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, '');

/**
 * Check 1: every standing SK, Pertek and approval statement verifies (every signature valid and chained to a trusted
 * root, the last one covering the whole file), was signed with the enrolled certificate of the official recorded as
 * its signer, prints that certificate's NIP, and — for an SK — was signed by the official the routing chose, or by
 * their Plt/Plh under a delegation in force on the decree's date.
 */
export async function checkSignatures(ctx: AuditContext): Promise<void> {
  const report = ctx.reporter('signatures');
  const docs = await ctx.db.selectFrom('document as d')
    .leftJoin('usulan_kp as u', 'u.id', 'd.usulan_id')
    .leftJoin('app_user as s', 's.id', 'd.signed_by_user_id')
    .select([
      'd.id', 'd.kind', 'd.sha256', 'd.usulan_id', 'd.signed_by_user_id', 'd.signer_id', 'd.printed_nip', 'd.capacity',
      'd.on_behalf_of_user_id', 'd.tanggal', 'd.created_at',
      'u.sk_signer_user_id', 'u.sk_tanggal', 'u.penandatangan_sk',
      's.signer_id as user_signer_id', 's.nama as user_nama',
    ])
    .where('d.status', '=', 'BERLAKU')
    .where('d.kind', 'in', ['SK', 'PERTEK', 'PENGANTAR'])
    .orderBy('d.id')
    .execute();
  const delegations = await loadDelegations(ctx.db);
  const certs = new Map<string, Promise<EnrolledOfficial | null>>();
  const enrolled = (signerId: string) => {
    let p = certs.get(signerId);
    if (!p) certs.set(signerId, (p = getOfficialCertificate(ctx.keysDir, signerId).catch(() => null)));
    return p;
  };

  await forEachPooled(docs, ctx.opts.concurrency, async (d) => {
    ctx.count('documents');
    const obj = `document:${d.id}`;
    const what = KIND_LABEL[d.kind] ?? d.kind;
    let verification: PdfVerification;
    try {
      const bytes = await ctx.blobs.get(d.sha256);
      verification = await verifyPdf(bytes, { trustedRootsPem: ctx.trustedRootsPem, now: ctx.now });
    } catch (err) {
      report(obj, `${what} yang berlaku tidak dapat diperiksa: ${errorText(err)}`);
      return;
    }
    const sigs = verification.signatures;
    if (sigs.length === 0) {
      report(obj, `${what} yang berlaku tidak memuat tanda tangan elektronik`);
      return;
    }
    sigs.forEach((s, i) => {
      const n = sigs.length > 1 ? ` ke-${i + 1}` : '';
      const why = s.problems.length ? `: ${s.problems.join('; ')}` : '';
      if (!s.valid) report(obj, `tanda tangan${n} pada ${what} tidak sah${why}`);
      if (!s.chainToRoot) report(obj, `sertifikat tanda tangan${n} pada ${what} tidak berantai ke akar tepercaya${why}`);
      if (s.timestamp.present && !s.timestamp.valid) report(obj, `cap waktu tanda tangan${n} pada ${what} tidak sah`);
    });
    const last = sigs[sigs.length - 1];
    if (!last.coversWholeDocument) report(obj, `${what} diubah setelah tanda tangan terakhir (tanda tangan tidak mencakup seluruh berkas)`);

    // The signer of record and the key that signed.
    if (!d.signed_by_user_id) {
      report(obj, `${what} yang berlaku tidak mencatat pejabat penanda tangannya (signed_by_user_id kosong)`);
    } else if (!d.user_nama) {
      report(obj, `penanda tangan tercatat ${d.signed_by_user_id} bukan pengguna yang dikenal`);
    } else if (!d.user_signer_id) {
      report(obj, `penanda tangan tercatat ${d.signed_by_user_id} tidak memiliki kunci TTE`);
    } else {
      if (d.signer_id && d.signer_id !== d.user_signer_id) {
        report(obj, `kunci tercatat ${d.signer_id} bukan kunci ${d.signed_by_user_id} (${d.user_signer_id})`);
      }
      const cert = await enrolled(d.user_signer_id);
      if (!cert) {
        report(obj, `kunci ${d.user_signer_id} milik ${d.signed_by_user_id} tidak terdaftar di penyimpanan kunci`);
      } else if (!last.signerCertPem) {
        report(obj, 'sertifikat tanda tangan terakhir tidak dapat dibaca');
      } else {
        const used = new X509Certificate(last.signerCertPem);
        if (used.fingerprint256 !== cert.fingerprint256) {
          report(obj, `${what} ditandatangani dengan sertifikat ${last.signerName} (NIP ${last.signerNip}, serial ${used.serialNumber}), `
            + `bukan sertifikat ${d.signed_by_user_id} (NIP ${cert.nip}, serial ${new X509Certificate(cert.certPem).serialNumber})`);
        }
      }
    }
    if (!d.printed_nip) report(obj, `${what} yang berlaku tidak mencatat NIP yang dicetaknya`);
    else if (normalizeNip(d.printed_nip) !== normalizeNip(last.signerNip)) {
      report(obj, `NIP yang dicetak (${d.printed_nip}) bukan NIP pada sertifikat penanda tangan (${last.signerNip || '-'})`);
    }

    // The capacity in which the official signed.
    const signedAt = toDate(d.created_at) ?? ctx.now;
    const tanggal = d.tanggal ?? (d.kind === 'SK' ? d.sk_tanggal : null) ?? todayIn('Asia/Jakarta', signedAt);
    if (!d.capacity) report(obj, `${what} yang berlaku tidak mencatat kapasitas penanda tangan (definitif, Plt atau Plh)`);
    if ((d.capacity === 'PLT' || d.capacity === 'PLH') && d.signed_by_user_id) {
      if (!d.on_behalf_of_user_id) {
        report(obj, `${what} ditandatangani sebagai ${d.capacity} tanpa mencatat pejabat yang diwakili`);
      } else if (!delegationInForce(delegations, { from: d.on_behalf_of_user_id, to: d.signed_by_user_id, jenis: d.capacity, tanggal, signedAt })) {
        report(obj, `tidak ada penunjukan ${d.capacity} dari ${d.on_behalf_of_user_id} kepada ${d.signed_by_user_id} yang berlaku pada ${tanggal}`);
      }
    }
    if (d.kind === 'SK') {
      if (!d.usulan_id) {
        report(obj, 'SK yang berlaku tidak terkait dengan usulan mana pun');
      } else if (!d.sk_signer_user_id) {
        report(obj, `usulan ${d.usulan_id} tidak mencatat pejabat penanda tangan SK yang dipilih (sk_signer_user_id kosong)`);
      } else if (d.capacity === 'DEFINITIF' && d.signed_by_user_id !== d.sk_signer_user_id) {
        report(obj, `SK ditandatangani ${d.signed_by_user_id ?? '-'} sebagai definitif, padahal draf disiapkan untuk ${d.sk_signer_user_id}`);
      } else if ((d.capacity === 'PLT' || d.capacity === 'PLH') && d.on_behalf_of_user_id !== d.sk_signer_user_id) {
        report(obj, `SK ditandatangani ${d.capacity} atas nama ${d.on_behalf_of_user_id ?? '-'}, padahal draf disiapkan untuk ${d.sk_signer_user_id}`);
      }
    }
  });
}
