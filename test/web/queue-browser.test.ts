import type { Page } from 'playwright-core';
import { eventually, type TestEngine } from '../helpers/harness';
import { BrowserKit, userOf } from './browser-kit';
import { expectConsistent } from '../helpers/audit';
import { DEMO_SIGNERS } from '../../db/seed';

/**
 * The approver's and the verifier's queues on real Chromium, at desktop and phone width: search, filters, page size
 * and paging kept in the address (reload, back and forward), the count, messages beside the control that caused them,
 * and axe-core (default rules plus WCAG 2.2 target size) finding nothing serious or critical.
 */
jest.setTimeout(300_000);

const kit = new BrowserKit();
let engine: TestEngine;
const approver = userOf('APPROVER', (u) => u.username === 'pyb.jateng');
const verifier = userOf('VERIFIER', (u) => u.username === 'verif1.kr01');
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;

async function waitText(page: Page, selector: string, re: RegExp, timeout = 30_000): Promise<string> {
  return eventually(async () => {
    const t = (await page.locator(selector).first().textContent().catch(() => '')) ?? '';
    return re.test(t) ? t : undefined;
  }, timeout, 100);
}
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);

const axeProblems = (page: Page) => kit.axeProblems(page);

let waiting = 0;
let operatorApi: Awaited<ReturnType<TestEngine['login']>>;
/** The operator sees the same instansi's usulan (own scope) and has no TOTP: the counts to expect, without a replayed code. */
const countOf = async (params: Record<string, string>) => (await operatorApi.get(`/api/v1/kp/usulan?${new URLSearchParams({ antrean: 'persetujuan', limit: '1', ...params })}`)).body.total as number;

