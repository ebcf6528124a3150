import type { Page } from 'playwright-core';
import { eventually } from '../helpers/harness';
import { BrowserKit, userOf } from './browser-kit';
import { expectConsistent } from '../helpers/audit';
import { DEMO_CASES } from '../../db/seed';
import { createPopulation } from '../../bench/lib/population';

/**
 * Issue 18, item 3: an operator proposes a whole period's ready people in a few actions, sees what will happen before
 * it happens, and can review the selection; at desktop and phone width.
 */
jest.setTimeout(300_000);

const kit = new BrowserKit();
const template = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!;

beforeAll(async () => {
  await kit.start();
  await createPopulation(kit.engine.db, template.nip, 300);
});
afterAll(async () => {
  await kit.stop();
});

async function waitText(page: Page, selector: string, re: RegExp, timeout = 60_000): Promise<string> {
  return eventually(async () => {
    const t = (await page.locator(selector).textContent().catch(() => '')) ?? '';
    return re.test(t) ? t : undefined;
  }, timeout, 200);
}

describe('a collective submission of 300 ready people', () => {
  // First, while everyone is still ready to be proposed.
  it('on a phone the list keeps eligibility and berkas reachable, and the page does not overflow', async () => {
    const page = await kit.newPage(390);
    await kit.login(page, userOf('OPERATOR', (u) => u.instansiId === template.instansiId), '/operator');
    await page.locator('#tabel-pegawai tbody tr').first().waitFor();
    await page.getByLabel('Hanya yang siap diajukan').check();
    await page.getByLabel('Per halaman').selectOption('50');
    await page.getByRole('button', { name: 'Tampilkan pegawai' }).click();
    const rows = page.locator('#tabel-pegawai tbody tr');
    // The filtered page replaces the first one: 50 rows, every one ready.
    await eventually(async () => (await rows.count()) === 50 && (await page.locator('#tabel-pegawai tbody tr[data-siap="false"]').count()) === 0 || undefined);
    await expect(page.locator('#halaman').textContent()).resolves.toMatch(/^1–50 dari \d+/);
    await kit.expectAccessible(page, { noOverflow: true });
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'operator-ponsel');
  });

  it('takes three actions on the page: select all ready, submit, confirm; nothing goes out before the confirmation', async () => {
    const page = await kit.newPage();
    await kit.login(page, userOf('OPERATOR', (u) => u.instansiId === template.instansiId), '/operator');
    await page.locator('#tabel-pegawai tbody tr').first().waitFor();
    const before = await kit.engine.db.selectFrom('usulan_kp').select('id').execute();
    let actions = 0;
    const act = async (fn: () => Promise<unknown>) => { actions += 1; await fn(); };

    await act(() => page.getByRole('button', { name: 'Pilih semua yang siap diajukan' }).click());
    const picked = await waitText(page, '#pesan-usul', /pegawai siap diajukan dipilih/);
    const n = Number(/^(\d+)/.exec(picked)![1]);
    expect(n).toBeGreaterThanOrEqual(300);
    await expect(page.locator('#jumlah-dipilih').textContent()).resolves.toBe(String(n));
    // The review lists them (at most 200 at once, then a count).
    await page.locator('#tinjau summary').click();
    await page.locator('#daftar-pilihan li').nth(200).waitFor();
    await expect(page.locator('#daftar-pilihan li').count()).resolves.toBe(201);
    await kit.expectAccessible(page);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'operator-pilih-semua-siap');
    await page.locator('#tinjau summary').click();

    await act(() => page.getByRole('button', { name: 'Ajukan usulan kolektif' }).click());
    await expect(page.locator('#teks-konfirmasi').textContent()).resolves.toMatch(new RegExp(`Anda akan mengajukan ${n} usulan`));
    expect((await kit.engine.db.selectFrom('usulan_kp').select('id').execute()).length).toBe(before.length);
    expect(await kit.axeProblems(page)).toEqual([]);
    await kit.shot(page, 'operator-konfirmasi-300');
    // "Batal" keeps the selection and sends nothing.
    await page.getByRole('button', { name: 'Batal' }).click();
    await expect(page.locator('#konfirmasi').isHidden()).resolves.toBe(true);
    await expect(page.locator('#jumlah-dipilih').textContent()).resolves.toBe(String(n));
    await act(() => page.getByRole('button', { name: 'Ajukan usulan kolektif' }).click());
    await act(() => page.getByRole('button', { name: `Ya, ajukan ${n} usulan` }).click());

    await waitText(page, '#pesan-usul', new RegExp(`Pengajuan diterima: ${n} usulan dibuat, 0 ditahan`));
    await page.locator('#progres[data-selesai="true"]').waitFor({ timeout: 120_000 });
    await expect(page.locator('#tabel-hasil tbody tr').count()).resolves.toBe(n);
    await expect(page.locator('#tabel-hasil tbody').textContent()).resolves.not.toContain('Ditahan');
    expect(actions).toBeLessThan(10);
    await kit.shot(page, 'operator-300-diajukan');
  });

  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(kit.engine));
});
