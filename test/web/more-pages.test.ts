import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { eventually, type TestEngine } from '../helpers/harness';
import { BrowserKit, userOf, type DemoUser } from './browser-kit';
import { expectConsistent } from '../helpers/audit';
import { DEMO_CASES } from '../../db/seed';

jest.setTimeout(300_000);

const FILES = path.join(__dirname, '..', '..', 'test-output', 'more-pages');
const kit = new BrowserKit();
const newPage = (width?: number) => kit.newPage(width);
const shot = (page: Page, name: string) => kit.shot(page, name);
const expectAccessible = (page: Page) => kit.expectAccessible(page, { noOverflow: true });
const login = (page: Page, user: DemoUser, landing: string) => kit.login(page, user, landing);
const pageErrors = kit.pageErrors;
let engine: TestEngine;
const caseNip = (key: string): string => {
  const c = DEMO_CASES.find((x) => x.key === key);
  if (!c) throw new Error(`no demo case ${key}`);
  return c.nip;
};

/** Waits until the locator's text matches. */
async function waitText(locator: ReturnType<Page['locator']>, re: RegExp, timeout = 30_000): Promise<string> {
  return eventually(async () => {
    const t = (await locator.textContent().catch(() => '')) ?? '';
    return re.test(t) ? t : undefined;
  }, timeout, 200);
}

async function makePdf(file: string, text: string): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font });
  fs.writeFileSync(file, await doc.save());
  return file;
}

beforeAll(async () => {
  fs.mkdirSync(FILES, { recursive: true });
  await kit.start();
  engine = kit.engine;
});

afterAll(async () => {
  await kit.stop();
});

