import type { Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { eventually, type TestEngine } from '../helpers/harness';
import type { ApiClient } from '../helpers/http-client';
import { BrowserKit, userOf } from './browser-kit';
import { expectConsistent } from '../helpers/audit';
import { DEMO_SIGNERS } from '../../db/seed';

/**
 * The operator's "Usulan instansi" page on real Chromium, at desktop and phone width: what was sent back at the top
 * with the verifier's reasons, fixed with an upload and the operator's own note and resubmitted in place; the list
 * with its status groups in the address; withdrawal with a reason and its outcome beside the row; the unread count in
 * the navigation and the inbox; and the verifier then seeing the resubmission in the decision panel. axe-core finds
 * nothing serious or critical.
 */
jest.setTimeout(300_000);

const kit = new BrowserKit();
let engine: TestEngine;
let op: ApiClient;
let accepted: string[] = [];
let returned: string;
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const row = (id: string) => engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function waitText(page: Page, selector: string, re: RegExp, timeout = 30_000): Promise<string> {
  return eventually(async () => {
    const t = (await page.locator(selector).first().textContent().catch(() => '')) ?? '';
    return re.test(t) ? t : undefined;
  }, timeout, 100);
}
const overflowing = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
  .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))
  .slice(0, 10)`);

beforeAll(async () => {
  await kit.start();
  engine = kit.engine;
  op = await engine.login('op.jateng1');
  const periode = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').where('jenis_asn', '=', 'PNS').orderBy('nip').limit(40).execute()).map((e) => e.nip);
  const res = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  accepted = (res.body.items as { status: string; usulanId?: string }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!);
  expect(accepted.length).toBeGreaterThanOrEqual(8);
  await eventually(async () => (await op.get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai, 60_000);
  // (Officials other than the ones signing in below: a TOTP code is accepted once.)
  const plt = await engine.login('plt.jateng');
  expect((await plt.post('/api/v1/kp/keputusan-instansi-massal', { ids: accepted.slice(0, 3), action: 'APPROVE', passphrase: passphraseOf('plt.jateng') })).body.berhasil).toBe(3);
  const verifier = await engine.login('verif2.kr01');
  returned = accepted[0];
  expect((await verifier.post(`/api/v1/kp/usulan/${returned}/klaim`)).status).toBe(200);
  const bts = await verifier.post(`/api/v1/kp/usulan/${returned}/verifikasi`, { action: 'BTS', alasan: ['BTS-01'], catatan: 'SK pangkat terakhir buram' });
  expect(bts.body.status).toBe('BTS');
  await eventually(async () => (await engine.db.selectFrom('notification').select('id').where('usulan_id', '=', returned).execute()).length >= 2);
});

afterAll(async () => {
  await kit.stop();
});

describe('the operator\'s "Usulan instansi" page', () => {
  let page: Page;
  const note = 'SK pangkat dipindai ulang dengan 300 dpi';

  it('counts the unread return in the navigation and shows it first under "Perlu tindakan" with the verifier\'s reasons', async () => {
    page = await kit.newPage();
    await kit.login(page, userOf('OPERATOR', (u) => u.username === 'op.jateng2'), '/operator');
    await page.getByRole('link', { name: 'Usulan instansi' }).click();
    await page.waitForURL((u) => u.pathname === '/operator/usulan');
    await waitText(page, '#n-notifikasi', /^[1-9]\d*$/);
    await expect(page.locator('#nav-notifikasi').getAttribute('aria-label')).resolves.toMatch(/belum dibaca/);
    const item = page.locator(`#perlu-tindakan article[data-id="${returned}"]`);
    await item.waitFor();
    await waitText(page, '#n-tindakan', /^1$/);
    await expect(item.textContent()).resolves.toMatch(/BTS-01 — .+/);
    await expect(item.textContent()).resolves.toMatch(/SK pangkat terakhir buram/);
    await waitText(page, '#info-usulan', new RegExp(`^Menampilkan 1–${accepted.length} dari ${accepted.length}$`));
    await kit.expectAccessible(page);
    await kit.shot(page, 'operator-usulan-daftar');
  });

  it('filters by status group, jenis and search on the server, keeps them in the address across reload and history', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('TINDAKAN');
    await waitText(page, '#info-usulan', /^Menampilkan 1–1 dari 1$/);
    expect(param(page, 'kelompok')).toBe('TINDAKAN');
    await expect(page.locator('#tabel-usulan tbody tr').first().getAttribute('data-id')).resolves.toBe(returned);
    await expect(page.locator('#tabel-usulan tbody tr').first().textContent()).resolves.toMatch(/Kembali setelah BTS 1×/);
    await page.reload();
    await waitText(page, '#info-usulan', /^Menampilkan 1–1 dari 1$/);
    await expect(page.getByLabel('Status', { exact: true }).inputValue()).resolves.toBe('TINDAKAN');
    await page.getByLabel('Status', { exact: true }).selectOption('PROSES');
    await waitText(page, '#info-usulan', new RegExp(`dari ${accepted.length - 1}$`));
    await page.goBack();
    await waitText(page, '#info-usulan', /^Menampilkan 1–1 dari 1$/);
    await page.getByLabel('Status', { exact: true }).selectOption('');
    const u = await row(accepted[1]);
    const part = u.nama.split(' ')[0];
    const expected = (await op.get(`/api/v1/kp/usulan?q=${encodeURIComponent(part)}&limit=1`)).body.total as number;
    await page.getByLabel('Cari NIP atau nama').fill(part);
    await page.getByLabel('Cari NIP atau nama').press('Enter');
    await waitText(page, '#info-usulan', new RegExp(`dari ${expected}$`));
    expect(param(page, 'q')).toBe(part);
    await page.getByLabel('Cari NIP atau nama').fill('');
    await page.getByLabel('Cari NIP atau nama').press('Enter');
    await waitText(page, '#info-usulan', new RegExp(`dari ${accepted.length}$`));
  });

  it('withdraws from the row after a confirmation with a reason, and says so beside the control', async () => {
    const id = accepted[5];
    const tr = page.locator(`#tabel-usulan tr[data-id="${id}"]`);
    await tr.getByRole('button', { name: /^Tarik usulan/ }).click();
    await expect(tr.getByRole('button', { name: /^Tarik usulan/ }).getAttribute('aria-expanded')).resolves.toBe('true');
    await tr.getByRole('button', { name: 'Ya, tarik usulan' }).click();
    await waitText(page, `#tabel-usulan tr[data-id="${id}"] .local-msg`, /Tuliskan alasan penarikan/);
    await expect(tr.getByLabel('Alasan penarikan (wajib)').getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await row(id)).status).toBe('MENUNGGU_PERSETUJUAN');
    await tr.getByLabel('Alasan penarikan (wajib)').fill('Pegawai mutasi ke kabupaten');
    await tr.getByRole('button', { name: 'Ya, tarik usulan' }).click();
    const said = await waitText(page, `#tabel-usulan tr[data-id="${id}"] .local-msg`, /ditarik\.$/);
    expect(said).toMatch(/^Usulan .+ ditarik\.$/);
    await expect(tr.locator('.local-msg').getAttribute('role')).resolves.toBe('status');
    await expect(tr.locator('.local-msg').getAttribute('aria-live')).resolves.toBe('polite');
    await expect(tr.getByRole('button', { name: /^Tarik usulan/ }).count()).resolves.toBe(0);
    // Not a message at the top of the page.
    await expect(page.locator('#pesan').textContent()).resolves.toBe('');
    expect(await row(id)).toMatchObject({ status: 'DITARIK', last_note: 'Pegawai mutasi ke kabupaten' });
    await kit.shot(page, 'operator-usulan-tarik');
  });

  it('fixes a returned usulan in place: uploads a replacement, refuses to resubmit without a note, then resubmits with it', async () => {
    const item = page.locator(`#perlu-tindakan article[data-id="${returned}"]`);
    await item.locator('summary').click();
    await item.locator('.berkas-perbaikan li').first().waitFor();
    await item.getByRole('button', { name: 'Ajukan ulang' }).click();
    await waitText(page, `#perlu-tindakan article[data-id="${returned}"] .kirim-ulang .local-msg`, /Tuliskan catatan perbaikan/);
    expect((await row(returned)).status).toBe('BTS');

    const doc = await PDFDocument.create();
    doc.addPage().drawText('Dipindai ulang');
    const kode = (await item.getByLabel('Jenis dokumen').inputValue());
    await item.getByLabel('Berkas PDF baru atau pengganti').setInputFiles({ name: 'pindai-ulang.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) });
    await item.getByRole('button', { name: 'Unggah berkas' }).click();
    await waitText(page, `#perlu-tindakan article[data-id="${returned}"] .unggah-perbaikan .local-msg`, /tersimpan/, 60_000);
    await waitText(page, `#perlu-tindakan article[data-id="${returned}"] li[data-kode="${kode}"]`, /diunggah setelah dikembalikan/);
    await kit.shot(page, 'operator-usulan-perlu-tindakan');

    await item.getByLabel('Catatan perbaikan (wajib)').fill(note);
    await item.getByRole('button', { name: 'Ajukan ulang' }).click();
    await waitText(page, `#perlu-tindakan article[data-id="${returned}"] .kirim-ulang .local-msg`, /diajukan ulang; status sekarang: .+/);
    await waitText(page, '#pesan-tindakan', /diajukan ulang/);
    await waitText(page, '#n-tindakan', /^0$/);
    expect((await row(returned)).status).toBe('MENUNGGU_VERIFIKASI');
    const ev = await engine.db.selectFrom('usulan_event').select('catatan').where('usulan_id', '=', returned).where('jenis', '=', 'DIAJUKAN_ULANG').executeTakeFirstOrThrow();
    expect(ev.catatan).toBe(note);
    await kit.shot(page, 'operator-usulan-diajukan-ulang');
    expect(await kit.axeProblems(page)).toEqual([]);
  });

  it('lists the notifications, and marking them read empties the count in the navigation', async () => {
    await page.locator('#nav-notifikasi').click();
    await page.waitForURL((u) => u.pathname === '/notifikasi');
    await page.locator('#daftar-notifikasi li.belum-dibaca').first().waitFor();
    await expect(page.locator('#daftar-notifikasi').textContent()).resolves.toMatch(/BTS/);
    await kit.expectAccessible(page);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'operator-usulan-notifikasi');
    await page.getByRole('button', { name: 'Tandai semua sudah dibaca' }).click();
    await waitText(page, '#pesan-notifikasi', /ditandai sudah dibaca/);
    await expect(page.locator('#n-notifikasi').isHidden()).resolves.toBe(true);
    await expect(page.locator('#daftar-notifikasi li.belum-dibaca').count()).resolves.toBe(0);
  });

  it('at phone width the page fits, the filters fold away and axe finds nothing serious', async () => {
    const phone = await kit.newPage(390);
    await kit.login(phone, userOf('OPERATOR', (u) => u.username === 'op.jateng1'), '/operator');
    await phone.goto('/operator/usulan');
    await waitText(phone, '#info-usulan', /^Menampilkan 1–/);
    await phone.locator('#perlu-tindakan').waitFor();
    expect(await overflowing(phone)).toEqual([]);
    await kit.expectAccessible(phone, { noOverflow: true });
    await expect(phone.getByLabel('Jumlah per halaman').isVisible()).resolves.toBe(false);
    expect(await kit.axeProblems(phone)).toEqual([]);
    await kit.shot(phone, 'operator-usulan-ponsel');
  });
});

