import type { Db } from '../../db';
import { Client, login, NIP, type Fixtures, type RunningApp } from './fixtures';
import { useFullApiApp } from './full-app';

let db: Db;
let fx: Fixtures;
let app: RunningApp;
const as: Record<string, Client> = {};

useFullApiApp(async (env) => {
  ({ db, fx, app } = env);
  await db.insertInto('unor').values([
    { id: 'u-ia', instansi_id: 'ia', parent_id: null, nama: 'Sekretariat Daerah' },
    { id: 'u-ia-sub', instansi_id: 'ia', parent_id: 'u-ia', nama: 'Bagian Umum' },
    { id: 'u-ib', instansi_id: 'ib', parent_id: null, nama: 'Dinas Pendidikan' },
  ]).execute();
  await db.updateTable('employee').set({ unor_id: 'u-ia-sub' }).where('nip', '=', NIP.a).execute();
  await db.updateTable('employee').set({ unor_id: 'u-ib' }).where('nip', '=', NIP.b).execute();
  await db.insertInto('employee_golongan_history').values([
    { nip: NIP.a, golongan_id: 31, tmt: '2016-04-01', mkg_tahun: 0, mkg_bulan: 0, sk_nomor: 'SK-1/2016', sk_tanggal: '2016-03-01', pertek_nomor: null, usulan_id: null },
    { nip: NIP.a, golongan_id: 32, tmt: '2020-04-01', mkg_tahun: 4, mkg_bulan: 0, sk_nomor: 'SK-2/2020', sk_tanggal: '2020-03-01', pertek_nomor: 'PT-2/2020', usulan_id: null },
    { nip: NIP.c, golongan_id: 32, tmt: '2020-04-01', mkg_tahun: 4, mkg_bulan: 0, sk_nomor: null, sk_tanggal: null, pertek_nomor: null, usulan_id: null },
  ]).execute();
  for (const u of ['admin', 'op_a', 'op_c', 'emp_a', 'ver_1']) as[u] = await login(app.url, fx.users[u]);
});

describe('GET /api/v1/pegawai/:nip/riwayat-golongan', () => {
  it('an employee sees their own golongan history, oldest first, with codes and decree numbers', async () => {
    const r = await as.emp_a.get(`/api/v1/pegawai/${NIP.a}/riwayat-golongan`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ nip: NIP.a, nama: expect.any(String) });
    expect(r.body.items).toEqual([
      expect.objectContaining({ golonganId: 31, golongan: 'III/a', tmt: '2016-04-01', skNomor: 'SK-1/2016', skTanggal: '2016-03-01' }),
      expect.objectContaining({ golonganId: 32, golongan: 'III/b', tmt: '2020-04-01', pertekNomor: 'PT-2/2020' }),
    ]);
  });

  it("an employee asking for someone else's history gets 404, as for a NIP that does not exist", async () => {
    for (const nip of [NIP.b, NIP.c, '199912312020121001']) {
      const r = await as.emp_a.get(`/api/v1/pegawai/${nip}/riwayat-golongan`);
      expect([nip, r.status]).toEqual([nip, 404]);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('operators see their instansi, verifiers their kanreg, admins everyone; outside the scope is 404', async () => {
    expect((await as.op_a.get(`/api/v1/pegawai/${NIP.a}/riwayat-golongan`)).status).toBe(200);
    expect((await as.op_a.get(`/api/v1/pegawai/${NIP.c}/riwayat-golongan`)).status).toBe(404);
    expect((await as.op_c.get(`/api/v1/pegawai/${NIP.a}/riwayat-golongan`)).status).toBe(404);
    expect((await as.ver_1.get(`/api/v1/pegawai/${NIP.b}/riwayat-golongan`)).body.items).toEqual([]);
    expect((await as.ver_1.get(`/api/v1/pegawai/${NIP.c}/riwayat-golongan`)).status).toBe(404);
    expect((await as.admin.get(`/api/v1/pegawai/${NIP.c}/riwayat-golongan`)).body.items).toHaveLength(1);
  });

  it('a malformed NIP is a 400 naming the parameter', async () => {
    const r = await as.admin.get('/api/v1/pegawai/12345/riwayat-golongan');
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ field: 'params.nip', reason: expect.stringMatching(/18 digit/) });
  });
});

describe('GET /web-api/pegawai: the operator page listing', () => {
  const list = async (c: Client, qs: string) => {
    const r = await c.get(`/web-api/pegawai?${qs}`);
    expect([qs, r.status]).toEqual([qs, 200]);
    return r.body as { total: number; limit: number; offset: number; items: { nip: string; layak: boolean; unorId: string | null }[] };
  };

  it('pages through the employees in scope', async () => {
    const all = await list(as.admin, 'limit=100');
    expect(all.total).toBe(3);
    const second = await list(as.admin, 'limit=1&offset=1');
    expect(second).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(second.items.map((e) => e.nip)).toEqual([all.items[1].nip]);
    expect((await list(as.op_a, 'limit=100')).items.map((e) => e.nip)).toEqual([NIP.a]);
  });

  it('filters by unit organisasi, including the units under it', async () => {
    expect((await list(as.admin, 'unorId=u-ia')).items.map((e) => e.nip)).toEqual([NIP.a]);
    expect((await list(as.admin, 'unorId=u-ia-sub')).items.map((e) => e.nip)).toEqual([NIP.a]);
    expect((await list(as.admin, 'unorId=u-ib')).items).toEqual([expect.objectContaining({ nip: NIP.b, unorId: 'u-ib' })]);
    // Another instansi's unit shows nothing of it: the scope still applies.
    expect((await list(as.op_a, 'unorId=u-ib')).total).toBe(0);
  });

  it('filters by eligibility for the jenis KP asked, with totals that page', async () => {
    const all = await list(as.admin, 'jenisKp=101&limit=100');
    const yes = await list(as.admin, 'jenisKp=101&layak=true&limit=100');
    const no = await list(as.admin, 'jenisKp=101&layak=false&limit=100');
    expect(yes.total + no.total).toBe(all.total);
    expect(yes.items.every((e) => e.layak)).toBe(true);
    expect(no.items.every((e) => !e.layak)).toBe(true);
    expect([...yes.items, ...no.items].map((e) => e.nip).sort()).toEqual(all.items.map((e) => e.nip).sort());
    if (no.total > 1) {
      const page = await list(as.admin, 'jenisKp=101&layak=false&limit=1&offset=1');
      expect(page.total).toBe(no.total);
      expect(page.items.map((e) => e.nip)).toEqual([no.items[1].nip]);
    }
  });

  it('refuses a malformed filter with a reason quoting what was sent', async () => {
    const r = await as.admin.get('/web-api/pegawai?layak=ya&limit=abc');
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(expect.arrayContaining([
      { field: 'query.layak', reason: 'Harus salah satu dari: true, false; diterima "ya"' },
      { field: 'query.limit', reason: 'Harus berupa bilangan bulat; diterima "abc"' },
    ]));
  });

  it('is for operators and admins', async () => {
    expect((await as.emp_a.get('/web-api/pegawai')).status).toBe(403);
  });
});
