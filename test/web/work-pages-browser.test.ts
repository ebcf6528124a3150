import type { Page } from 'playwright-core';
import { eventually, type TestEngine } from '../helpers/harness';
import { BrowserKit, userOf } from './browser-kit';
import { DEMO_SIGNERS } from '../../db/seed';

/**
 * The operator's forecast page and the verifier's "Klaim berikutnya" and "Keputusan saya" on real Chromium, at desktop
 * and phone width (390 px): state in the address, the CSV links carrying the filters, messages beside the control,
 * and axe-core (default rules plus WCAG 2.2 target size) finding nothing serious or critical.
 */
jest.setTimeout(300_000);

const kit = new BrowserKit();
let engine: TestEngine;
const operator = userOf('OPERATOR', (u) => u.username === 'op.jateng1');
const verifier1 = userOf('VERIFIER', (u) => u.username === 'verif1.kr01');
const verifier2 = userOf('VERIFIER', (u) => u.username === 'verif2.kr01');
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;

async function waitText(page: Page, selector: string, re: RegExp, timeout = 30_000): Promise<string> {
  return eventually(async () => {
    const t = (await page.locator(selector).first().textContent().catch(() => '')) ?? '';
    return re.test(t) ? t : undefined;
  }, timeout, 100);
}
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
/** What sticks out of a phone's width (outside a scrolled table), for a readable failure. */
const overflowing = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
  .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))
  .slice(0, 10)`);
/** The link's file, fetched with the page's own session: status, type and the data rows (header and BOM dropped). */
async function download(page: Page, selector: string) {
  const href = (await page.locator(selector).getAttribute('href'))!;
  const r = await page.request.get(href);
  const text = (await r.body()).toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return { href, status: r.status(), type: r.headers()['content-type'], rows: text.slice(1).split(/\r?\n/).filter(Boolean).slice(1) };
}

let inQueue: string[] = [];

beforeAll(async () => {
  await kit.start();
  engine = kit.engine;
  const op = await engine.login('op.jateng1');
  const periode = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').where('jenis_asn', '=', 'PNS').orderBy('nip').execute()).map((e) => e.nip);
  const res = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  const accepted = (res.body.items as { status: string; usulanId?: string }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!);
  await eventually(async () => (await op.get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai, 60_000);
  const plt = await engine.login('plt.jateng');
  const approved = await plt.post('/api/v1/kp/keputusan-instansi-massal', { ids: accepted.slice(0, 8), action: 'APPROVE', passphrase: passphraseOf('plt.jateng') });
  expect(approved.body.berhasil).toBe(8);
  inQueue = (await engine.db.selectFrom('usulan_kp').select('id').where('status', '=', 'MENUNGGU_VERIFIKASI').orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
  expect(inQueue).toHaveLength(8);
});

afterAll(async () => {
  await kit.stop();
});

describe('the operator\'s forecast page', () => {
  let page: Page;

  it('shows who becomes eligible per period for a chosen unit and range, keeps it in the address, and downloads the same as CSV', async () => {
    page = await kit.newPage();
    await kit.login(page, operator, '/operator');
    // The eligibility list's own CSV link carries the list's filters.
    await page.locator('#periode option').first().waitFor({ state: 'attached' });
    await page.getByLabel('Cari NIP atau nama').fill('19');
    const list = await download(page, '#csv-pegawai');
    expect(list.href).toMatch(/^\/web-api\/pegawai\?format=csv&/);
    expect(new URLSearchParams(list.href.split('?')[1]).get('q')).toBe('19');
    expect(list.status).toBe(200);
    expect(list.rows.length).toBeGreaterThan(20);

    await page.getByRole('link', { name: 'Prakiraan kelayakan', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/operator/prakiraan');
    await waitText(page, '#pesan-prakiraan', /pegawai dinilai mulai periode/);
    await expect(page.locator('nav a[aria-current="page"]').textContent()).resolves.toBe('Prakiraan kelayakan');
    expect(await page.locator('#tabel-per-periode tbody tr').count()).toBeGreaterThan(1);
    await kit.expectAccessible(page);
    await kit.shot(page, 'prakiraan-desktop');
    expect(await kit.axeProblems(page)).toEqual([]);

    const unit = (await page.locator('#unit option').nth(1).getAttribute('value'))!;
    await page.getByLabel('Unit kerja', { exact: true }).selectOption(unit);
    await page.getByLabel('Jumlah periode ke depan').selectOption('6');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await eventually(async () => param(page, 'unorId') === unit && param(page, 'jumlahPeriode') === '6');
    const api = (await (await engine.login('op.jateng1')).get(`/api/v1/kp/prakiraan?unorId=${encodeURIComponent(unit)}&jumlahPeriode=6`)).body;
    await waitText(page, '#pesan-prakiraan', new RegExp(`^${api.total} pegawai dinilai`));
    const csv = await download(page, '#unduh-prakiraan');
    expect(new URLSearchParams(csv.href.split('?')[1]).get('unorId')).toBe(unit);
    expect(new URLSearchParams(csv.href.split('?')[1]).get('jumlahPeriode')).toBe('6');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.rows).toHaveLength(api.total);

    // One period's people: every row shows that period, the address keeps it across a reload.
    const firstPeriod = Object.keys(api.perPeriode).sort()[0];
    const summaryRow = page.locator(`#tabel-per-periode tr[data-periode="${firstPeriod}"]`);
    await summaryRow.getByRole('button', { name: 'Lihat' }).click();
    await eventually(async () => param(page, 'periode') === firstPeriod);
    await waitText(page, '#info-prakiraan', new RegExp(`dari ${api.perPeriode[firstPeriod]}$`));
    const periodLabel = (await summaryRow.locator('th').textContent())!;
    const cells = await page.locator('#tabel-prakiraan tbody tr td:nth-child(6)').allTextContents();
    expect(cells.length).toBe(Math.min(25, api.perPeriode[firstPeriod]));
    for (const c of cells) expect(c).toBe(periodLabel);
    await kit.shot(page, 'prakiraan-desktop-periode');
    await page.reload();
    await waitText(page, '#info-prakiraan', new RegExp(`dari ${api.perPeriode[firstPeriod]}$`));
    await expect(page.getByLabel('Periode layak').inputValue()).resolves.toBe(firstPeriod);
    await expect(page.getByLabel('Unit kerja', { exact: true }).inputValue()).resolves.toBe(unit);
  });

  it('pages through a whole instansi and fits a phone\'s width', async () => {
    const phone = await kit.newPage(390);
    await kit.login(phone, operator, '/operator');
    await phone.goto('/operator/prakiraan');
    await waitText(phone, '#info-prakiraan', /^Menampilkan 1–25 dari \d+$/);
    const total = Number((await phone.locator('#info-prakiraan').textContent())!.match(/dari (\d+)/)![1]);
    expect(total).toBeGreaterThan(25);
    await phone.getByRole('button', { name: 'Berikutnya' }).click();
    await waitText(phone, '#info-prakiraan', new RegExp(`^Menampilkan 26–${Math.min(50, total)} dari ${total}$`));
    expect(param(phone, 'halaman')).toBe('2');
    expect(await overflowing(phone)).toEqual([]);
    await kit.expectAccessible(phone, { noOverflow: true });
    await kit.shot(phone, 'prakiraan-ponsel');
    expect(await kit.axeProblems(phone)).toEqual([]);
    await phone.goBack();
    await waitText(phone, '#info-prakiraan', /^Menampilkan 1–25 dari/);
  });

  it('nothing went wrong in the pages (no script error, no CSP refusal)', () => {
    expect(kit.pageErrors).toEqual([]);
  });
});

