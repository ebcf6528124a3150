import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed';
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
