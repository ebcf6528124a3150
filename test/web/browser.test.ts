import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { eventually, type TestEngine } from '../helpers/harness';
import { BrowserKit, SHOTS, userOf, type DemoUser } from './browser-kit';
import { expectConsistent } from '../helpers/audit';
import { DEMO_USERS, DEMO_SIGNERS } from '../../db/seed';

jest.setTimeout(300_000);

const kit = new BrowserKit();
const newPage = (width?: number) => kit.newPage(width);
const shot = (page: Page, name: string) => kit.shot(page, name);
const expectAccessible = (page: Page) => kit.expectAccessible(page);
const login = (page: Page, user: DemoUser, landing: string) => kit.login(page, user, landing, { checkPages: true });
const pageErrors = kit.pageErrors;
let engine: TestEngine;
const passphraseOf = (u: DemoUser): string => DEMO_SIGNERS.find((s) => s.signerId === u.signerId)!.passphrase;

const message = (page: Page) => page.locator('#pesan');

beforeAll(async () => {
  await kit.start();
  engine = kit.engine;
});

afterAll(async () => {
  await kit.stop();
});

describe('web pages', () => {
  const op = () => userOf('OPERATOR');
  const chosen: string[] = [];
  let operatorPage: Page;
  let approverPage: Page;
  let approverPassphrase = '';

  it('serves the public pages with one h1, labelled controls and the strict CSP', async () => {
    const page = await newPage();
    for (const [url, name] of [['/masuk', 'masuk'], ['/verifikasi', 'verifikasi'], ['/verifikasi/contoh-id', 'verifikasi-id']]) {
      const res = await page.goto(url);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
      await expectAccessible(page);
      await shot(page, name);
    }
    const phone = await newPage(375);
    await phone.goto('/masuk');
    const overflow = await phone.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);
    await shot(phone, 'masuk-ponsel');
  });

  it('lets the operator pick three eligible employees, submit them collectively and watch the progress finish', async () => {
    operatorPage = await newPage();
    const page = operatorPage;
    await login(page, op(), '/operator');
    await page.locator('#tabel-pegawai tbody tr').first().waitFor();
    await expectAccessible(page);
    await shot(page, 'operator-daftar');

    // Ready employees on the list, as the page computed them (checkbox enabled = eligible, berkas complete, not yet proposed).
    const candidates = await page.evaluate<string[]>(`(async () => {
      const r = await fetch('/web-api/pegawai?jenisKp=101&limit=100', { credentials: 'same-origin' });
      const body = await r.json();
      return body.items.filter((e) => e.siap).map((e) => e.nip);
    })()`);
    expect(candidates.length).toBeGreaterThanOrEqual(3);
    // The demo employee first when eligible, so their own page later shows a usulan with a Pertek.
    const empNip = DEMO_USERS.find((u) => u.role === 'EMPLOYEE')?.nip;
    candidates.sort((a, b) => Number(b === empNip) - Number(a === empNip));
    chosen.push(...candidates.slice(0, 3));

    for (const nip of chosen) {
      await page.getByLabel('Cari NIP atau nama').fill(nip);
      await page.getByRole('button', { name: 'Tampilkan pegawai' }).click();
      const box = page.locator(`#tabel-pegawai tr[data-nip="${nip}"] input[type=checkbox]`);
      await box.waitFor();
      await box.check();
    }
    await expect(page.locator('#jumlah-dipilih').textContent()).resolves.toBe('3');
    await page.getByRole('button', { name: 'Ajukan usulan kolektif' }).click();
    // Nothing goes out before the operator confirms what will happen.
    await expect(page.locator('#teks-konfirmasi')).toHaveText(/Anda akan mengajukan 3 usulan/);
    await expectAccessible(page);
    await shot(page, 'operator-konfirmasi');
    await page.getByRole('button', { name: 'Ya, ajukan 3 usulan' }).click();
    await page.locator('#progres[data-selesai="true"]').waitFor({ timeout: 60_000 });
    await expect(page.locator('#tabel-hasil tbody tr').count()).resolves.toBe(3);
    await expect(page.locator('#tabel-hasil tbody').textContent()).resolves.not.toContain('Ditahan');
    await expect(page.evaluate<boolean>("(() => { const p = document.querySelector('#bar-progres'); return p.value === p.max; })()")).resolves.toBe(true);
    await expectAccessible(page);
    await shot(page, 'operator-progres');
  });

  it('lets the approver approve and sign the three usulan in one go', async () => {
    const ap = userOf('APPROVER', (u) => u.instansiId === op().instansiId && !u.username.includes('plt'));
    const page = await newPage();
    approverPage = page;
    approverPassphrase = passphraseOf(ap);
    await login(page, ap, '/persetujuan');
    for (const nip of chosen) await page.locator(`#tabel-persetujuan tr[data-nip="${nip}"]`).waitFor();
    await expectAccessible(page);
    await shot(page, 'persetujuan-inbox');
    for (const nip of chosen) await page.locator(`#tabel-persetujuan tr[data-nip="${nip}"] input[type=checkbox]`).check();
    await page.locator('#passphrase').fill(passphraseOf(ap));
    await page.getByRole('button', { name: 'Setujui & tandatangani' }).click();
    await expect(message(page)).toHaveText(/^3 usulan disetujui/, 60_000);
    // The approved usulan leave the inbox at once, without a reload.
    for (const nip of chosen) await expect(page.locator(`#tabel-persetujuan tr[data-nip="${nip}"]`).count()).resolves.toBe(0);
    await shot(page, 'persetujuan-hasil');
    await page.getByRole('tab', { name: /TTE SK/ }).click();
    await expectAccessible(page);
  });

  it('lets the verifier claim and decide MS for one usulan and BTS for another', async () => {
    const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', op().instansiId!).executeTakeFirstOrThrow();
    const vf = userOf('VERIFIER', (u) => u.kanregId === inst.kanreg_id);
    const page = await newPage();
    await login(page, vf, '/verifikasi-bkn');
    await eventually(async () => {
      await page.reload();
      await page.locator('#tabel-verifikasi tbody tr').first().waitFor();
      return (await page.locator(`#tabel-verifikasi tr[data-nip="${chosen[1]}"]`).count()) > 0
        && (await page.locator(`#tabel-verifikasi tr[data-nip="${chosen[0]}"]`).count()) > 0;
    }, 60_000, 1000);
    await expectAccessible(page);
    await shot(page, 'verifikasi-antrean');

    const decide = async (nip: string, action: 'MS' | 'BTS') => {
      const row = () => page.locator(`#tabel-verifikasi tr[data-nip="${nip}"]`);
      await row().locator('button.klaim').click();
      await row().locator('button.putuskan').waitFor();
      await row().locator('button.putuskan').click();
      // The files are in view beside the decision: every checklist item, with a link that opens the PDF.
      await page.locator('#berkas-putus li[data-kode="SK_PANGKAT_TERAKHIR"] a').first().waitFor();
      const href = await page.locator('#berkas-putus li[data-kode="SK_PANGKAT_TERAKHIR"] a').first().getAttribute('href');
      const file = await page.request.get(href!);
      expect({ status: file.status(), type: file.headers()['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
      if (action === 'MS') {
        await page.getByLabel(/^MS/).check();
        await page.getByLabel('Passphrase sertifikat elektronik').fill(passphraseOf(vf));
      } else {
        await page.getByLabel(/^BTS —/).check();
        await page.locator('#alasan-list input[type=checkbox]').first().check();
        await page.getByLabel('Catatan', { exact: true }).fill('SK pangkat terakhir buram, mohon unggah ulang');
      }
      await expectAccessible(page);
      await shot(page, `verifikasi-putusan-${action.toLowerCase()}`);
      await page.getByRole('button', { name: 'Kirim keputusan' }).click();
      await expect(message(page)).toHaveText(new RegExp(`^Keputusan ${action}`), 60_000);
    };
    await decide(chosen[0], 'MS');
    await decide(chosen[1], 'BTS');
    await shot(page, 'verifikasi-selesai');
  });

  it('shows the BTS usulan to the operator with its reason and resubmits it', async () => {
    const page = operatorPage;
    await eventually(async () => {
      await page.reload();
      await page.locator('#tabel-bts tbody tr').first().waitFor();
      return (await page.locator(`#tabel-bts tr[data-nip="${chosen[1]}"]`).count()) > 0;
    }, 60_000, 1000);
    const row = page.locator(`#tabel-bts tr[data-nip="${chosen[1]}"]`);
    await expect(row.textContent()).resolves.toMatch(/BTS/);
    await shot(page, 'operator-bts');
    // The return is announced at the top, and fixed on "Usulan instansi" with the operator's own note.
    await expect(page.locator('#ada-kembali').textContent()).resolves.toMatch(/dikembalikan dan perlu tindakan/);
    await row.getByRole('link', { name: /Perbaiki dan ajukan ulang/ }).click();
    await page.waitForURL((u) => u.pathname === '/operator/usulan');
    const item = page.locator(`#perlu-tindakan article[data-nip="${chosen[1]}"]`);
    await item.getByLabel('Catatan perbaikan (wajib)').fill('SK pangkat dipindai ulang');
    await item.getByRole('button', { name: 'Ajukan ulang' }).click();
    await expect(item.locator('.kirim-ulang .local-msg')).toHaveText(/diajukan ulang/, 30_000);

    const id = await engine.db.selectFrom('usulan_kp').select('id').where('nip', '=', chosen[1]).where('is_open', '=', true).executeTakeFirstOrThrow();
    await page.goto(`/usulan/${id.id}`);
    await page.locator('#lini-masa li').first().waitFor();
    await expectAccessible(page);
    await expect(page.locator('#lini-masa li').count()).resolves.toBeGreaterThanOrEqual(3);
    // The summary names the rule version the usulan was judged by.
    await expect(page.locator('#ringkasan').textContent()).resolves.toMatch(/Aturan yang dipakaiKP-2025-10: periode setiap tanggal 1 setiap bulan \(Peraturan BKN 4\/2025/);
    await shot(page, 'usulan-rincian');
  });

  it('checks the signed Pertek on the public verification page, by id and by uploading the PDF', async () => {
    const u = await eventually(async () => {
      const row = await engine.db.selectFrom('usulan_kp').select(['pertek_document_id']).where('nip', '=', chosen[0]).where('pertek_document_id', 'is not', null).executeTakeFirst();
      return row?.pertek_document_id ? row : undefined;
    }, 60_000, 500);
    const docId = u.pertek_document_id!;
    const page = await newPage(375);
    await page.goto(`/verifikasi/${docId}`);
    await expect(page.locator('#ringkas-hasil')).toHaveText(/^Dokumen asli/, 30_000);
    await expect(page.locator('#tabel-ttd tbody tr').count()).resolves.toBeGreaterThanOrEqual(1);
    await expectAccessible(page);
    await shot(page, 'verifikasi-pertek-ponsel');

    const doc = await engine.db.selectFrom('document').select('sha256').where('id', '=', docId).executeTakeFirstOrThrow();
    const file = path.join(SHOTS, '..', 'pertek-contoh.pdf');
    fs.writeFileSync(file, await engine.blobs.get(doc.sha256));
    const upload = await newPage();
    await upload.goto('/verifikasi');
    await upload.getByLabel('Berkas PDF yang ditandatangani').setInputFiles(file);
    await upload.getByRole('button', { name: 'Periksa tanda tangan' }).click();
    await expect(upload.locator('#ringkas-hasil')).toHaveText(/^Dokumen asli/, 30_000);
    await shot(upload, 'verifikasi-unggah');
  });

  it('lets the approver sign the drafted SK from the TTE SK tab', async () => {
    const page = approverPage;
    // The draft is rendered by an activity on the documents queue; wait for it in the read model first.
    const draft = await eventually(async () => engine.db.selectFrom('usulan_kp').select(['id', 'status', 'sk_draft_sha256', 'penandatangan_sk'])
      .where('nip', '=', chosen[0]).where('sk_draft_sha256', 'is not', null).executeTakeFirst(), 90_000, 500);
    expect(draft).toMatchObject({ status: 'MENUNGGU_TTE_SK', penandatangan_sk: 'PPK' });
    await eventually(async () => {
      await page.goto('/persetujuan');
      await page.getByRole('tab', { name: /TTE SK/ }).click();
      await page.locator('#tabel-tte tbody tr').first().waitFor();
      return (await page.locator(`#tabel-tte tr[data-nip="${chosen[0]}"]`).count()) > 0;
    }, 60_000, 1000);
    await expectAccessible(page);
    // The signer reads the draft before signing it: the preview is the unsigned SK, and it is gone once signed.
    const preview = await page.locator(`#tabel-tte tr[data-nip="${chosen[0]}"] a.pratinjau-sk`).getAttribute('href');
    const draftPdf = await page.request.get(preview!);
    expect({ status: draftPdf.status(), type: draftPdf.headers()['content-type'], head: (await draftPdf.body()).subarray(0, 5).toString() })
      .toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
    await page.locator(`#tabel-tte tr[data-nip="${chosen[0]}"] input[type=checkbox]`).check();
    await page.locator('#passphrase-tte').fill(approverPassphrase);
    await shot(page, 'persetujuan-tte');
    await page.getByRole('button', { name: 'Tandatangani SK' }).click();
    await expect(message(page)).toHaveText(/^1 usulan SK-nya ditandatangani/, 60_000);
    // The signed SK leaves the list at once, without a reload.
    await expect(page.locator(`#tabel-tte tr[data-nip="${chosen[0]}"]`).count()).resolves.toBe(0);
    await eventually(async () => (await page.request.get(preview!)).status() === 404, 60_000, 500);
  });

  it('shows an employee their usulan with its timeline', async () => {
    const emp = DEMO_USERS.find((u) => u.role === 'EMPLOYEE')!;
    expect(chosen).toContain(emp.nip);
    const page = await newPage(375);
    await login(page, emp, '/saya');
    await page.locator('#daftar-saya > *').first().waitFor();
    await expect(page.locator('#daftar-saya .timeline > li').count()).resolves.toBeGreaterThanOrEqual(2);
    await eventually(async () => {
      await page.reload();
      await page.locator('#daftar-saya > *').first().waitFor();
      return (await page.locator('a.unduh-sk').count()) > 0;
    }, 60_000, 1000);
    const download = await page.locator('a.unduh-sk').getAttribute('href');
    const pdf = await page.request.get(download!);
    expect(pdf.status()).toBe(200);
    const skBytes = await pdf.body();
    expect(skBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expectAccessible(page);
    await shot(page, 'saya-ponsel');

    // The downloaded SK, uploaded to the public verification page, verifies and matches the archive.
    const skFile = path.join(SHOTS, '..', 'sk-unduhan.pdf');
    fs.writeFileSync(skFile, skBytes);
    const check = await newPage();
    await check.goto('/verifikasi');
    await check.getByLabel('Berkas PDF yang ditandatangani').setInputFiles(skFile);
    await check.getByRole('button', { name: 'Periksa tanda tangan' }).click();
    await expect(check.locator('#ringkas-hasil')).toHaveText(/^Dokumen asli/, 30_000);
    await shot(check, 'verifikasi-sk-unduhan');
  });

  it('ran every page without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** Playwright-style text expectation over a locator, with a timeout, without @playwright/test. */
function toHaveTextMatcher() {
  expect.extend({
    async toHaveText(received: ReturnType<Page['locator']>, re: RegExp, timeout = 30_000) {
      const deadline = Date.now() + timeout;
      let text = '';
      for (;;) {
        text = (await received.textContent().catch(() => '')) ?? '';
        if (re.test(text)) return { pass: true, message: () => `text matched ${re}` };
        if (Date.now() > deadline) return { pass: false, message: () => `expected text matching ${re}, got "${text}"` };
        await new Promise((r) => setTimeout(r, 200));
      }
    },
  });
}
toHaveTextMatcher();

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveText(re: RegExp, timeout?: number): Promise<R>;
    }
  }
}

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(kit.engine));
});