describe('the verifier\'s Klaim berikutnya and Keputusan saya', () => {
  let page: Page;
  let first: string;

  it('claims the oldest free usulan and opens its decision, beside a CSV link that follows the search', async () => {
    page = await kit.newPage();
    await kit.login(page, verifier1, '/verifikasi-bkn');
    await waitText(page, '#info-verifikasi', /^Menampilkan 1–8 dari 8$/);
    const link = (await page.locator('#csv-verifikasi').getAttribute('href'))!;
    expect(new URLSearchParams(link.split('?')[1]).get('antrean')).toBe('verifikasi');
    await page.getByRole('button', { name: 'Klaim berikutnya' }).click();
    await waitText(page, '#pesan-klaim-berikutnya', /diklaim sampai/);
    await page.locator('#panel-putus').waitFor({ state: 'visible' });
    first = inQueue[0];
    const row = await engine.db.selectFrom('usulan_kp').select(['nama', 'claimed_by']).where('id', '=', first).executeTakeFirstOrThrow();
    expect(row.claimed_by).toBe('usr-verif1.kr01');
    await expect(page.locator('#putus-nama').textContent()).resolves.toContain(row.nama);
    await waitText(page, `#tabel-verifikasi tr[data-id="${first}"] td:nth-child(4)`, /Diklaim Anda/);
    await kit.shot(page, 'klaim-berikutnya-desktop');
    expect(await kit.axeProblems(page)).toEqual([]);

    // A search that matches nothing free: said beside the button, nothing claimed; the CSV link follows the search.
    await page.getByLabel('Cari NIP atau nama').first().fill('zzqq');
    await page.getByLabel('Cari NIP atau nama').first().press('Enter');
    await waitText(page, '#info-verifikasi', /dari 0$/);
    expect(new URLSearchParams((await page.locator('#csv-verifikasi').getAttribute('href'))!.split('?')[1]).get('q')).toBe('zzqq');
    await page.getByRole('button', { name: 'Klaim berikutnya' }).click();
    await waitText(page, '#pesan-klaim-berikutnya', /^Tidak ada lagi usulan yang belum diklaim dalam saringan ini\.$/);
    await kit.shot(page, 'klaim-berikutnya-habis');
    expect(await engine.db.selectFrom('usulan_kp').select('id').where('claimed_by', 'is not', null).execute()).toHaveLength(1);
  });

  it('a BTS decision appears under Keputusan saya with its reason', async () => {
    await page.getByLabel('Cari NIP atau nama').first().fill('');
    await page.getByLabel('Cari NIP atau nama').first().press('Enter');
    await waitText(page, '#info-verifikasi', /dari 8$/);
    await page.locator(`#tabel-verifikasi tr[data-id="${first}"]`).getByRole('button', { name: /Putuskan/ }).click();
    await page.locator('#aksi-bts').check();
    await page.locator('#alasan-BTS-01').check();
    await page.getByRole('button', { name: 'Kirim keputusan' }).click();
    await waitText(page, '#pesan-verifikasi', /Keputusan BTS untuk .* tercatat/);
    await page.getByRole('tab', { name: 'Keputusan saya' }).click();
    await page.locator(`#tabel-keputusan tr[data-id="${first}"]`).waitFor();
    await expect(page.locator(`#tabel-keputusan tr[data-id="${first}"]`).textContent()).resolves.toContain('BTS-01');
    expect(new URL(page.url()).hash).toBe('#keputusan');
    await kit.shot(page, 'keputusan-saya-desktop');
    expect(await kit.axeProblems(page)).toEqual([]);
  });

  it('at phone width another verifier\'s press gets another usulan, and the page fits', async () => {
    const phone = await kit.newPage(390);
    await kit.login(phone, verifier2, '/verifikasi-bkn');
    await waitText(phone, '#info-verifikasi', /^Menampilkan 1–7 dari 7$/);
    await phone.getByRole('button', { name: 'Klaim berikutnya' }).click();
    await waitText(phone, '#pesan-klaim-berikutnya', /diklaim sampai/);
    await phone.locator('#panel-putus').waitFor({ state: 'visible' });
    const mine = await engine.db.selectFrom('usulan_kp').select('id').where('claimed_by', '=', 'usr-verif2.kr01').execute();
    expect(mine.map((r) => r.id)).toEqual([inQueue[1]]);
    expect(await overflowing(phone)).toEqual([]);
    await kit.expectAccessible(phone, { noOverflow: true });
    await kit.shot(phone, 'klaim-berikutnya-ponsel');
    expect(await kit.axeProblems(phone)).toEqual([]);
  });

  it('nothing went wrong in the pages (no script error, no CSP refusal)', () => {
    expect(kit.pageErrors).toEqual([]);
  });
});
