/** What the upload gate answers: accepted with a page count, or refused with a code for the API and a reason for the uploader. */

export type InspectRefusalCode =
  | 'NOT_PDF'
  | 'TOO_LARGE'
  | 'ENCRYPTED'
  | 'ACTIVE_CONTENT'
  | 'DECOMPRESSION_BOMB'
  | 'POLYGLOT'
  | 'AMBIGUOUS'
  | 'UNPARSABLE'
  | 'TIMEOUT'
  | 'INSPECTOR_FAILED';

export type InspectResult = { ok: true; pages: number } | { ok: false; code: InspectRefusalCode; reason: string; detail?: string };

export const REASONS: Record<InspectRefusalCode, string> = {
  NOT_PDF: 'Berkas bukan PDF: berkas PDF harus diawali dengan "%PDF-".',
  TOO_LARGE: 'Ukuran berkas melebihi batas yang diizinkan.',
  ENCRYPTED: 'PDF terenkripsi atau dilindungi kata sandi tidak dapat diterima. Unggah PDF tanpa kata sandi.',
  ACTIVE_CONTENT: 'PDF memuat konten yang tidak diizinkan dalam berkas persyaratan',
  DECOMPRESSION_BOMB: 'PDF memuat data terkompresi yang terlalu besar saat dibuka (dicurigai "bom dekompresi").',
  POLYGLOT: 'Berkas memuat data di luar struktur PDF (mis. gabungan PDF dengan ZIP atau HTML) dan tidak dapat diterima.',
  AMBIGUOUS: 'Struktur PDF rusak sehingga aplikasi pembaca PDF dapat menampilkannya secara berbeda. Simpan ulang atau cetak ulang dokumen sebagai PDF lalu unggah kembali.',
  UNPARSABLE: 'PDF rusak atau tidak dapat dibaca. Simpan ulang dokumen sebagai PDF lalu unggah kembali.',
  TIMEOUT: 'Pemeriksaan PDF melebihi batas waktu; dokumen terlalu rumit untuk diperiksa.',
  INSPECTOR_FAILED: 'Pemeriksaan PDF gagal (dokumen terlalu rumit atau terlalu besar untuk diperiksa).',
};

export const refuse = (code: InspectRefusalCode, detail?: string, reason = REASONS[code]): InspectResult => ({
  ok: false,
  code,
  reason,
  ...(detail ? { detail } : {}),
});

export const isRefusalCode = (v: unknown): v is InspectRefusalCode => typeof v === 'string' && v in REASONS;
