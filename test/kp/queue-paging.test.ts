import { sql } from 'kysely';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS } from '../../db/seed';

/**
 * The approver's and the verifier's queues (GET /api/v1/kp/usulan?antrean=...): keyset paging over a set that changes
 * between pages, search, filters, sort and totals, refusals in Bahasa Indonesia, scope across three instansi and two
 * Kanreg, and a decision the workflow has taken leaving the queue before the read model has caught up.
 */
jest.setTimeout(300_000);

let engine: TestEngine;
const clients = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!clients.has(username)) clients.set(username, engine.login(username));
  return clients.get(username)!;
};
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const row = (id: string) => engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

interface Item { id: string; nip: string; nama: string; instansi_id: string; kanreg_id: string; unor_id: string | null; jenis_kp: number; created_at: string; due_at: string | null; status: string }
interface Page { total: number; posisi: number; berikutnya: string | null; sebelumnya: string | null; items: Item[]; pilihan?: { unor: { id: string; nama: string }[]; instansi: { id: string }[]; jenisKp: { id: number }[]; periode: { id: string }[] } }

async function list(username: string, params: Record<string, string>): Promise<Page> {
  const r = await (await as(username)).get(`/api/v1/kp/usulan?${new URLSearchParams(params)}`);
  if (r.status !== 200) throw new Error(`${username} ${JSON.stringify(params)}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Page;
}
const ids = (p: Page) => p.items.map((i) => i.id);

/** Every page from the first, following `berikutnya`; `between` runs after each page (decisions in the meantime). */
async function walk(username: string, params: Record<string, string>, between?: (page: Page, n: number) => Promise<void>): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const p = await list(username, { ...params, ...(cursor ? { setelah: cursor } : {}) });
    pages.push(p);
    if (between) await between(p, pages.length);
    cursor = p.berikutnya;
  } while (cursor && pages.length < 100);
  return pages;
}

let periode: string;
const submitted = new Map<string, string[]>();

async function submitAll(operator: string, instansiId: string) {
  const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', instansiId).where('jenis_asn', '=', 'PNS').orderBy('nip').execute()).map((e) => e.nip);
  const res = await (await as(operator)).post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  const accepted = (res.body.items as { status: string; usulanId?: string }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!);
  submitted.set(instansiId, accepted);
  await eventually(async () => (await (await as(operator)).get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai, 60_000);
}

async function approveBulk(approver: string, usulanIds: string[]) {
  const r = await (await as(approver)).post('/api/v1/kp/keputusan-instansi-massal', { ids: usulanIds, action: 'APPROVE', passphrase: passphraseOf(approver) });
  expect(r.status).toBe(200);
  expect(r.body.gagal).toBe(0);
}

async function decide(approver: string, id: string, action: 'RETURN' | 'REJECT') {
  const r = await (await as(approver)).post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action, catatan: 'Berkas perlu diperbaiki (uji antrean)' });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  engine = await startTestEngine();
  periode = (await (await as('op.jateng1')).get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  await submitAll('op.jateng1', 'I-3300');
  await submitAll('op.sleman', 'I-3404');
  await submitAll('op.sidoarjo', 'I-3515');
  // A few of each instansi go on to the Kanreg's queue (KR01: Jawa Tengah and Sleman; KR02: Sidoarjo).
  await approveBulk('pyb.jateng', submitted.get('I-3300')!.slice(-6));
  await approveBulk('sekda.sleman', submitted.get('I-3404')!.slice(-3));
  await approveBulk('pyb.sidoarjo', submitted.get('I-3515')!.slice(-3));
});

afterAll(async () => {
  await engine?.close();
});

describe('paging', () => {
  it('walks the whole queue exactly once, forwards and backwards, with positions and a total that add up', async () => {
    const all = await list('pyb.jateng', { antrean: 'persetujuan', limit: '500' });
    expect(all.total).toBeGreaterThan(20);
    expect(all.items).toHaveLength(all.total);
    const pages = await walk('pyb.jateng', { antrean: 'persetujuan', limit: '7' });
    expect(pages.flatMap(ids)).toEqual(ids(all));
    pages.forEach((p, i) => {
      expect(p.total).toBe(all.total);
      expect(p.posisi).toBe(i * 7 + 1);
      expect(p.sebelumnya === null).toBe(i === 0);
    });
    expect(pages.at(-1)!.berikutnya).toBeNull();
    // Back from the last page by `sebelumnya`: the same pages in reverse.
    const back: Page[] = [pages.at(-1)!];
    while (back.at(-1)!.sebelumnya) back.push(await list('pyb.jateng', { antrean: 'persetujuan', limit: '7', sebelum: back.at(-1)!.sebelumnya! }));
    expect(back.reverse().flatMap(ids)).toEqual(ids(all));
    expect(back[0].posisi).toBe(1);
  });

  it('while usulan are decided between page fetches, every usulan still waiting is listed once and none twice', async () => {
    const params = { antrean: 'persetujuan', limit: '5', sort: 'nama' };
    const before = ids(await list('pyb.jateng', { ...params, limit: '500' }));
    const decided = new Set<string>();
    const pages = await walk('pyb.jateng', params, async (page, n) => {
      if (n > 4) return;
      // One already seen (on this page) and one ahead of the reader leave the queue before the next page.
      const seen = page.items[1]?.id;
      const ahead = before[before.indexOf(page.items.at(-1)!.id) + 3];
      for (const id of [seen, ahead]) {
        if (!id || decided.has(id)) continue;
        decided.add(id);
        await decide('pyb.jateng', id, n % 2 ? 'RETURN' : 'REJECT');
      }
    });
    const got = pages.flatMap(ids);
    expect(new Set(got).size).toBe(got.length);
    const stillWaiting = before.filter((id) => !decided.has(id));
    for (const id of stillWaiting) expect(got).toContain(id);
    // Only what waited when its page was read: the decided-ahead ones never show, and the order is the sort's.
    expect(got.filter((id) => !stillWaiting.includes(id)).every((id) => decided.has(id))).toBe(true);
    expect(got).toEqual(before.filter((id) => got.includes(id)));
    const after = await list('pyb.jateng', { antrean: 'persetujuan', limit: '1' });
    expect(after.total).toBe(before.length - decided.size);
  });

  it('pages by offset as before for callers that pass no cursor', async () => {
    const all = ids(await list('pyb.jateng', { antrean: 'persetujuan', limit: '500' }));
    const second = await list('pyb.jateng', { antrean: 'persetujuan', limit: '4', offset: '4' });
    expect(ids(second)).toEqual(all.slice(4, 8));
    expect(second.posisi).toBe(5);
  });
});

describe('search, filters and sort', () => {
  it('q finds by part of the NIP or of the name, case-insensitively; the total is the filtered count', async () => {
    const all = (await list('pyb.jateng', { antrean: 'persetujuan', limit: '500' })).items;
    const someone = all[3];
    const part = someone.nama.split(' ')[0].slice(1, 4).toUpperCase();
    const byName = await list('pyb.jateng', { antrean: 'persetujuan', limit: '500', q: part });
    const expected = all.filter((u) => u.nama.toLowerCase().includes(part.toLowerCase()) || u.nip.includes(part.toLowerCase()));
    expect(ids(byName).sort()).toEqual(expected.map((u) => u.id).sort());
    expect(byName.total).toBe(expected.length);
    const digits = someone.nip.slice(8, 14);
    const byNip = await list('pyb.jateng', { antrean: 'persetujuan', limit: '500', q: digits });
    expect(ids(byNip)).toContain(someone.id);
    expect(byNip.items.every((u) => u.nip.includes(digits) || u.nama.includes(digits))).toBe(true);
    expect((await list('pyb.jateng', { antrean: 'persetujuan', q: 'zzqq%_' })).total).toBe(0);
  });

  it('filters by jenis KP, periode, unit kerja (with the units below it) and resubmission', async () => {
    const all = await list('pyb.jateng', { antrean: 'persetujuan', limit: '500', pilihan: 'ya' });
    expect(all.pilihan!.jenisKp.map((j) => j.id)).toEqual([101]);
    expect(all.pilihan!.periode.map((p) => p.id)).toEqual([periode]);
    expect(all.pilihan!.instansi.map((i) => i.id)).toEqual(['I-3300']);
    expect((await list('pyb.jateng', { antrean: 'persetujuan', jenisKp: '202' })).total).toBe(0);
    expect((await list('pyb.jateng', { antrean: 'persetujuan', jenisKp: '101' })).total).toBe(all.total);
    expect((await list('pyb.jateng', { antrean: 'persetujuan', periode })).total).toBe(all.total);
    expect((await list('pyb.jateng', { antrean: 'persetujuan', ulang: 'ya' })).total).toBe(0);
    expect((await list('pyb.jateng', { antrean: 'persetujuan', ulang: 'tidak' })).total).toBe(all.total);
    const units = await engine.db.selectFrom('unor').select(['id', 'parent_id']).where('instansi_id', '=', 'I-3300').execute();
    const below = (id: string): string[] => [id, ...units.filter((u) => u.parent_id === id).flatMap((u) => below(u.id))];
    const offered = new Set(all.pilihan!.unor.map((u) => u.id));
    expect([...offered].every((id) => all.items.some((u) => u.unor_id === id))).toBe(true);
    // A unit with units below it: the filter takes the whole subtree.
    const parent = units.find((u) => below(u.id).length > 1 && all.items.some((i) => below(u.id).includes(i.unor_id ?? '')))!;
    expect(parent).toBeDefined();
    const tree = below(parent.id);
    const inUnit = await list('pyb.jateng', { antrean: 'persetujuan', limit: '500', unorId: parent.id });
    expect(inUnit.total).toBe(all.items.filter((u) => tree.includes(u.unor_id ?? '')).length);
    expect(inUnit.total).toBeGreaterThan(0);
    expect(inUnit.items.every((u) => tree.includes(u.unor_id ?? ''))).toBe(true);
  });

  it('the verifier filters by instansi and by claim (free, mine, another verifier\'s)', async () => {
    const all = await list('verif1.kr01', { antrean: 'verifikasi', limit: '500', pilihan: 'ya' });
    expect(all.pilihan!.instansi.map((i) => i.id).sort()).toEqual(['I-3300', 'I-3404']);
    const sleman = await list('verif1.kr01', { antrean: 'verifikasi', instansiId: 'I-3404' });
    expect(sleman.total).toBe(3);
    expect(sleman.items.every((u) => u.instansi_id === 'I-3404')).toBe(true);
    const [mine, theirs] = all.items;
    expect((await (await as('verif1.kr01')).post(`/api/v1/kp/usulan/${mine.id}/klaim`)).status).toBe(200);
    expect((await (await as('verif2.kr01')).post(`/api/v1/kp/usulan/${theirs.id}/klaim`)).status).toBe(200);
    expect(ids(await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'saya' }))).toEqual([mine.id]);
    expect(ids(await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'lain' }))).toEqual([theirs.id]);
    const free = await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'bebas', limit: '500' });
    expect(free.total).toBe(all.total - 2);
    expect(ids(free)).not.toContain(mine.id);
  });

  it('sorts by submission (oldest first by default), name, NIP and deadline, in the database\'s own order', async () => {
    const base = { antrean: 'persetujuan', limit: '500' };
    const inDb = async (order: string) => (await sql<{ id: string }>`select id from usulan_kp where instansi_id = 'I-3300' and status = 'MENUNGGU_PERSETUJUAN' order by ${sql.raw(order)}`.execute(engine.db)).rows.map((r) => r.id);
    expect(ids(await list('pyb.jateng', base))).toEqual(await inDb('created_at, id'));
    expect(ids(await list('pyb.jateng', { ...base, sort: '-diajukan' }))).toEqual(await inDb('created_at desc, id desc'));
    expect(ids(await list('pyb.jateng', { ...base, sort: 'nama' }))).toEqual(await inDb('lower(nama), id'));
    expect(ids(await list('pyb.jateng', { ...base, sort: '-nama' }))).toEqual(await inDb('lower(nama) desc, id desc'));
    expect(ids(await list('pyb.jateng', { ...base, sort: 'nip' }))).toEqual(await inDb('nip, id'));
    expect(ids(await list('pyb.jateng', { ...base, sort: '-nip' }))).toEqual(await inDb('nip desc, id desc'));
    expect(ids(await list('pyb.jateng', { ...base, sort: 'tenggat' }))).toEqual(await inDb(`coalesce(due_at, 'infinity'), id`));
    // Paging in a sort with many equal keys (every deadline of one batch is close) still covers the set once.
    expect((await walk('pyb.jateng', { antrean: 'persetujuan', limit: '6', sort: 'tenggat' })).flatMap(ids)).toEqual(await inDb(`coalesce(due_at, 'infinity'), id`));
  });
});

describe('refusals', () => {
  it.each([
    [{ limit: '0' }, 'query.limit', /Minimal 1/],
    [{ limit: '501' }, 'query.limit', /Maksimal 500/],
    [{ limit: 'abc' }, 'query.limit', /angka|bilangan/],
    [{ sort: 'gaji' }, 'query.sort', /Harus salah satu dari/],
    [{ setelah: 'bukan kursor!' }, 'query.setelah', /Kursor tidak dikenal/],
    [{ setelah: Buffer.from('["diajukan","kemarin","x"]').toString('base64url') }, 'query.setelah', /Kursor tidak dikenal/],
    [{ sort: 'nama', setelah: Buffer.from('["nip","197001131989032002","x"]').toString('base64url') }, 'query.setelah', /urutan nip, bukan nama/],
    [{ setelah: Buffer.from('["diajukan","2026-01-01T00:00:00.000000Z","x"]').toString('base64url'), offset: '5' }, 'query.offset', /salah satu saja/],
    [{ klaim: 'saya' }, 'query.klaim', /antrean=verifikasi/],
    [{ ulang: 'mungkin' }, 'query.ulang', /ya, tidak/],
    [{ q: 'a\u202eb' }, 'query.q', /U\+202E/],
    [{ halaman: '2' }, 'query.halaman', /Kolom tidak dikenal/],
  ])('%j is refused with 400 and the reason', async (params, field, reason) => {
    const r = await (await as('pyb.jateng')).get(`/api/v1/kp/usulan?${new URLSearchParams({ antrean: 'persetujuan', ...params })}`);
    expect(r.status).toBe(400);
    const hit = (r.body.errors as { field: string; reason: string }[]).find((e) => e.field === field);
    expect(hit?.reason).toMatch(reason);
  });
});

describe('scope', () => {
  const ofInstansi = (id: string) => engine.db.selectFrom('usulan_kp').select('id').where('instansi_id', '=', id).execute().then((r) => r.map((x) => x.id));

  it('an approver sees only their instansi, however they search, filter or forge a cursor', async () => {
    const jateng = new Set(await ofInstansi('I-3300'));
    const sidoarjo = await engine.db.selectFrom('usulan_kp').selectAll().where('instansi_id', '=', 'I-3515').execute();
    for (const antrean of ['persetujuan', 'tte', 'verifikasi', undefined]) {
      const p = await list('pyb.jateng', { ...(antrean ? { antrean } : {}), limit: '500', pilihan: 'ya' });
      expect(p.items.every((u) => jateng.has(u.id))).toBe(true);
      expect(p.pilihan!.instansi.every((i) => i.id === 'I-3300')).toBe(true);
      const foreign = await list('pyb.sidoarjo', { ...(antrean ? { antrean } : {}), limit: '500' });
      expect(foreign.items.some((u) => jateng.has(u.id))).toBe(false);
    }
    const target = sidoarjo[0];
    expect((await list('pyb.jateng', { antrean: 'persetujuan', instansiId: 'I-3515' })).total).toBe(0);
    expect((await list('pyb.jateng', { antrean: 'persetujuan', q: target.nip })).total).toBe(0);
    const theirUnor = (await engine.db.selectFrom('employee').select('unor_id').where('nip', '=', target.nip).executeTakeFirstOrThrow()).unor_id!;
    expect((await list('pyb.jateng', { antrean: 'persetujuan', unorId: theirUnor })).total).toBe(0);
    const forged = Buffer.from(JSON.stringify(['diajukan', '2000-01-01T00:00:00.000000Z', target.id])).toString('base64url');
    const p = await list('pyb.jateng', { antrean: 'persetujuan', setelah: forged, limit: '500' });
    expect(p.items.every((u) => jateng.has(u.id))).toBe(true);
  });

  it('a verifier sees only their Kanreg; an operator only their instansi; an employee only their own usulan', async () => {
    for (const [verifier, kanreg] of [['verif1.kr01', 'KR01'], ['verif1.kr02', 'KR02']] as const) {
      const p = await list(verifier, { antrean: 'verifikasi', limit: '500' });
      expect(p.total).toBeGreaterThan(0);
      expect(p.items.every((u) => u.kanreg_id === kanreg)).toBe(true);
      const other = kanreg === 'KR01' ? 'I-3515' : 'I-3300';
      expect((await list(verifier, { antrean: 'verifikasi', instansiId: other })).total).toBe(0);
    }
    const kr02 = (await list('verif1.kr02', { antrean: 'verifikasi', limit: '500' })).items;
    expect(kr02.every((u) => u.instansi_id === 'I-3515')).toBe(true);
    for (const antrean of ['persetujuan', 'verifikasi', 'tte']) {
      const op = await list('op.sleman', { antrean, limit: '500', pilihan: 'ya' });
      expect(op.items.every((u) => u.instansi_id === 'I-3404')).toBe(true);
      expect(op.pilihan!.unor.every((u) => (u as unknown as { instansiId: string }).instansiId === 'I-3404')).toBe(true);
    }
    const employee = DEMO_USERS.find((u) => u.role === 'EMPLOYEE' && u.instansiId === 'I-3300' && submitted.get('I-3300')!.length > 0)!;
    for (const antrean of ['persetujuan', 'verifikasi', undefined]) {
      const mine = await list(employee.username, { ...(antrean ? { antrean } : {}), limit: '500' });
      expect(mine.items.every((u) => u.nip === employee.nip)).toBe(true);
    }
    expect((await list(employee.username, { antrean: 'persetujuan', q: '19' })).items.every((u) => u.nip === employee.nip)).toBe(true);
  });
});

describe('a decision the workflow has taken leaves every queue before the read model follows', () => {
  /**
   * Holds a row lock for as long as `during` runs, so the workflow's write to that row waits. NO KEY UPDATE for the
   * employee: inserts that reference the row (documents, events) still pass, the promotion's FOR UPDATE waits.
   */
  async function withRowLocked(table: 'usulan_kp' | 'employee', where: { column: 'id' | 'nip'; value: string }, during: () => Promise<void>) {
    const mode = table === 'employee' ? sql`for no key update` : sql`for update`;
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => { locked = r; });
    const holder = engine.db.transaction().execute(async (trx) => {
      await sql`select 1 from ${sql.table(table)} where ${sql.ref(where.column)} = ${where.value} ${mode}`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    try {
      await during();
    } finally {
      release();
      await holder;
    }
  }

  it('an approval accepted by the workflow is gone from the approval queue of every approver of the instansi at once', async () => {
    const queue = ids(await list('pyb.jateng', { antrean: 'persetujuan', limit: '500' }));
    const id = queue[queue.length - 1];
    const approver = await as('pyb.jateng');
    let answer: Promise<{ status: number }> | undefined;
    await withRowLocked('usulan_kp', { column: 'id', value: id }, async () => {
      answer = approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf('pyb.jateng') });
      // The workflow has accepted the approval (its own state moved on) ...
      await eventually(async () => (await approver.get(`/api/v1/kp/usulan/${id}/state`)).body.status === 'MENUNGGU_VERIFIKASI', 20_000, 100);
      // ... while the read model, whose row is locked, still says it waits for approval.
      expect((await row(id)).status).toBe('MENUNGGU_PERSETUJUAN');
      for (const who of ['pyb.jateng', 'sekda.jateng']) {
        const p = await list(who, { antrean: 'persetujuan', limit: '500' });
        expect(ids(p)).not.toContain(id);
        expect(p.total).toBe(queue.length - 1);
      }
      expect((await row(id)).status).toBe('MENUNGGU_PERSETUJUAN');
    });
    expect((await answer!).status).toBe(200);
    await eventually(async () => (await row(id)).status === 'MENUNGGU_VERIFIKASI');
    expect(ids(await list('pyb.jateng', { antrean: 'persetujuan', limit: '500' }))).not.toContain(id);
    expect(ids(await list('verif1.kr01', { antrean: 'verifikasi', limit: '500' }))).toContain(id);
  });

  it('a signed SK is gone from the TTE list while the usulan is still being finished', async () => {
    const id = (await list('verif1.kr01', { antrean: 'verifikasi', instansiId: 'I-3300', klaim: 'bebas' })).items[0].id;
    const v = await as('verif1.kr01');
    expect((await v.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
    expect((await v.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf('verif1.kr01') })).status).toBe(200);
    await eventually(async () => (await row(id)).sk_draft_sha256);
    const u = await row(id);
    const signer = DEMO_USERS.find((x) => x.id === u.sk_signer_user_id)!.username;
    expect(ids(await list(signer, { antrean: 'tte', limit: '500' }))).toContain(id);
    // The promotion locks the employee's row: held here, the usulan stays MENUNGGU_TTE_SK after the SK is signed.
    await withRowLocked('employee', { column: 'nip', value: u.nip }, async () => {
      const signed = await (await as(signer)).post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(signer) });
      expect(signed.body.berhasil).toBe(1);
      expect((await row(id)).status).toBe('MENUNGGU_TTE_SK');
      expect(ids(await list(signer, { antrean: 'tte', limit: '500' }))).not.toContain(id);
      expect((await row(id)).status).toBe('MENUNGGU_TTE_SK');
    });
    await eventually(async () => (await row(id)).status === 'SELESAI');
  });
});

describe('afterwards', () => {
  it('leaves every invariant intact', () => expectConsistent(engine));
});
