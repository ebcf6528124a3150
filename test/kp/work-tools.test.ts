import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_SIGNERS } from '../../db/seed';

/**
 * The tools for a working day beside the queues: "klaim berikutnya" for the verifier (the oldest free usulan in their
 * scope and filters, atomically: two verifiers never get the same one), the verifier's own recent decisions, the CSV
 * export of the approver's and verifier's queues and of the operator's eligibility list (the whole filtered set,
 * formula-safe), and the eligibility forecast's scope. Three instansi under two Kanreg (KR01: Jawa Tengah and Sleman;
 * KR02: Sidoarjo).
 */
jest.setTimeout(300_000);

let engine: TestEngine;
const clients = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!clients.has(username)) clients.set(username, engine.login(username));
  return clients.get(username)!;
};
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const userId = (username: string) => `usr-${username}`;

interface Item { id: string; nip: string; nama: string; instansi_id: string; kanreg_id: string; claimed_by: string | null }
interface Page { total: number; items: Item[] }
interface ClaimNext { usulan: { id: string; nip: string; nama: string } | null; claimedUntil?: string; pesan?: string }

async function list(username: string, params: Record<string, string>): Promise<Page> {
  const r = await (await as(username)).get(`/api/v1/kp/usulan?${new URLSearchParams(params)}`);
  if (r.status !== 200) throw new Error(`${username} ${JSON.stringify(params)}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Page;
}
async function claimNext(username: string, filters: Record<string, unknown> = {}, key?: string): Promise<ClaimNext> {
  const r = await (await as(username)).post('/api/v1/kp/antrean-verifikasi/klaim-berikutnya', filters, key ? { idempotencyKey: key } : undefined);
  if (r.status !== 200) throw new Error(`${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as ClaimNext;
}
/** A CSV answer as rows of cells (';', quoted cells with doubled quotes), after checking the BOM and the media type. */
function parseCsv(r: { status: number; body: Buffer; headers: Headers }): string[][] {
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
  // The bytes as sent (a text decoder drops the byte-order mark): UTF-8 BOM first.
  expect([...r.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = r.body.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
const getCsv = async (username: string, path: string) => (await as(username)).request<Buffer>('GET', path, undefined, { raw: true });
const column = (rows: string[][], name: string) => {
  const i = rows[0].indexOf(name);
  expect(i).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[i]);
};

let periode: string;
const submitted = new Map<string, string[]>();

async function submitAll(operator: string, instansiId: string) {
  const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', instansiId).where('jenis_asn', '=', 'PNS').orderBy('nip').execute()).map((e) => e.nip);
  const res = await (await as(operator)).post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  submitted.set(instansiId, (res.body.items as { status: string; usulanId?: string }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!));
  await eventually(async () => (await (await as(operator)).get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai, 60_000);
}
async function approve(approver: string, ids: string[]) {
  const r = await (await as(approver)).post('/api/v1/kp/keputusan-instansi-massal', { ids, action: 'APPROVE', passphrase: passphraseOf(approver) });
  expect(r.status).toBe(200);
  expect(r.body.gagal).toBe(0);
}

beforeAll(async () => {
  engine = await startTestEngine();
  periode = (await (await as('op.jateng1')).get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  await submitAll('op.jateng1', 'I-3300');
  await submitAll('op.sleman', 'I-3404');
  await submitAll('op.sidoarjo', 'I-3515');
  // One at a time, so the verifier queue's submission order (created_at) is known: Jawa Tengah's first.
  await approve('pyb.jateng', submitted.get('I-3300')!.slice(-12));
  await approve('sekda.sleman', submitted.get('I-3404')!.slice(-4));
  await approve('pyb.sidoarjo', submitted.get('I-3515')!.slice(-3));
});

afterAll(async () => {
  await engine?.close();
});

describe('klaim berikutnya', () => {
  it('is refused to everyone but a verifier: operator, approver, Kanreg head', async () => {
    for (const who of ['op.jateng1', 'pyb.jateng', 'kakanreg.kr01']) {
      const r = await (await as(who)).post('/api/v1/kp/antrean-verifikasi/klaim-berikutnya', {});
      expect(r.status).toBe(403);
      expect(r.body.detail).toBeTruthy();
    }
    expect(await engine.db.selectFrom('usulan_kp').select('id').where('claimed_by', 'is not', null).execute()).toEqual([]);
  });

  it('claims the oldest free usulan of the queue as the list orders it, and a repeat of the same request changes nothing', async () => {
    const free = await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'bebas', limit: '500' });
    expect(free.total).toBe(16);
    const key = 'klaim-berikutnya-uji-1';
    const got = await claimNext('verif1.kr01', {}, key);
    expect(got.usulan!.id).toBe(free.items[0].id);
    expect(new Date(got.claimedUntil!).getTime()).toBeGreaterThan(Date.now());
    const row = await engine.db.selectFrom('usulan_kp').select(['claimed_by', 'claim_expires_at']).where('id', '=', got.usulan!.id).executeTakeFirstOrThrow();
    expect(row.claimed_by).toBe(userId('verif1.kr01'));
    // The same Idempotency-Key: the first answer again, no second claim.
    const again = await claimNext('verif1.kr01', {}, key);
    expect(again.usulan!.id).toBe(got.usulan!.id);
    expect(await engine.db.selectFrom('usulan_kp').select('id').where('claimed_by', 'is not', null).execute()).toHaveLength(1);
    // The next press takes the next one; the one held is not offered again.
    const next = await claimNext('verif1.kr01');
    expect(next.usulan!.id).toBe(free.items[1].id);
  });

  it('keeps to the current filters and to the verifier\'s own Kanreg', async () => {
    const sleman = await claimNext('verif1.kr01', { instansiId: 'I-3404' });
    const row = await engine.db.selectFrom('usulan_kp').select(['instansi_id', 'claimed_by']).where('id', '=', sleman.usulan!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ instansi_id: 'I-3404', claimed_by: userId('verif1.kr01') });
    const someone = (await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'bebas', instansiId: 'I-3300' })).items[0];
    const byNip = await claimNext('verif1.kr01', { nip: someone.nip });
    expect(byNip.usulan!.id).toBe(someone.id);
    // Another Kanreg's instansi as a filter finds nothing to claim, and says so.
    const outside = await claimNext('verif1.kr01', { instansiId: 'I-3515' });
    expect(outside.usulan).toBeNull();
    expect(outside.pesan).toMatch(/Tidak ada lagi usulan yang belum diklaim/);
    // KR02's verifier gets only Sidoarjo's, and cannot claim or see KR01's by id.
    const kr02 = await claimNext('verif1.kr02');
    expect(submitted.get('I-3515')).toContain(kr02.usulan!.id);
    const kr01Free = (await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'bebas' })).items[0];
    expect((await (await as('verif1.kr02')).post(`/api/v1/kp/usulan/${kr01Free.id}/klaim`)).status).toBe(404);
    expect((await (await as('verif1.kr02')).get(`/api/v1/kp/usulan/${kr01Free.id}`)).status).toBe(404);
    expect((await claimNext('verif1.kr02', { instansiId: 'I-3300' })).usulan).toBeNull();
    const claimedOutside = await engine.db.selectFrom('usulan_kp').select('id').where('claimed_by', '=', userId('verif1.kr02')).where('kanreg_id', '<>', 'KR02').execute();
    expect(claimedOutside).toEqual([]);
  });

  it('two verifiers pressing at once, many times over, never get the same usulan; when the queue runs dry each is told so', async () => {
    const freeBefore = (await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'bebas', limit: '500' })).total;
    expect(freeBefore).toBeGreaterThan(5);
    // More presses than free usulan, from both verifiers at the same moment.
    const presses = Array.from({ length: freeBefore + 4 }, (_, i) => (i % 2 ? 'verif2.kr01' : 'verif1.kr01'));
    const answers = await Promise.all(presses.map(async (who) => ({ who, r: await claimNext(who) })));
    const got = answers.filter((a) => a.r.usulan);
    const ids = got.map((a) => a.r.usulan!.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(freeBefore);
    for (const a of answers.filter((x) => !x.r.usulan)) expect(a.r.pesan).toMatch(/Tidak ada lagi usulan yang belum diklaim dalam antrean Anda/);
    const rows = await engine.db.selectFrom('usulan_kp').select(['id', 'claimed_by']).where('id', 'in', ids).execute();
    const holder = new Map(rows.map((r) => [r.id, r.claimed_by]));
    for (const a of got) expect(holder.get(a.r.usulan!.id)).toBe(userId(a.who));
    expect((await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'bebas' })).total).toBe(0);
  });
});

