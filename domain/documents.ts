import { kpTypeRules, optionsUnderVersion } from './eligibility';
import { kpType, type KpTypeCode, type KpTypeRef } from './kp-types';
import type { KpRuleVersion } from './kp-rule-versions';
import type { PeremajaanArea } from './peremajaan';

export interface DocumentType {
  code: string;
  /** The SIASN dokumen id; null for our own types, which SIASN's public API does not list (source LOKAL). */
  siasnId: number | null;
  source: 'SIASN' | 'LOKAL';
  name: string;
}

const siasn = (code: string, siasnId: number, name: string): DocumentType =>
  Object.freeze({ code, siasnId, source: 'SIASN', name });
const lokal = (code: string, name: string): DocumentType => Object.freeze({ code, siasnId: null, source: 'LOKAL', name });

export const DOCUMENT_TYPES = Object.freeze({
  IJAZAH: siasn('IJAZAH', 870, 'Ijazah'),
  TRANSKRIP: siasn('TRANSKRIP', 871, 'Transkrip Nilai'),
  SK_JABATAN: siasn('SK_JABATAN', 872, 'SK Jabatan'),
  SURAT_PELANTIKAN: siasn('SURAT_PELANTIKAN', 873, 'Surat Pelantikan'),
  SERTIFIKAT_DIKLAT: siasn('SERTIFIKAT_DIKLAT', 874, 'Sertifikat Diklat'),
  PAK: siasn('PAK', 879, 'Penetapan Angka Kredit (PAK)'),
  SK_PAK: siasn('SK_PAK', 880, 'SK PAK'),
  SK_HUKUMAN_DISIPLIN: siasn('SK_HUKUMAN_DISIPLIN', 882, 'SK Hukuman Disiplin'),
  SK_PNS: siasn('SK_PNS', 887, 'SK PNS'),
  SPMT: siasn('SPMT', 888, 'Surat Pernyataan Melaksanakan Tugas (SPMT)'),
  SK_CPNS: siasn('SK_CPNS', 889, 'SK CPNS'),
  SKP: siasn('SKP', 891, 'Sasaran Kinerja Pegawai (SKP)'),
  SK_PANGKAT_TERAKHIR: lokal('SK_PANGKAT_TERAKHIR', 'SK Kenaikan Pangkat Terakhir'),
  STLUD: lokal('STLUD', 'Surat Tanda Lulus Ujian Dinas (STLUD)'),
  AKREDITASI: lokal('AKREDITASI', 'Bukti Akreditasi Program Studi'),
  IZIN_BELAJAR: lokal('IZIN_BELAJAR', 'Surat Izin Belajar / Tugas Belajar'),
  SERTIFIKAT_UJIAN_PENYESUAIAN: lokal('SERTIFIKAT_UJIAN_PENYESUAIAN', 'Sertifikat Lulus Ujian Penyesuaian Kenaikan Pangkat'),
  URAIAN_TUGAS: lokal('URAIAN_TUGAS', 'Uraian Tugas'),
  KEPUTUSAN_PPK_PRESTASI: lokal('KEPUTUSAN_PPK_PRESTASI', 'Keputusan PPK tentang Prestasi Luar Biasa'),
  BUKTI_PRESTASI: lokal('BUKTI_PRESTASI', 'Bukti Prestasi'),
  SK_PENGANGKATAN_PERTAMA_JF: lokal('SK_PENGANGKATAN_PERTAMA_JF', 'SK Pengangkatan Pertama dalam Jabatan Fungsional'),
  AKTA_KELAHIRAN: lokal('AKTA_KELAHIRAN', 'Akta Kelahiran'),
  KTP: lokal('KTP', 'Kartu Tanda Penduduk'),
  KARTU_KELUARGA: lokal('KARTU_KELUARGA', 'Kartu Keluarga'),
  AKTA_NIKAH: lokal('AKTA_NIKAH', 'Akta Nikah / Akta Perkawinan'),
  AKTA_CERAI: lokal('AKTA_CERAI', 'Akta Cerai'),
  AKTA_KEMATIAN: lokal('AKTA_KEMATIAN', 'Akta Kematian'),
  SURAT_PERNYATAAN: lokal('SURAT_PERNYATAAN', 'Surat Pernyataan Bermeterai'),
  SK_MUTASI_UNIT: lokal('SK_MUTASI_UNIT', 'SK Mutasi / Penempatan Unit Kerja'),
  PIAGAM_PENGHARGAAN: lokal('PIAGAM_PENGHARGAAN', 'Piagam / SK Penghargaan'),
  SK_PMK: lokal('SK_PMK', 'SK Peninjauan Masa Kerja'),
  SK_ORGANISASI: lokal('SK_ORGANISASI', 'SK / Surat Keterangan Keanggotaan Organisasi'),
});

