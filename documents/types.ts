// Input and output shapes of the document renderers. Everything a document shows comes in as data: the renderers
// compute nothing of the domain (MKG, gaji pokok, golongan are decided by domain/ and passed in).

/** Dates are ISO calendar dates, 'YYYY-MM-DD'. Amounts are rupiah. */
export type IsoDate = string;

/**
 * A rectangle in PDF user space (points, origin at the bottom-left of the page), ordered as a PDF /Rect:
 * [x1 (left), y1 (bottom), x2 (right), y2 (top)].
 */
export type PdfRect = [number, number, number, number];

/** Where the signing module places a visible stamp and its signature widget. */
export interface FieldPlacement {
  pageIndex: number;
  rect: PdfRect;
}

export interface RenderedDocument {
  bytes: Uint8Array;
  /** The reserved, empty box for the electronic signature stamp, on the page where the signer block landed. */
  signatureField: FieldPlacement;
}

export interface RenderedPertek extends RenderedDocument {
  /** The small box for the paraf (initials) next to the signature. */
  parafField: FieldPlacement;
}

export type Kertas = 'A4' | 'F4';

export interface Pegawai {
  nama: string;
  tempatLahir: string;
  tanggalLahir: IsoDate;
  nip: string;
  pendidikan: string;
  jabatan: string;
  unitKerja: string;
  instansi: string;
}

export interface PangkatLama {
  pangkat: string;
  /** 'III/a' */
  golongan: string;
  tmt: IsoDate;
  mkgTahun: number;
  mkgBulan: number;
  gajiPokok: number;
}

export type PangkatBaru = PangkatLama;

export interface Penandatangan {
  /** As printed above the signature, e.g. 'GUBERNUR JAWA TENGAH,' or 'a.n. KEPALA BADAN KEPEGAWAIAN NEGARA'. */
  jabatan: string;
  nama: string;
  nip: string;
}

export interface KopSurat {
  /** Letterhead lines, top to bottom; the first is printed larger and bold. */
  baris: string[];
}

export interface SkKpData {
  nomor: string;
  tanggalPenetapan: IsoDate;
  tempatPenetapan: string;
  /** The office of the PPK as in the heading, e.g. 'GUBERNUR JAWA TENGAH'. */
  jabatanPpk: string;
  kopSurat?: KopSurat;
  pegawai: Pegawai;
  lama: PangkatLama;
  baru: PangkatBaru;
  pertek: {
    nomor: string;
    tanggal: IsoDate;
    /** 'Kepala Kantor Regional I Badan Kepegawaian Negara' or 'Kepala Badan Kepegawaian Negara'. */
    pejabat: string;
  };
  penandatangan: Penandatangan;
  /** Mengingat; defaults to DEFAULT_DASAR_HUKUM. */
  dasarHukum?: readonly string[];
  /** Defaults to DEFAULT_TEMBUSAN. */
  tembusan?: string[];
  /** e.g. 'Reguler', 'Pilihan (Jabatan Fungsional)'; printed in the Menimbang when given. */
  jenisKp?: string;
  /** Default 'A4'. */
  kertas?: Kertas;
}

export interface PertekData {
  nomor: string;
  tanggal: IsoDate;
  /** City printed before the date, e.g. 'Yogyakarta'. */
  tempat: string;
  /** Letterhead of the issuing office; defaults to 'BADAN KEPEGAWAIAN NEGARA'. */
  kopSurat?: KopSurat;
  /** The PPK the Pertek is addressed to, e.g. 'Gubernur Jawa Tengah'. */
  kepada: string;
  /** The instansi's proposal letter, when known. */
  usulan?: { nomor: string; tanggal: IsoDate };
  pegawai: Pegawai;
  lama: Pick<PangkatLama, 'pangkat' | 'golongan' | 'tmt'>;
  baru: PangkatBaru;
  jenisKp?: string;
  penandatangan: Penandatangan;
  tembusan?: string[];
  kertas?: Kertas;
}