describe('the verifier\'s own recent decisions', () => {
  it('lists what this verifier decided (BTS, TMS), newest first with reasons and note, paged; not another verifier\'s, not for an operator', async () => {
    const mine = await list('verif1.kr01', { antrean: 'verifikasi', klaim: 'saya', limit: '500' });
    expect(mine.total).toBeGreaterThanOrEqual(3);
    const [a, b] = mine.items;
    const v = await as('verif1.kr01');
    const bts = await v.post(`/api/v1/kp/usulan/${a.id}/verifikasi`, { action: 'BTS', alasan: ['BTS-03', 'BTS-99'], catatan: 'SKP 2025 belum ditandatangani atasan' });
    expect(bts.status).toBe(200);
    const tms = await v.post(`/api/v1/kp/usulan/${b.id}/verifikasi`, { action: 'TMS', alasan: ['TMS-01'] });
    expect(tms.status).toBe(200);
    const first = await eventually(async () => {
      const r = await v.get('/api/v1/kp/keputusan-saya?limit=1');
      return r.status === 200 && r.body.items[0]?.usulanId === b.id ? r.body : undefined;
    });
    expect(first.items[0]).toMatchObject({ usulanId: b.id, nip: b.nip, keputusan: 'TMS', alasan: [{ kode: 'TMS-01', teks: 'masa kerja dalam pangkat belum memenuhi syarat' }] });
    expect(first.items[0].keputusanLabel).toMatch(/Tidak memenuhi syarat/);
    expect(first.berikutnya).toBeTruthy();
    const second = (await v.get(`/api/v1/kp/keputusan-saya?limit=1&setelah=${first.berikutnya}`)).body;
    expect(second.items[0]).toMatchObject({ usulanId: a.id, keputusan: 'BTS', catatan: 'SKP 2025 belum ditandatangani atasan' });
    expect(second.items[0].alasan.map((x: { kode: string }) => x.kode)).toEqual(['BTS-03', 'BTS-99']);
    expect(second.items[0].statusSekarang).toBe('BTS');
    expect(second.berikutnya).toBeNull();
    expect((await v.get('/api/v1/kp/keputusan-saya?keputusan=BTS')).body.items.map((i: { usulanId: string }) => i.usulanId)).toEqual([a.id]);
    expect((await (await as('verif2.kr01')).get('/api/v1/kp/keputusan-saya')).body.items).toEqual([]);
    expect((await (await as('op.jateng1')).get('/api/v1/kp/keputusan-saya')).status).toBe(403);
    const bad = await v.get('/api/v1/kp/keputusan-saya?setelah=bukan-kursor');
    expect(bad.status).toBe(400);
  });
});