export type DocumentCode = keyof typeof DOCUMENT_TYPES;

/**
 * Documents that can name several employees at once (a decree placing a whole section, a collective pelantikan, an SK
 * penghargaan or keanggotaan listing its members): one upload may support the change of everyone it names. Every other
 * type is a personal paper (ijazah, akta, sertifikat diklat, SKP) and supports only its owner's change.
 */
export const MULTI_OWNER_DOCUMENTS: ReadonlySet<DocumentCode> = new Set<DocumentCode>([
  'SK_MUTASI_UNIT', 'SK_JABATAN', 'SURAT_PELANTIKAN', 'PIAGAM_PENGHARGAAN', 'SK_ORGANISASI',
]);

export const namesSeveral = (code: string): boolean => MULTI_OWNER_DOCUMENTS.has(code as DocumentCode);

export interface ChecklistItem {
  code: DocumentCode;
  siasnId: number | null;
  name: string;
  mandatory: boolean;
  /** How many are needed, e.g. one SKP per rated year. */
  count: number;
  /** Other documents that satisfy the item instead (pelantikan record or SPMT). */
  alternatives: DocumentCode[];
}

const item = (
  code: DocumentCode, opts: { mandatory?: boolean; count?: number; alternatives?: DocumentCode[]; name?: string } = {},
): ChecklistItem => {
  const d = DOCUMENT_TYPES[code];
  return {
    code,
    siasnId: d.siasnId,
    name: opts.name ?? d.name,
    mandatory: opts.mandatory ?? true,
    count: opts.count ?? 1,
    alternatives: opts.alternatives ?? [],
  };
};

export interface KpChecklistContext {
  crossesBand: boolean;
  firstKp: boolean;
  /**
   * Whether this person needs an ujian dinas certificate for this KP, as eligibility decided it (band crossing less the
   * exemptions of PP 99/2000 jo. PP 12/2002). When given it decides; without it, the type's band-crossing rule does.
   */
  stludRequired?: boolean;
  /** The rule version the usulan is judged by: its rating years set the SKP count, its berkas changes apply. */
  version?: KpRuleVersion;
}

/**
 * Berkas per KP type (DOMAIN.md). Two readings made here: STLUD follows the eligibility table (only types whose rule
 * asks for it on a band crossing, i.e. reguler), and SK CPNS/PNS are asked for on any type's first KP. Types DOMAIN.md
 * gives no list for get the reguler base (simplified).
 */
export function kpChecklist(kpTypeRef: KpTypeRef, context: KpChecklistContext): ChecklistItem[] {
  const code: KpTypeCode = kpType(kpTypeRef).code;
  const rules = kpTypeRules(code, context.version ? optionsUnderVersion(context.version) : {});
  const skp = (years: number): ChecklistItem =>
    item('SKP', { count: years, name: years === 1 ? 'SKP 1 tahun terakhir' : `SKP ${years} tahun terakhir` });
  const base = (): ChecklistItem[] => [
    item('SK_PANGKAT_TERAKHIR'),
    skp(Math.max(rules.ratingYears, 1)),
    item('IJAZAH', { name: 'Ijazah pendidikan terakhir' }),
    item('TRANSKRIP', { name: 'Transkrip nilai pendidikan terakhir' }),
  ];

  let items: ChecklistItem[];
  switch (code) {
    case 'JABATAN_FUNGSIONAL':
      items = [...base(), item('PAK'), item('SK_PENGANGKATAN_PERTAMA_JF'), item('SK_JABATAN')];
      break;
    case 'JABATAN_STRUKTURAL':
      items = [...base(), item('SK_JABATAN'), item('SURAT_PELANTIKAN', { alternatives: ['SPMT'] })];
      break;
    case 'PENYESUAIAN_IJAZAH':
      items = [
        item('IJAZAH'), item('TRANSKRIP'), item('AKREDITASI'), item('IZIN_BELAJAR'),
        item('SERTIFIKAT_UJIAN_PENYESUAIAN'), item('URAIAN_TUGAS'), skp(rules.ratingYears),
      ];
      break;
    case 'PRESTASI_LUAR_BIASA':
      items = [item('KEPUTUSAN_PPK_PRESTASI'), item('BUKTI_PRESTASI'), skp(rules.ratingYears)];
      break;
    case 'ANUMERTA':
      items = [item('SK_PANGKAT_TERAKHIR')];
      break;
    default:
      items = base();
  }
  const stlud = context.stludRequired ?? (context.crossesBand && rules.stludOnBandCrossing);
  if (stlud) items.push(item('STLUD'));
  if (context.firstKp) items.push(item('SK_CPNS'), item('SK_PNS'));
  const changes = context.version?.documents?.[code];
  for (const add of changes?.add ?? []) if (!items.some((i) => i.code === add)) items.push(item(add));
  return changes?.optional ? items.map((i) => (changes.optional!.includes(i.code) ? { ...i, mandatory: false } : i)) : items;
}