/** What sticks out of a phone's width, for a readable failure. */
const overflowing = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
  .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))
  .slice(0, 10)`);

beforeAll(async () => {
  await kit.start();
  engine = kit.engine;
  const op = await engine.login('op.jateng1');
  operatorApi = op;
  const periode = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').where('jenis_asn', '=', 'PNS').execute()).map((e) => e.nip);
  const res = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  const accepted = (res.body.items as { status: string; usulanId?: string }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!);
  await eventually(async () => (await op.get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai, 60_000);
  // Some go on to the Kanreg's queue, where the verifier works.
  // (Another approver of the instansi than the one signing in below: a TOTP code is accepted once.)
  const plt = await engine.login('plt.jateng');
  const approved = await plt.post('/api/v1/kp/keputusan-instansi-massal', { ids: accepted.slice(-8), action: 'APPROVE', passphrase: passphraseOf('plt.jateng') });
  expect(approved.body.berhasil).toBe(8);
  waiting = accepted.length - 8;
  expect(waiting).toBeGreaterThan(30);
});

afterAll(async () => {
  await kit.stop();
});

describe('the approver\'s queue', () => {
  let page: Page;

  it('shows the count, pages forward and back, and keeps page size and page in the address across reload and history', async () => {
    page = await kit.newPage();
    await kit.login(page, approver, '/persetujuan');
    await waitText(page, '#info-persetujuan', new RegExp(`^Menampilkan 1–${Math.min(50, waiting)} dari ${waiting}$`));
    await kit.shot(page, 'antrean-persetujuan');
    await page.getByLabel('Jumlah per halaman').first().selectOption('25');
    await waitText(page, '#info-persetujuan', new RegExp(`^Menampilkan 1–25 dari ${waiting}$`));
    expect(param(page, 'limit')).toBe('25');
    await expect(page.locator('#tabel-persetujuan tbody tr').count()).resolves.toBe(25);
    const firstOfPage1 = await page.locator('#tabel-persetujuan tbody tr').first().getAttribute('data-id');
    await page.getByRole('button', { name: 'Berikutnya' }).first().click();
    await waitText(page, '#info-persetujuan', new RegExp(`^Menampilkan 26–${Math.min(50, waiting)} dari ${waiting}$`));
    expect(param(page, 'setelah')).toBeTruthy();
    const firstOfPage2 = await page.locator('#tabel-persetujuan tbody tr').first().getAttribute('data-id');
    expect(firstOfPage2).not.toBe(firstOfPage1);
    await kit.shot(page, 'antrean-persetujuan-halaman-2');
    await page.reload();
    await waitText(page, '#info-persetujuan', new RegExp(`^Menampilkan 26–${Math.min(50, waiting)} dari ${waiting}$`));
    expect(await page.locator('#tabel-persetujuan tbody tr').first().getAttribute('data-id')).toBe(firstOfPage2);
    await expect(page.getByLabel('Jumlah per halaman').first().inputValue()).resolves.toBe('25');
    await page.goBack();
    await waitText(page, '#info-persetujuan', /^Menampilkan 1–25 dari/);
    expect(await page.locator('#tabel-persetujuan tbody tr').first().getAttribute('data-id')).toBe(firstOfPage1);
    await page.goForward();
    await waitText(page, '#info-persetujuan', /^Menampilkan 26–/);
    await page.getByRole('button', { name: 'Sebelumnya' }).first().click();
    await waitText(page, '#info-persetujuan', /^Menampilkan 1–25 dari/);
    await expect(page.getByRole('button', { name: 'Sebelumnya' }).first().isDisabled()).resolves.toBe(true);
  });

  it('searches and filters on the server, and a reload keeps the search', async () => {
    const name = (await page.locator('#tabel-persetujuan tbody tr').nth(2).locator('td').nth(2).textContent())!;
    const part = name.trim().split(' ')[0].slice(0, 4);
    const expected = await countOf({ q: part });
    await page.getByLabel('Cari NIP atau nama').first().fill(part);
    await page.getByLabel('Cari NIP atau nama').first().press('Enter');
    await waitText(page, '#info-persetujuan', new RegExp(`dari ${expected}$`));
    expect(param(page, 'q')).toBe(part);
    const names = await page.locator('#tabel-persetujuan tbody tr td:nth-child(3)').allTextContents();
    expect(names.length).toBe(Math.min(25, expected));
    for (const n of names) expect(n.toLowerCase()).toContain(part.toLowerCase());
    await kit.shot(page, 'antrean-persetujuan-cari');
    await page.reload();
    await waitText(page, '#info-persetujuan', new RegExp(`dari ${expected}$`));
    await expect(page.getByLabel('Cari NIP atau nama').first().inputValue()).resolves.toBe(part);

    await page.getByLabel('Cari NIP atau nama').first().fill('');
    await page.getByLabel('Cari NIP atau nama').first().press('Enter');
    await waitText(page, '#info-persetujuan', new RegExp(`dari ${waiting}$`));
    const unit = page.getByLabel('Unit kerja').first();
    const option = (await unit.locator('option').nth(1).getAttribute('value'))!;
    const inUnit = await countOf({ unorId: option });
    expect(inUnit).toBeGreaterThan(0);
    await unit.selectOption(option);
    await waitText(page, '#info-persetujuan', new RegExp(`^Menampilkan 1–${Math.min(25, inUnit)} dari ${inUnit}$`));
    expect(param(page, 'unorId')).toBe(option);
    await page.getByLabel('Urutkan').first().selectOption('nama');
    await waitText(page, '#info-persetujuan', new RegExp(`dari ${inUnit}$`));
    expect(param(page, 'sort')).toBe('nama');
    await kit.shot(page, 'antrean-persetujuan-saring');
    await unit.selectOption('');
    await waitText(page, '#info-persetujuan', new RegExp(`dari ${waiting}$`));
  });

  it('shows each outcome beside the control that caused it: the row for a missing reason, the table for a decision or a wrong passphrase', async () => {
    const row = page.locator('#tabel-persetujuan tbody tr').first();
    const id = (await row.getAttribute('data-id'))!;
    await row.getByRole('button', { name: 'Tolak' }).click();
    await waitText(page, `#galat-${id}`, /Tuliskan alasan/);
    await expect(row.locator('input[placeholder="Alasan"]').getAttribute('aria-invalid')).resolves.toBe('true');
    await kit.shot(page, 'antrean-persetujuan-pesan-baris');
    // The positive action is the primary button; Tolak and Kembalikan are secondary.
    await expect(row.getByRole('button', { name: 'Tolak' }).getAttribute('class')).resolves.toContain('secondary');
    await expect(page.locator('#setujui').getAttribute('class')).resolves.toBeNull();

    await row.locator('input[placeholder="Alasan"]').fill('SKP tahun lalu belum diunggah');
    await row.getByRole('button', { name: 'Kembalikan' }).click();
    await waitText(page, '#pesan-persetujuan', /dikembalikan ke operator/);
    await expect(page.locator(`#tabel-persetujuan tr[data-id="${id}"]`).count()).resolves.toBe(0);
    await waitText(page, '#info-persetujuan', new RegExp(`dari ${waiting - 1}$`));
    await page.locator('#tabel-persetujuan tbody tr').nth(24).waitFor();

    await page.locator('#tabel-persetujuan tbody tr').first().locator('input[type=checkbox]').check();
    await page.locator('#passphrase').fill('bukan-passphrase');
    await page.getByRole('button', { name: 'Setujui & tandatangani' }).click();
    const msg = await waitText(page, '#pesan-persetujuan', /[Pp]assphrase/);
    expect(msg).toMatch(/salah/);
    // Beside the button, not only at the top of the page.
    const [button, box] = await Promise.all([page.locator('#setujui').boundingBox(), page.locator('#pesan-persetujuan').boundingBox()]);
    expect(Math.abs(box!.y - (button!.y + button!.height))).toBeLessThan(60);
    await expect(page.locator('#pesan-persetujuan').getAttribute('role')).resolves.toBe('status');
    await kit.shot(page, 'antrean-persetujuan-pesan');
  });

  let phone: Page;
  it('at phone width the controls fit, paging keeps the tab and a reload keeps the page', async () => {
    phone = await kit.newPage(390);
    await kit.login(phone, userOf('APPROVER', (u) => u.username === 'sekda.jateng'), '/persetujuan');
    await waitText(phone, '#info-persetujuan', /^Menampilkan 1–/);
    expect(await overflowing(phone)).toEqual([]);
    await kit.expectAccessible(phone, { noOverflow: true });
    await kit.shot(phone, 'antrean-persetujuan-ponsel');
    // On a phone the filters fold away under one summary; the search stays in view.
    await expect(phone.getByLabel('Jumlah per halaman').first().isVisible()).resolves.toBe(false);
    await phone.locator('#panel-persetujuan summary').click();
    await phone.getByLabel('Jumlah per halaman').first().selectOption('25');
    await waitText(phone, '#info-persetujuan', /^Menampilkan 1–25 dari/);
    await phone.getByRole('button', { name: 'Berikutnya' }).first().click();
    await waitText(phone, '#info-persetujuan', /^Menampilkan 26–/);
    await phone.reload();
    await waitText(phone, '#info-persetujuan', /^Menampilkan 26–/);
    await kit.shot(phone, 'antrean-persetujuan-ponsel-halaman-2');
    await phone.getByRole('tab', { name: /TTE SK/ }).click();
    await waitText(phone, '#info-tte', /Menampilkan/);
    expect(new URL(phone.url()).hash).toBe('#tte');
    expect(param(phone, 'limit')).toBe('25');
    await phone.reload();
    await phone.locator('#panel-tte').waitFor({ state: 'visible' });
    await waitText(phone, '#info-tte', /Menampilkan/);
  });

  it('axe-core finds no serious or critical violation on the queue, at desktop and phone width', async () => {
    expect(await axeProblems(page)).toEqual([]);
    expect(await axeProblems(phone)).toEqual([]);
    await phone.getByRole('tab', { name: /Persetujuan/ }).click();
    expect(await axeProblems(phone)).toEqual([]);
  });
});