describe('CSV export of the queues and the eligibility list', () => {
  it('the verifier\'s queue: exactly the filtered set in the list\'s order, whatever page size, with BOM and ";"', async () => {
    const all = await list('verif1.kr01', { antrean: 'verifikasi', instansiId: 'I-3300', sort: 'nama', limit: '500' });
    expect(all.total).toBeGreaterThan(5);
    const rows = parseCsv(await getCsv('verif1.kr01', `/api/v1/kp/usulan?${new URLSearchParams({ antrean: 'verifikasi', instansiId: 'I-3300', sort: 'nama', limit: '2', format: 'csv' })}`));
    expect(rows[0]).toEqual(expect.arrayContaining(['nip', 'nama', 'status', 'klaim']));
    expect(rows.slice(1).every((r) => r.length === rows[0].length)).toBe(true);
    expect(column(rows, 'nip')).toEqual(all.items.map((i) => i.nip));
    const claims = column(rows, 'klaim');
    all.items.forEach((i, n) => expect(claims[n]).toBe(i.claimed_by === userId('verif1.kr01') ? 'Diklaim Anda' : 'Diklaim verifikator lain'));
    // KR02's verifier exports nothing of KR01's.
    const theirs = parseCsv(await getCsv('verif1.kr02', '/api/v1/kp/usulan?antrean=verifikasi&instansiId=I-3300&format=csv'));
    expect(theirs).toHaveLength(1);
  });

  it('the approver\'s queue: the search applies, and a name that would run as a formula is kept as text', async () => {
    const waiting = await list('pyb.jateng', { antrean: 'persetujuan', limit: '500' });
    const victim = waiting.items[0];
    await engine.db.updateTable('usulan_kp').set({ nama: '=HYPERLINK("http://contoh.invalid";"klik")' }).where('id', '=', victim.id).execute();
    const all = parseCsv(await getCsv('pyb.jateng', '/api/v1/kp/usulan?antrean=persetujuan&format=csv'));
    expect(all).toHaveLength(waiting.total + 1);
    const names = column(all, 'nama');
    expect(names).toContain('\'=HYPERLINK("http://contoh.invalid";"klik")');
    for (const r of all.slice(1)) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    const part = waiting.items[3].nama.split(' ')[0].slice(0, 4);
    const found = await list('pyb.jateng', { antrean: 'persetujuan', q: part, limit: '500' });
    const csv = parseCsv(await getCsv('pyb.jateng', `/api/v1/kp/usulan?antrean=persetujuan&format=csv&q=${encodeURIComponent(part)}`));
    expect(column(csv, 'nip').sort()).toEqual(found.items.map((i) => i.nip).sort());
    expect(csv.length - 1).toBe(found.total);
    await engine.db.updateTable('usulan_kp').set({ nama: victim.nama }).where('id', '=', victim.id).execute();
  });

  it('the operator\'s eligibility list: every employee of the filter (not one page), the eligibility filter applied, formula-safe', async () => {
    const op = await as('op.jateng1');
    const page = (await op.get('/web-api/pegawai?limit=5')).body;
    expect(page.total).toBeGreaterThan(5);
    const someone = page.items[1];
    await engine.db.updateTable('employee').set({ nama: '@SUM(1+1)' }).where('nip', '=', someone.nip).execute();
    const rows = parseCsv(await getCsv('op.jateng1', '/web-api/pegawai?limit=5&format=csv'));
    expect(rows.length - 1).toBe(page.total);
    expect(column(rows, 'nama')).toContain('\'@SUM(1+1)');
    const eligible = (await op.get('/web-api/pegawai?layak=true&limit=100')).body;
    const eligibleCsv = parseCsv(await getCsv('op.jateng1', '/web-api/pegawai?layak=true&format=csv'));
    expect(eligibleCsv.length - 1).toBe(eligible.total);
    expect(column(eligibleCsv, 'layak').every((x) => x === 'Ya')).toBe(true);
    expect((await (await as('verif1.kr01')).get('/web-api/pegawai?format=csv')).status).toBe(403);
    await engine.db.updateTable('employee').set({ nama: someone.nama }).where('nip', '=', someone.nip).execute();
  });
});

