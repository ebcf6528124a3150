import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { DOCUMENT_TYPES, type DocumentCode } from '../../domain/documents';
import type { EmployeePlan, EmployeeState } from './employees';

/**
 * Berkas for the completeness gate. One small, valid PDF per document type ("Contoh berkas ..."), shared by every
 * employee's row of that type: the store is content-addressed, so 4,000 rows cost 25 blobs.
 */
export interface DemoBlob {
  code: DocumentCode;
  bytes: Uint8Array;
  sha256: string;
  size: number;
}

/** Fixed, so the bytes (and the hashes in the rows) are the same on every run. */
const PDF_DATE = new Date('2026-01-01T00:00:00Z');

async function renderPdf(code: DocumentCode): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Contoh berkas ${DOCUMENT_TYPES[code].name}`);
  doc.setProducer('usulan demo seed');
  doc.setCreationDate(PDF_DATE);
  doc.setModificationDate(PDF_DATE);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(`Contoh berkas ${DOCUMENT_TYPES[code].name}`, { x: 56, y: 770, size: 16, font, color: rgb(0, 0, 0) });
  page.drawText('Dokumen contoh untuk demonstrasi aplikasi usulan; bukan dokumen resmi.', { x: 56, y: 745, size: 10, font });
  return doc.save({ useObjectStreams: false });
}

const cache = new Map<DocumentCode, Promise<DemoBlob>>();

export function demoBlob(code: DocumentCode): Promise<DemoBlob> {
  let p = cache.get(code);
  if (!p) {
    p = renderPdf(code).then((bytes) => ({
      code, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength,
    }));
    cache.set(code, p);
  }
  return p;
}

export interface BerkasItem {
  code: DocumentCode;
  /** Distinguishes several documents of one type (SKP per year, STLUD per level). */
  suffix: string | null;
}

/** The berkas an employee has uploaded, minus the ones a demo case leaves out on purpose. */
export function berkasFor(plan: EmployeePlan, state: EmployeeState): BerkasItem[] {
  const items: BerkasItem[] = [];
  const add = (code: DocumentCode, suffix: string | null = null): void => { items.push({ code, suffix }); };
  if (plan.jenisAsn === 'PNS') {
    add('SK_CPNS');
    add('SK_PNS');
    add('SK_PANGKAT_TERAKHIR');
  }
  for (const r of state.ratings) add('SKP', String(r.tahun));
  add('IJAZAH');
  add('TRANSKRIP');
  for (const s of state.stlud) add('STLUD', `tingkat${s.tingkat}`);
  if (plan.jabatanJenis === 'FUNGSIONAL') {
    add('PAK');
    add('SK_PENGANGKATAN_PERTAMA_JF');
    add('SK_JABATAN');
  }
  if (plan.jabatanJenis === 'STRUKTURAL') {
    add('SK_JABATAN');
    add('SURAT_PELANTIKAN');
  }
  const x = plan.kpExtra;
  if (x?.penyesuaianLevel) {
    add('AKREDITASI');
    if (x.penyesuaianDiakui) add('IZIN_BELAJAR');
    if (x.penyesuaianUjianLulus) add('SERTIFIKAT_UJIAN_PENYESUAIAN');
    add('URAIAN_TUGAS');
  }
  if (x?.keputusanPrestasi) {
    add('KEPUTUSAN_PPK_PRESTASI');
    add('BUKTI_PRESTASI');
  }
  state.sanctions.forEach((_s, i) => add('SK_HUKUMAN_DISIPLIN', String(i + 1)));

  const missing = new Set(plan.missingDocuments);
  if (missing.has('SKP')) {
    // One SKP (the latest) uploaded, the other years missing: the gate reports "1 of 2".
    const skps = items.filter((i) => i.code === 'SKP');
    const keep = skps[skps.length - 1];
    return items.filter((i) => (i.code === 'SKP' ? i === keep : !missing.has(i.code)));
  }
  return items.filter((i) => !missing.has(i.code));
}

export function berkasId(nip: string, item: BerkasItem): string {
  return `brk-${nip}-${item.code.toLowerCase()}${item.suffix ? `-${item.suffix}` : ''}`;
}

export function berkasFilename(nip: string, item: BerkasItem): string {
  return `${item.code}${item.suffix ? `_${item.suffix}` : ''}_${nip}.pdf`;
}
