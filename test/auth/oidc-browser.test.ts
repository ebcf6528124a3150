import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_CASES, DEMO_PASSWORD, DEMO_USERS } from '../../db/seed';
import { NO_PASSWORD } from '../../identity/passwords';
import { enrolOfficial } from '../../signing';
import { totpNow } from '../../identity/totp';
import { freePort } from '../../runtime/ports';
import { NEW_OFFICIAL, startStandInIdp, type StandInIdp } from '../../runtime/stand-in-idp';
import { startTestEngine, type TestEngine } from '../helpers/harness';

const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');
// As test/web/browser-kit.ts launches it: Debian's chromium as root, no background traffic.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let idp: StandInIdp;
let app: TestEngine;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const idpPort = await freePort();
  const secret = randomBytes(24).toString('base64url');
  app = await startTestEngine({ OIDC_ISSUER: `http://127.0.0.1:${idpPort}`, OIDC_CLIENT_ID: 'usulan', OIDC_CLIENT_SECRET: secret });
  idp = await startStandInIdp({ port: idpPort, clientSecret: secret, appOrigins: [app.url] });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await idp?.stop();
  await app?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(`${page.url()}: ${m.text()}`);
  });
  return page;
}

/** From /masuk through the SSO link to the provider's form, and the credentials typed there. */
async function throughProvider(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/masuk');
  await page.getByRole('link', { name: 'Masuk dengan SSO' }).click();
  await page.waitForURL(`${idp.issuer}/**`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}

describe('Masuk dengan SSO in a real browser', () => {
  it('the login page offers SSO as a named link beside the password form, and every control is labelled', async () => {
    const page = await newPage();
    await page.goto('/masuk');
    const link = page.getByRole('link', { name: 'Masuk dengan SSO' });
    expect(await link.getAttribute('href')).toBe('/auth/oidc/login');
    expect(await page.getByLabel('Nama pengguna').isVisible()).toBe(true);
    const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.id)`);
    expect(unlabelled).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'sso-masuk.png'), fullPage: true });
  });

  it('an approver signs in at the provider, types the TOTP code on /masuk and lands on the approval page', async () => {
    const page = await newPage();
    const pyb = DEMO_USERS.find((u) => u.username === 'pyb.jateng')!;
    await page.goto('/masuk');
    await page.getByRole('link', { name: 'Masuk dengan SSO' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.screenshot({ path: path.join(SHOTS, 'sso-penyedia-identitas.png'), fullPage: true });
    await page.getByLabel('Nama pengguna').fill(pyb.username);
    await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByLabel('Kode TOTP').waitFor();
    expect(await page.getByLabel('Nama pengguna').isVisible()).toBe(false);
    await page.getByLabel('Kode TOTP').fill(totpNow(pyb.totpSecret!));
    await page.getByRole('button', { name: 'Verifikasi' }).click();
    await page.waitForURL('**/persetujuan');
    const me = await page.evaluate<{ user: { username: string }; mfaPending: boolean }>(`fetch('/api/v1/auth/me').then((r) => r.json())`);
    expect(me).toMatchObject({ user: { username: 'pyb.jateng' }, mfaPending: false });
  });

  it('an operator goes straight to her page; the page asked for before signing in is kept', async () => {
    const page = await newPage();
    await page.goto('/masuk?lanjut=%2Foperator%2Fperemajaan-kolektif');
    await page.getByRole('link', { name: 'Masuk dengan SSO' }).click();
    await page.getByLabel('Nama pengguna').fill('op.jateng1');
    await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL('**/operator/peremajaan-kolektif');
  });

  it('the new official without an account reads the refusal in Bahasa Indonesia', async () => {
    const page = await newPage();
    await throughProvider(page, NEW_OFFICIAL.username, NEW_OFFICIAL.password);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Akun SSO ini belum terdaftar di usulan; hubungi admin');
    await page.screenshot({ path: path.join(SHOTS, 'sso-belum-terdaftar.png'), fullPage: true });
    await page.getByRole('link', { name: 'Kembali ke halaman masuk' }).click();
    await page.waitForURL('**/masuk');
  });

  it('no script or style was refused by the content security policy on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('a new official, from nothing to a signed approval', () => {
  it('signs in through the stand-in provider, enrols TOTP on /akun/2fa, keeps the recovery codes and approves with a signature', async () => {
    // The admin's part: an account for the NIP (no password: SSO only) and a signing certificate from the authority.
    const kanreg = (await app.db.selectFrom('instansi').select('kanreg_id').where('id', '=', NEW_OFFICIAL.instansiId).executeTakeFirstOrThrow()).kanreg_id;
    const passphrase = 'frasa-sandi-pejabat-baru';
    const signerId = `pejabat-baru-${randomBytes(3).toString('hex')}`;
    await enrolOfficial(app.keysDir, { id: signerId, name: 'Pejabat Baru', nip: NEW_OFFICIAL.nip, jabatan: 'Kepala Badan Kepegawaian Daerah', passphrase }, { caPassphrase: app.config.signingCaPassphrase });
    const official = await app.db.insertInto('app_user').values({
      id: `u_${signerId}`, username: 'pejabat.baru', nama: 'Pejabat Baru', nip: NEW_OFFICIAL.nip, jabatan: 'Kepala Badan Kepegawaian Daerah', role: 'APPROVER',
      instansi_id: NEW_OFFICIAL.instansiId, kanreg_id: kanreg, password_hash: NO_PASSWORD, totp_secret: null, signer_id: signerId, superior_user_id: null, email: null,
    }).returning('id').executeTakeFirstOrThrow();
    // Something to decide: the operator proposes a ready employee.
    const op = await app.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === NEW_OFFICIAL.instansiId)!.username);
    const periode = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
    const nip = DEMO_CASES.find((c) => c.key === 'JF_MEMENUHI_SYARAT')!.nip;
    const submitted = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 202, nips: [nip] });
    const usulanId = submitted.body.items[0].usulanId as string;
    expect(usulanId).toBeTruthy();

    const page = await newPage();
    await throughProvider(page, NEW_OFFICIAL.username, NEW_OFFICIAL.password);
    await page.waitForURL('**/akun/2fa**');
    await page.getByRole('button', { name: 'Tampilkan kode QR' }).click();
    await page.locator('#qr svg').waitFor();
    const secret = ((await page.locator('#kunci').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: path.join(SHOTS, 'akun-2fa-qr.png'), fullPage: true });
    await page.getByLabel('Kode 6 digit dari aplikasi').fill(totpNow(secret));
    await page.getByRole('button', { name: 'Konfirmasi' }).click();
    await page.locator('#bagian-kode:not([hidden])').waitFor();
    expect(await page.locator('#daftar-kode li').count()).toBe(10);
    await page.screenshot({ path: path.join(SHOTS, 'akun-2fa-kode-pemulihan.png'), fullPage: true });
    await page.getByRole('link', { name: 'Saya sudah menyimpannya, lanjutkan' }).click();
    await page.waitForURL('**/persetujuan');

    const row = page.locator(`#tabel-persetujuan tr[data-id="${usulanId}"]`);
    await row.waitFor({ timeout: 60_000 });
    await row.locator('input[type=checkbox]').check();
    await page.getByLabel('Passphrase sertifikat elektronik').first().fill(passphrase);
    await page.getByRole('button', { name: 'Setujui & tandatangani' }).click();
    await page.locator('#pesan-persetujuan', { hasText: /1 usulan disetujui/ }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'pejabat-baru-menyetujui.png'), fullPage: true });
    const signed = await app.db.selectFrom('usulan_kp').select(['status']).where('id', '=', usulanId).executeTakeFirstOrThrow();
    expect(signed.status).not.toBe('MENUNGGU_PERSETUJUAN');
    const audit = (await app.db.selectFrom('audit_log').select('action').where('actor_id', '=', official.id).execute()).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['auth.login', 'auth.totp_enrolled', 'auth.totp_ok']));
  });
});