describe('the eligibility forecast', () => {
  it('answers the operator\'s own units, 404 for a unit of another instansi, 403 for a verifier; CSV with BOM and ";"', async () => {
    const op = await as('op.jateng1');
    const own = await engine.db.selectFrom('unor').select('id').where('instansi_id', '=', 'I-3300').where('parent_id', 'is not', null).executeTakeFirstOrThrow();
    const other = await engine.db.selectFrom('unor').select('id').where('instansi_id', '=', 'I-3404').executeTakeFirstOrThrow();
    const mine = await op.get(`/api/v1/kp/prakiraan?unorId=${own.id}&jumlahPeriode=6`);
    expect(mine.status).toBe(200);
    expect(mine.body.jumlahPeriode).toBe(6);
    for (const i of mine.body.items) expect(i.jalurNama).toMatch(/^Kenaikan Pangkat/);
    const outside = await op.get(`/api/v1/kp/prakiraan?unorId=${other.id}`);
    expect(outside.status).toBe(404);
    expect(outside.body.detail).toMatch(/tidak ada di instansi Anda/);
    expect((await (await as('verif1.kr01')).get('/api/v1/kp/prakiraan')).status).toBe(403);
    const csv = parseCsv(await getCsv('op.jateng1', `/api/v1/kp/prakiraan?unorId=${own.id}&jumlahPeriode=6&format=csv`));
    expect(column(csv, 'nip')).toEqual(mine.body.items.map((i: { nip: string }) => i.nip));
  });
});

describe('afterwards', () => {
  it('leaves every invariant intact', () => expectConsistent(engine));
});