describe('more web pages', () => {
  const skpNip = caseNip('BERKAS_KURANG_SKP');
  const operator = () => userOf('OPERATOR', (u) => u.instansiId === DEMO_CASES.find((c) => c.nip === skpNip)!.instansiId);

  it('lets the operator complete the berkas of BERKAS_KURANG_SKP by uploading the missing SKP, and shows refusals', async () => {
    const page = await newPage();
    await login(page, operator(), '/operator');
    await page.getByLabel('Cari NIP atau nama').fill(skpNip);
    await page.getByRole('button', { name: 'Tampilkan pegawai' }).click();
    const row = page.locator(`#tabel-pegawai tr[data-nip="${skpNip}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: /^(Berkas|Lengkapi berkas)/ }).click();
    const panel = page.locator('#panel-berkas');
    await page.locator(`#panel-berkas[data-nip="${skpNip}"][data-lengkap]`).waitFor();
    await expect(page.locator('#berkas-status').textContent()).resolves.toMatch(/Belum lengkap/);
    await expect(page.locator('#tabel-berkas tr[data-kode="SKP"]').textContent()).resolves.toMatch(/✗/);
    await expectAccessible(page);
    await shot(page, 'operator-berkas-belum-lengkap');

    // A text file sent as PDF: the server inspects it and the page shows its reason.
    const notPdf = path.join(FILES, 'bukan-pdf.pdf');
    fs.writeFileSync(notPdf, 'ini bukan PDF\n');
    await page.getByLabel('Jenis dokumen').selectOption('SKP');
    await page.getByLabel('Berkas PDF').setInputFiles(notPdf);
    await page.getByRole('button', { name: 'Unggah' }).click();
    await waitText(page.locator('#berkas-pesan'), /Unggahan ditolak: Berkas bukan PDF/);
    await shot(page, 'operator-berkas-ditolak');

    // The missing SKP year, as a real PDF.
    const have = await engine.db.selectFrom('document').select('tahun').where('owner_nip', '=', skpNip).where('doc_code', '=', 'SKP').where('status', '=', 'BERLAKU').execute();
    const year = Number(await page.getByLabel('Tahun SKP').inputValue());
    expect(have.map((d) => Number(d.tahun))).not.toContain(year);
    const pdf = await makePdf(path.join(FILES, `skp-${year}.pdf`), `SKP ${year} — ${skpNip}`);
    await page.getByLabel('Berkas PDF').setInputFiles(pdf);
    await page.getByRole('button', { name: 'Unggah' }).click();
    await waitText(page.locator('#berkas-pesan'), /tersimpan/);
    await page.locator('#panel-berkas[data-lengkap="true"]').waitFor();
    await expect(page.locator('#berkas-status').textContent()).resolves.toMatch(/^✓ Lengkap$/);
    await expect(panel.locator('#tabel-berkas tr[data-kode="SKP"]').textContent()).resolves.toMatch(/✓/);
    await expectAccessible(page);
    await shot(page, 'operator-berkas-lengkap');

    // The completeness gate of the submission agrees.
    const op = await engine.login(operator().username);
    const ref = await op.get('/api/v1/kp/referensi');
    const res = await op.post('/api/v1/kp/usulan', { periode: ref.body.periodeTerbuka[0], jenisKp: 101, nips: [skpNip] });
    expect(res.status).toBe(201);
    expect(res.body.diterima).toBe(1);

    const phone = await newPage(375);
    await login(phone, operator(), '/operator');
    await phone.locator(`#tabel-pegawai tbody tr`).first().waitFor();
    await phone.locator('#tabel-pegawai tbody tr button.buka-berkas').first().click();
    await phone.locator('#panel-berkas[data-lengkap]').waitFor();
    await shot(phone, 'operator-berkas-ponsel');
  });

  const employee = userOf('EMPLOYEE', (u) => u.nip === caseNip('MASA_KERJA_PANGKAT_KURANG'));
  const newAddress = 'Jl. Pemuda No. 17, Semarang';
  let changeId = '';

  it('lets an employee propose a correction of their address with its KTP, and lists it', async () => {
    const page = await newPage(375);
    await login(page, employee, '/saya');
    await page.locator('#pd-area option').first().waitFor({ state: 'attached' });
    await page.getByLabel('Area data').selectOption('DATA_PRIBADI');
    await page.getByLabel('Data yang diperbaiki').selectOption('alamat');
    await waitText(page.locator('#pd-dokumen-wajib'), /Kartu Tanda Penduduk — wajib/);
    await page.getByLabel('Nilai baru').fill(newAddress);
    await page.getByLabel('Jenis dokumen pendukung').selectOption('KTP');
    await page.getByLabel('Unggah dokumen pendukung (PDF)').setInputFiles(await makePdf(path.join(FILES, 'ktp.pdf'), `KTP ${employee.nip}`));
    await expectAccessible(page);
    await shot(page, 'saya-peremajaan-form');
    await page.getByRole('button', { name: 'Kirim usulan perbaikan' }).click();
    await waitText(page.locator('#pesan'), /^Usulan perbaikan alamat dikirim/);
    const row = page.locator('#daftar-peremajaan tr[data-change-id]').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(newAddress);
    await expect(row.getAttribute('data-status')).resolves.toBe('MENUNGGU');
    changeId = (await row.getAttribute('data-change-id'))!;
    await expectAccessible(page);
    await shot(page, 'saya-peremajaan-daftar');
  });

  it('lets the approver of the instansi (the authority for Data Pribadi) approve it, and the employee sees it applied', async () => {
    expect(changeId).not.toBe('');
    const change = await engine.db.selectFrom('peremajaan_change').select(['authority', 'usulan_id']).where('id', '=', changeId).executeTakeFirstOrThrow();
    expect(change.authority).toBe('INSTANSI');
    const ap = userOf('APPROVER', (u) => u.instansiId === employee.instansiId && u.username.startsWith('pyb.'));
    const page = await newPage();
    await login(page, ap, '/persetujuan');
    await page.getByRole('tab', { name: /Peremajaan data/ }).click();
    const row = page.locator(`#tabel-peremajaan tr[data-change-id="${changeId}"]`);
    await eventually(async () => {
      if ((await row.count()) > 0) return true;
      await page.reload();
      await page.getByRole('tab', { name: /Peremajaan data/ }).click();
      await page.locator('#tabel-peremajaan tbody tr').first().waitFor();
      return (await row.count()) > 0;
    }, 30_000, 1000);
    // The tab is kept in the address: a reload opens the peremajaan queue again, with no click.
    await page.reload();
    await row.waitFor();
    await expect(page.locator('#panel-persetujuan').isHidden()).resolves.toBe(true);
    await expect(row.textContent()).resolves.toContain(newAddress);
    await expectAccessible(page);
    await shot(page, 'persetujuan-peremajaan');
    await row.getByRole('button', { name: /^Setujui/ }).click();
    await waitText(page.locator('#pesan'), /disetujui/);

    const emp = await newPage(375);
    await login(emp, employee, '/saya');
    await eventually(async () => {
      await emp.reload();
      const r = emp.locator(`#daftar-peremajaan tr[data-change-id="${changeId}"]`);
      await r.waitFor();
      return (await r.getAttribute('data-status')) === 'DITERAPKAN';
    }, 60_000, 1000);
    await expect(emp.locator(`#daftar-peremajaan tr[data-change-id="${changeId}"]`).textContent()).resolves.toContain('Diterapkan');
    const rec = await engine.db.selectFrom('employee').select('alamat').where('nip', '=', employee.nip).executeTakeFirstOrThrow();
    expect(rec.alamat).toBe(newAddress);
    await shot(emp, 'saya-peremajaan-diterapkan');
  });

  it('routes a BKN-authority correction (pendidikan) to the verifier, whose rejection reason the employee sees', async () => {
    const emp = await newPage();
    await login(emp, employee, '/saya');
    await emp.locator('#pd-area option').first().waitFor({ state: 'attached' });
    await emp.getByLabel('Area data').selectOption('PENDIDIKAN');
    await emp.getByLabel('Data yang diperbaiki').selectOption('namaSekolah');
    await waitText(emp.locator('#pd-kewenangan'), /BKN/);
    await emp.getByLabel('Nilai baru').fill('Universitas Diponegoro');
    // Ijazah and transkrip are already in the employee's berkas: tick them instead of uploading.
    const existing = emp.locator('#pd-dokumen-ada input[type=checkbox]');
    await existing.first().waitFor();
    for (const box of await existing.all()) await box.check();
    await expectAccessible(emp);
    await emp.getByRole('button', { name: 'Kirim usulan perbaikan' }).click();
    await waitText(emp.locator('#pesan'), /^Usulan perbaikan nama sekolah/);
    const pending = await engine.db.selectFrom('peremajaan_change').select(['id', 'authority']).where('nip', '=', employee.nip)
      .where('area', '=', 'PENDIDIKAN').executeTakeFirstOrThrow();
    expect(pending.authority).toBe('BKN');

    const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', employee.instansiId!).executeTakeFirstOrThrow();
    const vf = userOf('VERIFIER', (u) => u.kanregId === inst.kanreg_id);
    const page = await newPage();
    await login(page, vf, '/verifikasi-bkn');
    const row = page.locator(`#tabel-peremajaan tr[data-change-id="${pending.id}"]`);
    // The tab may be clicked before its script is bound: click until its panel shows the row.
    await eventually(async () => {
      await page.getByRole('tab', { name: /Peremajaan data/ }).click();
      return row.isVisible();
    }, 30_000, 500);
    await expect(row.locator('a').count()).resolves.toBeGreaterThanOrEqual(2);
    await expectAccessible(page);
    await shot(page, 'verifikasi-bkn-peremajaan');
    await row.getByRole('button', { name: /^Tolak/ }).click();
    await waitText(page.locator('#pesan'), /alasan penolakan/i);
    await row.getByLabel(/^Alasan penolakan/).fill('Nama perguruan tinggi pada ijazah berbeda');
    await row.getByRole('button', { name: /^Tolak/ }).click();
    await waitText(page.locator('#pesan'), /ditolak/);

    await eventually(async () => {
      await emp.reload();
      const r = emp.locator(`#daftar-peremajaan tr[data-change-id="${pending.id}"]`);
      await r.waitFor();
      return (await r.getAttribute('data-status')) === 'DITOLAK';
    }, 60_000, 1000);
    await expect(emp.locator(`#daftar-peremajaan tr[data-change-id="${pending.id}"]`).textContent()).resolves.toContain('Nama perguruan tinggi pada ijazah berbeda');
    await shot(emp, 'saya-peremajaan-ditolak');
  });

  it('renders the admin dashboard with SVG charts, headings and text alternatives', async () => {
    const admin = userOf('ADMIN');
    const page = await newPage();
    await login(page, admin, '/operator');
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.waitForURL((u) => u.pathname === '/dasbor');
    await page.locator('body[data-siap="true"]').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Dasbor/);
    for (const id of ['grafik-status', 'grafik-periode', 'grafik-instansi', 'grafik-selesai']) {
      const svg = page.locator(`#${id} svg[role="img"]`);
      await expect(svg.count()).resolves.toBe(1);
      const named = await page.evaluate<boolean>(`(() => {
        const el = document.querySelector('#${id} svg[role="img"]');
        const ids = (el.getAttribute('aria-labelledby') || '').split(' ');
        return ids.length === 2 && ids.every((i) => (document.getElementById(i)?.textContent || '').length > 0);
      })()`);
      expect(named).toBe(true);
      await expect(page.locator(`#${id} table caption`).count()).resolves.toBe(1);
    }
    await expect(page.locator('#grafik-status svg rect.chart-bar').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(page.locator('#grafik-selesai svg polyline.chart-line').count()).resolves.toBe(1);
    await expect(page.locator('#grafik-status svg desc').textContent()).resolves.toMatch(/1/);
    await expectAccessible(page);
    await shot(page, 'dasbor-admin');

    // The endpoint is role-gated: an operator gets 403, an employee too.
    const op = await engine.login(operator().username);
    expect((await op.get('/web-api/dasbor')).status).toBe(403);

    const phone = await newPage(375);
    await login(phone, admin, '/operator');
    await phone.goto('/dasbor');
    await phone.locator('body[data-siap="true"]').waitFor();
    await expectAccessible(phone);
    await shot(phone, 'dasbor-ponsel');
  });

  it('scopes the dashboard: an approver sees only their instansi', async () => {
    const ap = await engine.login('pyb.sleman');
    const d = await ap.get('/web-api/dasbor');
    expect(d.status).toBe(200);
    expect(d.body.perInstansi.every((x: { instansiId: string }) => x.instansiId === 'I-3404')).toBe(true);
    const admin = await engine.login('admin');
    const all = await admin.get('/web-api/dasbor');
    expect(all.body.total).toBeGreaterThanOrEqual(1);
    expect(d.body.total).toBeLessThan(all.body.total);
  });

  it('ran every page without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(kit.engine));
});
