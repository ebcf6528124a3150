import { startTestEngine, type TestEngine } from '../helpers/harness';
import type { ApiClient } from '../helpers/http-client';
import { expectConsistent } from '../helpers/audit';
import { DEMO_CASES, DEMO_USERS } from '../../db/seed';
import { createPopulation } from '../../bench/lib/population';

jest.setTimeout(180_000);

/**
 * The operator's list judges readiness as the collective submission does: whoever it offers (siap) the submission
 * accepts, whoever it holds back shows why (eligibility or the missing berkas), across pages and instansi.
 */
let engine: TestEngine;
let op: ApiClient;
let periode: string;
const opUser = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!;
const otherOp = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId && u.instansiId !== 'I-3300')!;
const caseNip = (key: string) => DEMO_CASES.find((c) => c.key === key)!.nip;

interface Row { nip: string; layak: boolean; siap: boolean; sedangDiusulkan: boolean; berkasKurang: string[]; alasan: string[] }

async function allPages(client: ApiClient, extra = ''): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += 100) {
    const r = await client.get(`/web-api/pegawai?jenisKp=101&periode=${periode}&limit=100&offset=${offset}${extra}`);
    expect(r.status).toBe(200);
    rows.push(...r.body.items);
    if (offset + 100 >= r.body.total) return rows;
  }
}

beforeAll(async () => {
  engine = await startTestEngine();
  op = await engine.login(opUser.username);
  periode = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  // Some more ready people than one page holds, cloned from a ready demo employee (berkas included).
  await createPopulation(engine.db, caseNip('REGULER_MEMENUHI_SYARAT'), 130);
});
afterAll(async () => {
  await engine?.close();
});

describe("the operator's list and the submission agree", () => {
  it('ready means eligible, berkas complete and nothing open; the reasons show otherwise', async () => {
    const rows = await allPages(op);
    expect(rows.length).toBeGreaterThan(130);
    for (const r of rows) expect(r.siap).toBe(r.layak && r.berkasKurang.length === 0 && !r.sedangDiusulkan);
    const skp = rows.find((r) => r.nip === caseNip('BERKAS_KURANG_SKP'))!;
    expect(skp).toMatchObject({ layak: true, siap: false });
    expect(skp.berkasKurang.join(' ')).toMatch(/SKP/);
    const ineligible = rows.find((r) => r.nip === caseNip('MASA_KERJA_PANGKAT_KURANG'))!;
    expect(ineligible).toMatchObject({ layak: false, siap: false });
    expect(ineligible.alasan.length).toBeGreaterThan(0);
  });

  it('"all ready" is exactly the ready rows of every page, and submitting it holds back nobody', async () => {
    const paged = (await allPages(op, '&siap=true')).map((r) => r.nip);
    expect(new Set(paged).size).toBe(paged.length);
    const all = await op.get(`/web-api/pegawai/siap?jenisKp=101&periode=${periode}`);
    expect(all.status).toBe(200);
    const nips = all.body.items.map((i: { nip: string }) => i.nip);
    expect(all.body.total).toBe(nips.length);
    expect([...nips].sort()).toEqual([...paged].sort());
    expect(nips.length).toBeGreaterThanOrEqual(130);
    expect(all.body.items.every((i: { nama: string }) => i.nama.length > 0)).toBe(true);
    const notReady = (await allPages(op, '&siap=false')).length;
    expect(all.body.belumSiap).toBe(notReady);

    const submitted = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
    expect(submitted.status).toBe(201);
    expect({ held: submitted.body.items.filter((i: { status: string }) => i.status !== 'DITERIMA') }).toEqual({ held: [] });
    // Once proposed, nobody of them is offered again.
    const after = await op.get(`/web-api/pegawai/siap?jenisKp=101&periode=${periode}`);
    expect(after.body.items.filter((i: { nip: string }) => nips.includes(i.nip))).toEqual([]);
    const again = (await allPages(op)).filter((r) => nips.includes(r.nip));
    expect(again.every((r) => r.sedangDiusulkan && !r.siap)).toBe(true);
  });

  it('is scoped: another instansi sees none of these people; approvers and employees cannot list; bad input is 400', async () => {
    const other = await engine.login(otherOp.username);
    const theirs = await other.get(`/web-api/pegawai/siap?jenisKp=101&periode=${periode}`);
    expect(theirs.status).toBe(200);
    const ours = new Set((await allPages(op)).map((r) => r.nip));
    expect(theirs.body.items.filter((i: { nip: string }) => ours.has(i.nip))).toEqual([]);
    const employee = await engine.login(DEMO_USERS.find((u) => u.role === 'EMPLOYEE')!.username);
    expect((await employee.get('/web-api/pegawai/siap?jenisKp=101')).status).toBe(403);
    expect((await employee.get('/web-api/pegawai?jenisKp=101&siap=true')).status).toBe(403);
    const approver = await engine.login(DEMO_USERS.find((u) => u.role === 'APPROVER' && u.instansiId === 'I-3300')!.username);
    expect((await approver.get('/web-api/pegawai/siap?jenisKp=101')).status).toBe(403);
    const bad = await op.get('/web-api/pegawai?jenisKp=101&siap=mungkin');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.siap');
    expect((await op.get('/web-api/pegawai/siap?jenisKp=101&limit=5')).status).toBe(400);
  });

  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(engine));
});
