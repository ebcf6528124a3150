import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { enrolOfficial, ensureStandInPki, type StandInPki } from '../../signing';

export const KEPALA = {
  id: 'kepala-bkd',
  name: 'Dr. Budi Santoso, S.H., M.Si.',
  nip: '197001011990031001',
  jabatan: 'Kepala Badan Kepegawaian Daerah Provinsi Jawa Tengah',
  passphrase: 'kunci-kepala-2025',
};
export const KABID = {
  id: 'kabid-mutasi',
  name: 'Siti Aminah Nurhaliza, S.Sos.',
  nip: '198001012005012001',
  jabatan: 'Kepala Bidang Mutasi dan Promosi',
  passphrase: 'paraf-kabid-2025',
};

export interface Pki extends StandInPki {
  tmp: string;
}

/** A stand-in PKI with two enrolled officials in a fresh temporary directory. */
export async function makePki(): Promise<Pki> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'usulan-signing-'));
  const keysDir = path.join(tmp, 'keys');
  const pki = await ensureStandInPki(keysDir);
  await enrolOfficial(keysDir, KEPALA);
  await enrolOfficial(keysDir, KABID);
  return { ...pki, tmp };
}

/** A small SK-like document, as the documents/ renderer will produce (standard fonts, no object streams needed). */
export async function skLikePdf(pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText('KEPUTUSAN KEPALA BADAN KEPEGAWAIAN DAERAH', { x: 100, y: 760, size: 12, font });
    page.drawText(`NOMOR 800/1234/BKD/2025 - halaman ${i + 1}`, { x: 170, y: 740, size: 10, font });
    page.drawText('TENTANG KENAIKAN PANGKAT PEGAWAI NEGERI SIPIL', { x: 130, y: 720, size: 10, font });
  }
  return doc.save();
}

/** An NSS database that trusts only the stand-in root, for pdfsig. */
export function nssDbTrusting(rootPem: string, dir: string): string {
  const db = path.join(dir, `nss-${Math.random().toString(36).slice(2)}`);
  execFileSync('mkdir', ['-p', db]);
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  const rootFile = path.join(db, 'root.pem');
  writeFileSync(rootFile, rootPem);
  execFileSync('certutil', ['-A', '-n', 'stand-in-root', '-t', 'CT,C,C', '-i', rootFile, '-d', `sql:${db}`]);
  return db;
}

/** pdfsig's report; it exits 0 even when a digest does not match, so callers read the text. */
export function pdfsig(nssDb: string, pdf: Uint8Array, dir: string): string {
  const file = path.join(dir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${nssDb}`, file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/** Splits pdfsig's report into one block per signature. */
export function pdfsigBlocks(report: string): string[] {
  return report.split(/^Signature #\d+:$/m).slice(1);
}