describe('the verifier', () => {
  it('sees in the decision panel and on the usulan page that it came back, why, the operator\'s note and the new berkas', async () => {
    const page = await kit.newPage();
    await kit.login(page, userOf('VERIFIER', (u) => u.username === 'verif1.kr01'), '/verifikasi-bkn');
    const tr = page.locator(`#tabel-verifikasi tr[data-id="${returned}"]`);
    await tr.waitFor();
    await expect(tr.textContent()).resolves.toMatch(/Kembali setelah BTS 1×/);
    await tr.locator('button.klaim').click();
    await page.locator(`#tabel-verifikasi tr[data-id="${returned}"] button.putuskan`).click();
    const panel = page.locator('#ulang-putus');
    await waitText(page, '#ulang-putus', /Pengajuan ulang: dikembalikan BKN \(BTS\) 1×/);
    await expect(panel.textContent()).resolves.toMatch(/BTS-01/);
    await expect(panel.textContent()).resolves.toMatch(/SK pangkat dipindai ulang dengan 300 dpi/);
    await expect(panel.locator('.berkas-baru li').count()).resolves.toBe(1);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'operator-usulan-verifikator');

    await page.goto(`/usulan/${returned}`);
    await waitText(page, '#pengajuan-ulang', /Catatan perbaikan operator/);
    await kit.shot(page, 'operator-usulan-rincian');
    expect(await kit.axeProblems(page)).toEqual([]);
  });
});

describe('afterwards', () => {
  it('raises no script or CSP error on any page', () => {
    expect(kit.pageErrors).toEqual([]);
  });
  it('leaves every invariant intact', () => expectConsistent(engine));
});