describe('the verifier\'s queue', () => {
  it('filters by instansi and claim, keeps it in the address, and shows the claim and a refused decision beside their controls', async () => {
    const page = await kit.newPage();
    await kit.login(page, verifier, '/verifikasi-bkn');
    await waitText(page, '#info-verifikasi', /^Menampilkan 1–8 dari 8$/, 60_000);
    await page.getByLabel('Instansi').selectOption('I-3300');
    await waitText(page, '#info-verifikasi', /dari 8$/);
    expect(param(page, 'instansiId')).toBe('I-3300');
    await page.getByLabel('Cari NIP atau nama').fill('zzzz');
    await page.getByLabel('Cari NIP atau nama').press('Enter');
    await waitText(page, '#info-verifikasi', /^Menampilkan 0 dari 0$/);
    await waitText(page, '#tabel-verifikasi tbody', /Tidak ada usulan yang cocok/);
    await page.goBack();
    await waitText(page, '#info-verifikasi', /dari 8$/);
    await expect(page.getByLabel('Cari NIP atau nama').inputValue()).resolves.toBe('');

    const row = page.locator('#tabel-verifikasi tbody tr').first();
    const nip = (await row.getAttribute('data-nip'))!;
    await row.locator('button.klaim').click();
    await waitText(page, '#pesan-verifikasi', /diklaim sampai/);
    await page.getByLabel('Klaim', { exact: true }).selectOption('saya');
    await waitText(page, '#info-verifikasi', /^Menampilkan 1–1 dari 1$/);
    await page.reload();
    await waitText(page, '#info-verifikasi', /^Menampilkan 1–1 dari 1$/);
    await expect(page.getByLabel('Klaim', { exact: true }).inputValue()).resolves.toBe('saya');
    await page.locator(`#tabel-verifikasi tr[data-nip="${nip}"] button.putuskan`).click();
    await page.getByLabel(/^MS/).check();
    await page.getByLabel('Passphrase sertifikat elektronik').fill('bukan-passphrase');
    await page.getByRole('button', { name: 'Kirim keputusan' }).click();
    await waitText(page, '#pesan-putus', /salah/);
    const [button, box] = await Promise.all([page.locator('#kirim-putusan').boundingBox(), page.locator('#pesan-putus').boundingBox()]);
    expect(Math.abs(box!.y - (button!.y + button!.height))).toBeLessThan(60);
    await kit.shot(page, 'antrean-verifikasi-pesan');
    expect(await axeProblems(page)).toEqual([]);

    const phone = await kit.newPage(390);
    await kit.login(phone, userOf('VERIFIER', (u) => u.username === 'verif2.kr01'), '/verifikasi-bkn');
    await waitText(phone, '#info-verifikasi', /^Menampilkan 1–8 dari 8$/);
    expect(await overflowing(phone)).toEqual([]);
    await kit.expectAccessible(phone, { noOverflow: true });
    expect(await axeProblems(phone)).toEqual([]);
    await kit.shot(phone, 'antrean-verifikasi-ponsel');
  });
});

describe('afterwards', () => {
  it('raises no script or CSP error on any page', () => {
    expect(kit.pageErrors).toEqual([]);
  });
  it('leaves every invariant intact', () => expectConsistent(engine));
});