export interface MissingDocument {
  item: ChecklistItem;
  present: number;
}

/**
 * The mandatory items not covered by `presentCodes`; a code listed twice counts twice (two SKPs). This is the
 * completeness gate: an usulan goes on only when this is empty.
 */
export function missingDocuments(checklist: readonly ChecklistItem[], presentCodes: readonly string[]): MissingDocument[] {
  const counts = new Map<string, number>();
  for (const c of presentCodes) counts.set(c, (counts.get(c) ?? 0) + 1);
  const missing: MissingDocument[] = [];
  for (const i of checklist) {
    if (!i.mandatory) continue;
    const present = Math.max(...[i.code, ...i.alternatives].map((c) => counts.get(c) ?? 0));
    if (present < i.count) missing.push({ item: i, present });
  }
  return missing;
}

/** 'SKP 2 tahun terakhir (ada 1 dari 2)' style lines for the operator. */
export function describeMissing(missing: readonly MissingDocument[]): string[] {
  return missing.map(({ item: i, present }) => {
    const alt = i.alternatives.length > 0 ? ` atau ${i.alternatives.map((a) => DOCUMENT_TYPES[a].name).join(' atau ')}` : '';
    const n = i.count > 1 ? ` (ada ${present} dari ${i.count})` : '';
    return `${i.name}${alt} belum diunggah${n}`;
  });
}

/**
 * Supporting documents per peremajaan area; a field listed in `byField` adds its own items (a new birth date needs
 * the birth certificate, a new marital status the marriage or divorce deed). The lists are a reasonable reading of
 * Kepka BKN 87/2021 practice, not a confirmed table.
 */
export const PEREMAJAAN_DOCUMENTS: Readonly<Record<PeremajaanArea, { base: ChecklistItem[]; byField: Record<string, ChecklistItem[]> }>> = {
  DATA_PRIBADI: {
    base: [],
    byField: {
      nama: [item('AKTA_KELAHIRAN', { alternatives: ['IJAZAH'] })],
      tempatLahir: [item('AKTA_KELAHIRAN')],
      tanggalLahir: [item('AKTA_KELAHIRAN')],
      jenisKelamin: [item('AKTA_KELAHIRAN')],
      agama: [item('SURAT_PERNYATAAN')],
      statusPerkawinan: [item('AKTA_NIKAH', { alternatives: ['AKTA_CERAI', 'AKTA_KEMATIAN'] })],
      alamat: [item('KTP')],
    },
  },
  PENDIDIKAN: {
    base: [item('IJAZAH'), item('TRANSKRIP')],
    byField: {
      gelarDepan: [item('AKREDITASI'), item('IZIN_BELAJAR')],
      gelarBelakang: [item('AKREDITASI'), item('IZIN_BELAJAR')],
    },
  },
  JABATAN: { base: [item('SK_JABATAN'), item('SURAT_PELANTIKAN', { alternatives: ['SPMT'] })], byField: {} },
  UNIT_KERJA: { base: [item('SK_MUTASI_UNIT')], byField: {} },
  DIKLAT: { base: [item('SERTIFIKAT_DIKLAT')], byField: {} },
  SKP: { base: [item('SKP')], byField: {} },
  PENGHARGAAN: { base: [item('PIAGAM_PENGHARGAAN')], byField: {} },
  KELUARGA: {
    base: [item('KARTU_KELUARGA')],
    byField: {
      hubungan: [item('AKTA_NIKAH', { mandatory: false })],
      tanggalLahir: [item('AKTA_KELAHIRAN')],
      statusHidup: [item('AKTA_KEMATIAN', { mandatory: false })],
    },
  },
  GOLONGAN: { base: [item('SK_PANGKAT_TERAKHIR', { name: 'SK Kenaikan Pangkat' })], byField: {} },
  MASA_KERJA: { base: [item('SK_PMK')], byField: {} },
  STATUS_KEPEGAWAIAN: { base: [item('SK_CPNS'), item('SPMT', { mandatory: false })], byField: { statusKepegawaian: [item('SK_PNS')] } },
  ORGANISASI: { base: [item('SK_ORGANISASI')], byField: {} },
};

/** Items for a change touching `fields` of `area`, without duplicates. */
export function peremajaanChecklist(area: PeremajaanArea, fields: readonly string[] = []): ChecklistItem[] {
  const spec = PEREMAJAAN_DOCUMENTS[area];
  const out = new Map<string, ChecklistItem>();
  for (const i of [...spec.base, ...fields.flatMap((f) => spec.byField[f] ?? [])]) {
    const prev = out.get(i.code);
    if (!prev || (!prev.mandatory && i.mandatory)) out.set(i.code, i);
  }
  return [...out.values()];
}
