import type { RuleId } from './eligibility';

/**
 * BKN's reference reasons for a BTS (files) or TMS (requirements) decision; the verifier picks one or more and may add
 * free text, which the *_99 "lainnya" codes require. The list is ours, modelled on common BKN returns.
 */
export interface DecisionReason {
  code: string;
  decision: 'BTS' | 'TMS';
  text: string;
  requiresNote: boolean;
}

const r = (code: string, text: string): DecisionReason =>
  Object.freeze({ code, decision: code.startsWith('BTS') ? 'BTS' : 'TMS', text, requiresNote: code.endsWith('-99') });

export const DECISION_REASONS: readonly DecisionReason[] = Object.freeze([
  r('BTS-01', 'SK pangkat terakhir tidak terbaca'),
  r('BTS-02', 'SK pangkat terakhir tidak sesuai dengan data SIASN'),
  r('BTS-03', 'SKP tidak lengkap atau tidak ditandatangani'),
  r('BTS-04', 'ijazah atau transkrip nilai tidak terbaca'),
  r('BTS-05', 'ijazah atau transkrip nilai tidak dilegalisir'),
  r('BTS-06', 'STLUD tidak dilampirkan'),
  r('BTS-07', 'PAK tidak sesuai atau tidak dilampirkan'),
  r('BTS-08', 'SK jabatan atau surat pelantikan tidak dilampirkan'),
  r('BTS-09', 'data pada usulan berbeda dengan dokumen'),
  r('BTS-10', 'dokumen salah unggah (jenis dokumen tidak sesuai)'),
  r('BTS-99', 'lainnya (lihat catatan)'),
  r('TMS-01', 'masa kerja dalam pangkat belum memenuhi syarat'),
  r('TMS-02', 'predikat kinerja kurang dari Baik'),
  r('TMS-03', 'golongan tujuan melebihi batas pendidikan'),
  r('TMS-04', 'belum lulus ujian dinas'),
  r('TMS-05', 'sedang menjalani hukuman disiplin'),
  r('TMS-06', 'angka kredit belum memenuhi'),
  r('TMS-07', 'ijazah tidak diakui atau belum lulus ujian penyesuaian'),
  r('TMS-08', 'bukan PNS'),
  r('TMS-09', 'tidak menduduki jabatan yang dipersyaratkan'),
  r('TMS-10', 'data pegawai diblokir'),
  r('TMS-99', 'lainnya (lihat catatan)'),
]);

const BY_CODE = new Map(DECISION_REASONS.map((d) => [d.code, d]));

export function decisionReason(code: string): DecisionReason | undefined {
  return BY_CODE.get(code);
}

export function reasonsFor(decision: 'BTS' | 'TMS'): DecisionReason[] {
  return DECISION_REASONS.filter((d) => d.decision === decision);
}

/** The TMS reason a failed eligibility rule suggests to the verifier. */
export const TMS_REASON_FOR_RULE: Readonly<Record<RuleId, string>> = Object.freeze({
  JENIS_ASN: 'TMS-08',
  ATURAN_BELUM_DIMODELKAN: 'TMS-99',
  PANGKAT_TERTINGGI: 'TMS-99',
  HUKUMAN_DISIPLIN: 'TMS-05',
  BLOKIR_BKN: 'TMS-10',
  MASA_KERJA_PANGKAT: 'TMS-01',
  PENILAIAN_KINERJA: 'TMS-02',
  BATAS_PANGKAT_PENDIDIKAN: 'TMS-03',
  STLUD: 'TMS-04',
  GOLONGAN_TUJUAN: 'TMS-07',
  TANPA_JABATAN_STRUKTURAL_FUNGSIONAL: 'TMS-99',
  MENDUDUKI_JABATAN_STRUKTURAL: 'TMS-09',
  JALUR_JABATAN_STRUKTURAL: 'TMS-99',
  MASA_JABATAN: 'TMS-01',
  BATAS_PANGKAT_JABATAN: 'TMS-99',
  MENDUDUKI_JABATAN_FUNGSIONAL: 'TMS-09',
  ANGKA_KREDIT: 'TMS-06',
  JENJANG_JABATAN_FUNGSIONAL: 'TMS-06',
  IJAZAH_DIAKUI: 'TMS-07',
  UJIAN_PENYESUAIAN_IJAZAH: 'TMS-07',
  KEPUTUSAN_PRESTASI: 'TMS-99',
  KEPUTUSAN_PENEMUAN_BARU: 'TMS-99',
  BATAS_PANGKAT_ATASAN: 'TMS-99',
});

export interface DecisionReasonInput {
  codes: readonly string[];
  note?: string;
}

/** Checks a verifier's reasons for a decision; returns Indonesian problems, empty when acceptable. */
export function validateDecisionReasons(decision: 'BTS' | 'TMS', input: DecisionReasonInput): string[] {
  const problems: string[] = [];
  if (input.codes.length === 0) problems.push(`keputusan ${decision} harus disertai minimal satu alasan`);
  for (const code of input.codes) {
    const d = BY_CODE.get(code);
    if (!d) problems.push(`kode alasan ${code} tidak dikenal`);
    else if (d.decision !== decision) problems.push(`kode alasan ${code} bukan alasan ${decision}`);
    else if (d.requiresNote && !input.note?.trim()) problems.push(`alasan ${code} memerlukan catatan`);
  }
  return problems;
}
