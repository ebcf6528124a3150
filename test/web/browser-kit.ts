import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../helpers/harness';
import { DEMO_USERS } from '../../db/seed';
import { totpNow } from '../../identity/totp';

export type DemoUser = (typeof DEMO_USERS)[number];

export const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');
// Debian's chromium as root, without the background traffic this machine's closed network refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function userOf(role: string, pred: (u: DemoUser) => boolean = () => true): DemoUser {
  const u = DEMO_USERS.find((x) => x.role === role && pred(x));
  if (!u) throw new Error(`no demo ${role}`);
  return u;
}

/** One engine and one real Chromium per test file, with the page helpers the web tests share. */
export class BrowserKit {
  engine!: TestEngine;
  private browser!: Browser;
  private contexts: BrowserContext[] = [];
  readonly pageErrors: string[] = [];

  async start(): Promise<void> {
    fs.mkdirSync(SHOTS, { recursive: true });
    this.engine = await startTestEngine();
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }

  async stop(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close();
    await this.engine?.close();
  }

  async newPage(width = 1280): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.engine.url, viewport: { width, height: 900 }, locale: 'id-ID' });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => this.pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) this.pageErrors.push(`${page.url()}: ${m.text()}`);
    });
    return page;
  }

  async shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** Every visible form control is named, one h1, lang="id", a skip link, and (optionally) nothing wider than the viewport. */
  async expectAccessible(page: Page, opts: { noOverflow?: boolean } = {}): Promise<void> {
    // A string, not a function: the test compiles without the DOM typings.
    const report = await page.evaluate<{ unlabelled: string[]; h1: number; lang: string; skip: boolean; overflow: boolean }>(`(() => {
      const unlabelled = [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden')
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => el.outerHTML.slice(0, 120));
      return {
        unlabelled, h1: document.querySelectorAll('h1').length, lang: document.documentElement.lang,
        skip: !!document.querySelector('a.skip-link[href="#utama"]'),
        overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
      };
    })()`);
    expect(report).toEqual({ unlabelled: [], h1: 1, lang: 'id', skip: true, overflow: opts.noOverflow ? false : report.overflow });
  }

  /**
   * Serious and critical axe-core violations on the page as it is now (default rules plus WCAG 2.2 target size);
   * the script goes in through the DevTools protocol, past the page's CSP.
   */
  async axeProblems(page: Page): Promise<string[]> {
    await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const result = await page.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>(`(async () => {
      const r = await axe.run(document, { rules: { 'target-size': { enabled: true } } });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    })()`);
    return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }

  /** Signs a demo user in through the login page (password, then the TOTP step for officials). */
  async login(page: Page, user: DemoUser, landing: string, opts: { checkPages?: boolean } = {}): Promise<void> {
    await page.goto('/masuk');
    if (opts.checkPages) await this.expectAccessible(page);
    await page.getByLabel('Nama pengguna').fill(user.username);
    await page.getByLabel('Kata sandi').fill(user.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    if (user.totpSecret) {
      await page.getByLabel('Kode TOTP').waitFor();
      if (opts.checkPages) {
        await this.expectAccessible(page);
        await this.shot(page, `masuk-totp-${user.role.toLowerCase()}`);
      }
      await page.getByLabel('Kode TOTP').fill(totpNow(user.totpSecret));
      await page.getByRole('button', { name: 'Verifikasi' }).click();
    }
    await page.waitForURL((u) => u.pathname === landing);
  }
}
