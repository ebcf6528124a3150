import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { eventually } from '../helpers/harness';
import { BrowserKit, userOf } from './browser-kit';

/**
 * Issue 14: the operator imports a SIMPEG file from the page. Nothing is written before the operator has seen the dry
 * run per row and confirmed it; the apply shows its progress and ends with a downloadable report; a file the reader
 * refuses says why beside the upload control. At desktop and phone width.
 */
jest.setTimeout(300_000);

const kit = new BrowserKit();
const operator = userOf('OPERATOR');
let nips: string[] = [];
const YEAR = 2016;

beforeAll(async () => {
  await kit.start();
  const rows = await kit.engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', operator.instansiId!).orderBy('nip').limit(3).execute();
  nips = rows.map((r) => r.nip);
  expect(nips).toHaveLength(3);
});
afterAll(async () => {
  await kit.stop();
  expect(kit.pageErrors).toEqual([]);
});

async function waitText(page: Page, selector: string, re: RegExp, timeout = 60_000): Promise<string> {
  return eventually(async () => {
    const t = (await page.locator(selector).textContent().catch(() => '')) ?? '';
    return re.test(t) ? t : undefined;
  }, timeout, 200);
}

const rowCount = (page: Page, selector: string, n: number) => eventually(async () => ((await page.locator(selector).count()) === n ? true : undefined), 30_000, 200);

const ratings = async () => (await sql<{ nip: string; predikat: string }>`
  SELECT nip, predikat FROM employee_rating WHERE tahun = ${YEAR} AND nip = ANY(${nips}::text[]) ORDER BY nip`.execute(kit.engine.db)).rows;

describe('the operator\'s import page', () => {
  it('uploads a template CSV, shows the dry run row by row, applies it after a confirmation and reports the result', async () => {
    const page = await kit.newPage();
    await kit.login(page, operator, '/operator');
    await page.getByRole('link', { name: /Impor data pegawai/ }).click();
    await page.waitForURL((u) => u.pathname === '/operator/impor');
    await page.getByLabel('Set data').selectOption('skp');
    await expect(page.locator('#unduh-templat').getAttribute('href')).resolves.toBe('/api/v1/integrasi/templat/skp.csv');
    await kit.expectAccessible(page);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'impor-awal');

    const before = await ratings();
    const csv = `\ufeffnip;tahun;predikat\r\n${nips[0]};${YEAR};Sangat Baik\r\n${nips[1]};${YEAR};Baik\r\n${nips[2]};${YEAR};Butuh Perbaikan\r\n`;
    await page.getByLabel('Berkas CSV atau XLSX').setInputFiles({ name: 'skp-2016.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Unggah dan uji' }).click();
    await waitText(page, '#pesan-unggah', /Uji selesai: 3 baru, 0 berubah, 0 sama, 0 ditolak/);
    await rowCount(page, '#tabel-rekaman tbody tr', 3);
    const firstRow = (await page.locator('#tabel-rekaman tbody tr').first().textContent()) ?? '';
    expect(firstRow).toContain(nips[0]);
    expect(firstRow).toMatch(/^2.*Baru.*Rekaman baru/);
    // A dry run writes nothing.
    expect(await ratings()).toEqual(before);
    await kit.expectAccessible(page);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'impor-uji');

    await page.getByLabel('Tampilkan').selectOption('DITOLAK');
    await waitText(page, '#jumlah-tampil', /Tidak ada baris/);
    await page.getByLabel('Tampilkan').selectOption('');
    await rowCount(page, '#tabel-rekaman tbody tr', 3);

    await page.getByRole('button', { name: 'Terapkan 3 perubahan' }).click();
    await expect(page.locator('#teks-konfirmasi').textContent()).resolves.toMatch(/3 rekaman akan ditulis.*3 baru dan 0 berubah/);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'impor-konfirmasi');
    await page.getByRole('button', { name: 'Ya, terapkan' }).click();
    await page.locator('#progres[data-status="SELESAI"]').waitFor({ timeout: 120_000 });
    await waitText(page, '#hasil-akhir', /Selesai: 3 baru, 0 berubah, 0 sama, 0 ditolak/);
    await expect(page.locator('#bar-progres').getAttribute('value')).resolves.toBe('3');
    expect(await ratings()).toEqual([
      { nip: nips[0], predikat: 'SANGAT_BAIK' }, { nip: nips[1], predikat: 'BAIK' }, { nip: nips[2], predikat: 'BUTUH_PERBAIKAN' },
    ].sort((a, b) => a.nip.localeCompare(b.nip)));

    // The report downloads as CSV with the session.
    const href = await page.locator('#unduh-hasil').getAttribute('href');
    const report = await page.evaluate<string, string>(async (url) => (await fetch(url, { credentials: 'same-origin' })).text(), href!);
    expect(report).toContain(`;skp;${nips[0]}/${YEAR};${nips[0]};BARU;`);
    // The job is in the list of recent imports.
    await waitText(page, '#tabel-jobs tbody', /skp-2016\.csv.*Selesai/);
    await kit.expectAccessible(page);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'impor-selesai');
  });

  it('on a phone, a file the reader refuses shows its reason beside the upload control and nothing is staged', async () => {
    const page = await kit.newPage(390);
    await kit.login(page, operator, '/operator');
    await page.goto('/operator/impor');
    await page.locator('#tabel-jobs tbody tr').first().waitFor();
    const jobs = await kit.engine.db.selectFrom('import_job').select('id').execute();
    await page.getByLabel('Set data').selectOption('skp');
    await page.getByLabel('Berkas CSV atau XLSX').setInputFiles({ name: 'salah.csv', mimeType: 'text/csv', buffer: Buffer.from(`nip;tahun;nilai\n${nips[0]};${YEAR};90\n`) });
    await page.getByRole('button', { name: 'Unggah dan uji' }).click();
    const message = await waitText(page, '#pesan-unggah', /Berkas ditolak/);
    expect(message).toMatch(/Judul kolom tidak dikenal untuk SKP tahunan: nilai/);
    await expect(page.locator('#pesan-unggah').getAttribute('class')).resolves.toContain('error');
    await expect(page.getByLabel('Berkas CSV atau XLSX').getAttribute('aria-invalid')).resolves.toBe('true');
    // The message is announced and sits in the upload form, next to the file control.
    await expect(page.locator('#form-impor #pesan-unggah[aria-live="polite"]').count()).resolves.toBe(1);
    expect((await kit.engine.db.selectFrom('import_job').select('id').execute()).length).toBe(jobs.length);

    await page.getByLabel('Berkas CSV atau XLSX').setInputFiles({ name: 'bukan.csv', mimeType: 'text/csv', buffer: Buffer.from('%PDF-1.7\n%\xe2\xe3\n', 'latin1') });
    await page.getByRole('button', { name: 'Unggah dan uji' }).click();
    await waitText(page, '#pesan-unggah', /bukan CSV atau XLSX/);
    await kit.expectAccessible(page, { noOverflow: true });
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'impor-ponsel-ditolak');
  });
});
