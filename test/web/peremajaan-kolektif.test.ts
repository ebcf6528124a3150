import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { eventually, type TestEngine } from '../helpers/harness';
import { BrowserKit, userOf } from './browser-kit';
import { expectConsistent } from '../helpers/audit';

jest.setTimeout(300_000);

const FILES = path.join(__dirname, '..', '..', 'test-output', 'peremajaan-kolektif');
const kit = new BrowserKit();
let engine: TestEngine;
const operator = () => userOf('OPERATOR', (u) => u.instansiId === 'I-3300');

async function pdf(name: string, text: string): Promise<string> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  const file = path.join(FILES, name);
  fs.writeFileSync(file, await doc.save());
  return file;
}

async function waitText(page: Page, selector: string, re: RegExp): Promise<string> {
  let seen = '';
  try {
    return await eventually(async () => {
      seen = (await page.locator(selector).textContent().catch(() => '')) ?? '';
      return re.test(seen) ? seen : undefined;
    }, 60_000, 200);
  } catch {
    throw new Error(`${selector} never matched ${re}; it said: ${JSON.stringify(seen)}`);
  }
}

/** A leaf unit of the instansi with a few people, so the page's "whole unit" pick stays small. */
async function smallLeafUnit(instansiId: string, min: number, max: number): Promise<{ id: string; nama: string; nips: string[] }> {
  const units = await engine.db.selectFrom('unor as u').select(['u.id', 'u.nama'])
    .where('u.instansi_id', '=', instansiId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('unor as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))))
    .orderBy('u.id').execute();
  for (const u of units) {
    const nips = (await engine.db.selectFrom('employee').select('nip').where('unor_id', '=', u.id).orderBy('nama').orderBy('nip').execute()).map((e) => e.nip);
    if (nips.length >= min && nips.length <= max) return { ...u, nips };
  }
  throw new Error(`no leaf unit of ${instansiId} with ${min}-${max} employees`);
}

beforeAll(async () => {
  fs.mkdirSync(FILES, { recursive: true });
  await kit.start();
  engine = kit.engine;
});
afterAll(async () => {
  await kit.stop();
});

describe('the collective peremajaan page', () => {
  it('takes a whole unit and pasted NIPs, one certificate per person, and shows the result per NIP', async () => {
    const unit = await smallLeafUnit('I-3300', 3, 12);
    const foreign = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3515').orderBy('nip').executeTakeFirstOrThrow()).nip;
    const page = await kit.newPage();
    await kit.login(page, operator(), '/operator');
    await page.getByRole('link', { name: 'Peremajaan kolektif' }).click();
    await page.waitForURL((u) => u.pathname === '/operator/peremajaan-kolektif');
    await page.getByLabel('Area data').selectOption('DIKLAT');
    await page.getByLabel('Data yang diubah').selectOption('namaDiklat');
    await page.getByLabel('Nilai baru').fill('Bimbingan Teknis Arsip Digital');
    await expect(page.locator('#kol-dokumen-wajib').textContent()).resolves.toMatch(/Sertifikat Diklat — wajib — per pegawai/);
    await page.getByLabel('Ambil dari unit kerja (termasuk unit di bawahnya)').selectOption(unit.id);
    await page.getByRole('button', { name: 'Tambahkan pegawai unit ini' }).click();
    await waitText(page, '#kol-pesan', new RegExp(`${unit.nips.length} pegawai ditambahkan`));
    await page.getByLabel(/Atau tempel daftar NIP/).fill(`${foreign}, 12345\n${unit.nips[0]}`);
    await page.getByRole('button', { name: 'Tambahkan NIP' }).click();
    await waitText(page, '#kol-pesan', /1 NIP ditambahkan; 1 bukan NIP 18 angka .*12345/);
    await expect(page.locator('#kol-jumlah').textContent()).resolves.toBe(String(unit.nips.length + 1));
    // One added by mistake is taken out again.
    const stray = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').where('nip', 'not in', unit.nips).orderBy('nip').executeTakeFirstOrThrow()).nip;
    await page.getByLabel(/Atau tempel daftar NIP/).fill(stray);
    await page.getByRole('button', { name: 'Tambahkan NIP' }).click();
    await expect(page.locator('#kol-jumlah').textContent()).resolves.toBe(String(unit.nips.length + 2));
    await page.getByRole('button', { name: `Hapus ${stray} dari daftar` }).click();
    await expect(page.locator('#kol-jumlah').textContent()).resolves.toBe(String(unit.nips.length + 1));

    // Everyone of the unit but the last gets their certificate; the foreign NIP and the last one do not.
    const withPaper = unit.nips.slice(0, -1);
    for (const nip of withPaper) await page.getByLabel(`Dokumen perorangan ${nip}`).setInputFiles(await pdf(`sertifikat-${nip}.pdf`, `Sertifikat ${nip}`));
    await kit.expectAccessible(page, { noOverflow: true });
    await kit.shot(page, 'peremajaan-kolektif-isi');
    await page.getByRole('button', { name: `Ajukan peremajaan untuk ${unit.nips.length + 1} pegawai` }).click();
    await waitText(page, '#kol-pesan', new RegExp(`${withPaper.length} diterima, 2 ditahan`));
    const status = async (nip: string) => page.locator(`#tabel-hasil-kolektif tr[data-nip="${nip}"]`).getAttribute('data-status');
    for (const nip of withPaper) expect(await status(nip)).toBe('DITERIMA');
    expect(await status(unit.nips.at(-1)!)).toBe('DITAHAN');
    await expect(page.locator(`#tabel-hasil-kolektif tr[data-nip="${unit.nips.at(-1)}"]`).textContent()).resolves.toMatch(/Sertifikat Diklat belum diunggah/);
    // The foreign NIP's upload is refused (not in scope) and it is held; the others went on.
    await expect(page.locator(`#tabel-hasil-kolektif tr[data-nip="${foreign}"]`).textContent()).resolves.toMatch(/tidak terdaftar sebagai pegawai instansi Anda/);
    await kit.shot(page, 'peremajaan-kolektif-hasil');
    const stored = await engine.db.selectFrom('peremajaan_change').select(['nip', 'documents']).where('nip', 'in', withPaper).where('field', '=', 'namaDiklat').execute();
    expect(stored.map((s) => s.nip).sort()).toEqual([...withPaper].sort());
    const owners = await engine.db.selectFrom('document').select(['id', 'owner_nip']).where('id', 'in', stored.flatMap((s) => s.documents)).execute();
    for (const s of stored) expect(owners.find((o) => o.id === s.documents[0])?.owner_nip).toBe(s.nip);
  });

  it('moves a section with one shared decree', async () => {
    const unit = await smallLeafUnit('I-3300', 2, 12);
    const target = (await engine.db.selectFrom('unor').select('id').where('instansi_id', '=', 'I-3300').where('id', '!=', unit.id).orderBy('id').executeTakeFirstOrThrow()).id;
    const page = await kit.newPage();
    await kit.login(page, operator(), '/operator');
    await page.goto('/operator/peremajaan-kolektif');
    await page.getByLabel('Area data').selectOption('UNIT_KERJA');
    await page.getByLabel('Data yang diubah').selectOption('unorId');
    await page.locator('#kol-nilai option[value="' + target + '"]').waitFor({ state: 'attached' });
    await page.getByLabel('Nilai baru').selectOption(target);
    await expect(page.locator('#kol-jenis-perorangan-field').isHidden()).resolves.toBe(true);
    // The list comes as a CSV export: every 18-digit NIP in it is taken.
    const csv = path.join(FILES, 'daftar-nip.csv');
    fs.writeFileSync(csv, `nip;nama\n${unit.nips[0]};satu\n${unit.nips[1]};dua\n`);
    await page.getByLabel(/Atau unggah daftar NIP/).setInputFiles(csv);
    await waitText(page, '#kol-pesan', /2 NIP ditambahkan dari daftar-nip.csv/);
    await page.getByLabel('Jenis dokumen bersama').selectOption('SK_MUTASI_UNIT');
    await page.getByLabel('Dokumen bersama (PDF)').setInputFiles(await pdf('sk-mutasi.pdf', 'SK Mutasi'));
    await page.getByRole('button', { name: 'Ajukan peremajaan untuk 2 pegawai' }).click();
    await waitText(page, '#kol-pesan', /2 diterima, 0 ditahan/);
    const changes = await engine.db.selectFrom('peremajaan_change').select(['nip', 'documents']).where('nip', 'in', unit.nips.slice(0, 2)).where('field', '=', 'unorId').execute();
    expect(changes).toHaveLength(2);
    expect(changes[0].documents).toEqual(changes[1].documents);
    const owners = await engine.db.selectFrom('shared_document_owner').select('nip').where('document_id', '=', changes[0].documents[0]).execute();
    expect(owners.map((o) => o.nip).sort()).toEqual(unit.nips.slice(0, 2).sort());
    await kit.expectAccessible(page, { noOverflow: true });
    expect(kit.pageErrors).toEqual([]);
  });

  it('lets the approver approve every waiting change at once, each decided on its own', async () => {
    const waiting = await engine.db.selectFrom('peremajaan_change').innerJoin('usulan_peremajaan', 'usulan_peremajaan.id', 'peremajaan_change.usulan_id')
      .select(['peremajaan_change.id', 'peremajaan_change.usulan_id']).where('usulan_peremajaan.instansi_id', '=', 'I-3300')
      .where('peremajaan_change.status', '=', 'MENUNGGU').where('peremajaan_change.authority', '=', 'INSTANSI').execute();
    expect(waiting.length).toBeGreaterThan(3);
    const page = await kit.newPage();
    await kit.login(page, userOf('APPROVER', (u) => u.username === 'pyb.jateng'), '/persetujuan');
    await page.getByRole('tab', { name: /Peremajaan data/ }).click();
    await page.locator(`#tabel-peremajaan tr[data-change-id="${waiting[0].id}"]`).waitFor();
    await page.getByLabel('Pilih semua perubahan').check();
    await expect(page.locator('#peremajaan-terpilih').textContent()).resolves.toBe(`${waiting.length} dipilih`);
    await kit.expectAccessible(page);
    await page.getByRole('button', { name: 'Setujui yang dipilih' }).click();
    await waitText(page, '#peremajaan-pesan', new RegExp(`^${waiting.length} perubahan disetujui\\.$`));
    await kit.shot(page, 'peremajaan-setujui-massal');
    const decided = await engine.db.selectFrom('peremajaan_change').select('status').where('id', 'in', waiting.map((w) => w.id)).execute();
    expect(decided.every((d) => d.status !== 'MENUNGGU')).toBe(true);
    await expect(page.locator('#tabel-peremajaan tbody').textContent()).resolves.toMatch(/Tidak ada perubahan data yang menunggu keputusan/);
  });

  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
  });
});
