import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { ApiClient } from '../helpers/http-client';
import { createApiToken } from '../../api/auth/tokens';
import { DEMO_CASES, DEMO_USERS, todayInJakarta } from '../../db/seed';
import { demoSimpegCsvFiles } from '../../db/seed/simpeg-file';
import { buildNip } from '../../domain/nip';

jest.setTimeout(180_000);

/**
 * The SIMPEG push API on the real database and the real dev server: records become facts through a job, each record's
 * outcome is reported (new, changed old → new, same, refused with field and reason), a repeat changes nothing, the
 * change history names the old value and the job, and a change that breaks an open usulan shows on it.
 */
let engine: TestEngine;
let simpeg: ApiClient;
let tokenOf: (scopes: string[], instansiId?: string) => Promise<ApiClient>;
const caseNip = (key: string) => DEMO_CASES.find((c) => c.key === key)!.nip;
const ALL = ['integrasi:unor', 'integrasi:pegawai', 'integrasi:riwayat', 'integrasi:skp'];

const nipA = buildNip('1990-05-17', '2015-03', 'L', 901);
const nipB = buildNip('1988-11-02', '2012-01', 'P', 902);
const pegawai = (nip: string, over: Record<string, unknown> = {}) => {
  const birth = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;
  return {
    nip, nama: `Pegawai Uji ${nip.slice(-3)}`, tempat_lahir: 'Semarang', tanggal_lahir: birth, jenis_kelamin: nip[14] === '1' ? 'L' : 'P',
    jenis_asn: 'PNS', instansi_id: 'I-3300', unor_id: 'UJI-2', jabatan_nama: 'Analis Kepegawaian', jabatan_jenis: 'PELAKSANA',
    golongan: 'III/a', tmt_golongan: `${nip.slice(8, 12)}-${nip.slice(12, 14)}-01`, tmt_cpns: `${nip.slice(8, 12)}-${nip.slice(12, 14)}-01`,
    pendidikan_tingkat: 'S-1', ...over,
  };
};

async function push(client: ApiClient, dataset: string, records: unknown[], query = '?tunggu=60') {
  return client.post(`/api/v1/integrasi/${dataset}${query}`, { records }, { idempotencyKey: null });
}
async function records(client: ApiClient, jobId: string) {
  const r = await client.get(`/api/v1/integrasi/jobs/${jobId}/rekaman?limit=1000`);
  expect(r.status).toBe(200);
  return r.body.items as { seq: number; hasil: string; alasan: { field: string; reason: string }[]; perubahan: { field: string; lama: unknown; baru: unknown }[] }[];
}

beforeAll(async () => {
  engine = await startTestEngine();
  const admin = await engine.db.selectFrom('app_user').select('id').where('role', '=', 'ADMIN').executeTakeFirstOrThrow();
  tokenOf = async (scopes, instansiId = 'I-3300') => {
    const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', instansiId).executeTakeFirstOrThrow();
    const t = await createApiToken(engine.db, { name: `SIMPEG ${instansiId}`, instansiId, kanregId: inst.kanreg_id, scopes, expiresAt: null, createdBy: admin.id });
    const c = new ApiClient(engine.url);
    const request = c.request.bind(c);
    c.request = (method, path, body, opts = {}) => request(method, path, body, { ...opts, headers: { authorization: `Bearer ${t.token}`, ...opts.headers } });
    return c;
  };
  simpeg = await tokenOf(ALL);
});
afterAll(async () => {
  await engine?.close();
});

describe('the push API', () => {
  it('applies a unit tree, new people and their histories; every record reports its outcome', async () => {
    const u = await push(simpeg, 'unor', [{ id: 'UJI-1', nama: 'Badan Uji' }, { id: 'UJI-2', nama: 'Bidang Uji', induk_id: 'UJI-1' }]);
    expect(u.status).toBe(200);
    expect(u.body.job).toMatchObject({ status: 'SELESAI', total: 2, baru: 2, ditolak: 0 });
    const p = await push(simpeg, 'pegawai', [pegawai(nipA), pegawai(nipB)]);
    expect(p.body.job).toMatchObject({ status: 'SELESAI', baru: 2, ditolak: 0 });
    const row = await engine.db.selectFrom('employee').selectAll().where('nip', '=', nipA).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ instansi_id: 'I-3300', golongan_id: 31, pendidikan_level: 'S1', sumber: 'SIMPEG', unor_id: 'I-3300:UJI-2' });
    expect(row.dikonfirmasi_at).not.toBeNull();
    const h = await push(simpeg, 'riwayat_golongan', [{ id: 'RG-1', nip: nipA, golongan: '31', tmt: '2015-03-01' }]);
    expect(h.body.job).toMatchObject({ status: 'SELESAI', baru: 1 });
    const s = await push(simpeg, 'skp', [{ nip: nipA, tahun: 2024, predikat: 'Sangat Baik' }, { nip: nipA, tahun: 2025, predikat: 'BAIK' }]);
    expect(s.body.job).toMatchObject({ status: 'SELESAI', baru: 2 });
    const ratings = await engine.db.selectFrom('employee_rating').selectAll().where('nip', '=', nipA).orderBy('tahun').execute();
    expect(ratings.map((r) => r.predikat)).toEqual(['SANGAT_BAIK', 'BAIK']);
  });

  it('a repeat changes nothing; a change writes old → new with the job and the source', async () => {
    const before = Number((await engine.db.selectFrom('master_fact_change').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const again = await push(simpeg, 'pegawai', [pegawai(nipA), pegawai(nipB)]);
    expect(again.body.job).toMatchObject({ status: 'SELESAI', baru: 0, berubah: 0, sama: 2 });
    const after = Number((await engine.db.selectFrom('master_fact_change').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
    const changed = await push(simpeg, 'pegawai', [pegawai(nipA, { golongan: 'III/b', tmt_golongan: '2019-04-01' })]);
    expect(changed.body.job).toMatchObject({ berubah: 1 });
    const [rec] = await records(simpeg, changed.body.job.id);
    expect(rec.perubahan).toEqual(expect.arrayContaining([{ field: 'golongan_id', lama: 31, baru: 32 }, { field: 'tmt_golongan', lama: '2015-03-01', baru: '2019-04-01' }]));
    const history = await engine.db.selectFrom('master_fact_change').selectAll().where('nip', '=', nipA).where('field', '=', 'golongan_id').execute();
    expect(history).toEqual([expect.objectContaining({ old_value: 31, new_value: 32, sumber: 'SIMPEG', job_id: changed.body.job.id, entity: 'employee' })]);
    // Leaving a field out keeps it; it is not a deletion.
    const partial = await push(simpeg, 'pegawai', [{ ...pegawai(nipA, { golongan: 'III/b', tmt_golongan: '2019-04-01' }), email: 'a@contoh.go.id' }]);
    expect(partial.body.job).toMatchObject({ berubah: 1 });
    expect((await engine.db.selectFrom('employee').select(['email', 'golongan_id']).where('nip', '=', nipA).executeTakeFirstOrThrow())).toEqual({ email: 'a@contoh.go.id', golongan_id: 32 });
  });

  it('refuses each bad record with its field and reason, applies the good ones beside it, and half-applies nothing', async () => {
    const otherInstansiNip = caseNip('REGULER_MEMENUHI_SYARAT_SIDOARJO');
    const bad = await push(simpeg, 'pegawai', [
      pegawai(buildNip('1991-01-01', '2016-01', 'L', 903)),
      pegawai('19910101201601100'), // 17 digits
      pegawai(buildNip('1991-02-28', '2016-01', 'L', 904), { tanggal_lahir: '1991-02-30' }),
      pegawai(buildNip('1991-03-01', '2016-01', 'L', 905), { golongan: 'II/e' }),
      pegawai(buildNip('1991-04-01', '2016-01', 'L', 906), { nama: '=HYPERLINK("http://x","klik")' }),
      pegawai(buildNip('1991-01-01', '2016-01', 'L', 903)),
      pegawai(buildNip('1991-05-01', '2016-01', 'L', 907), { instansi_id: 'I-3515' }),
      pegawai(otherInstansiNip, { tanggal_lahir: undefined }),
      pegawai(buildNip('1991-06-01', '2016-01', 'L', 908), { tmt_golongan: '2015-01-01' }),
      pegawai(buildNip('1991-07-01', '2016-01', 'L', 909), { unor_id: 'TIDAK-ADA' }),
      pegawai(buildNip('1991-08-01', '2016-01', 'L', 910), { pendidikan_tingkat: 'Sarjana Muda Kilat' }),
      { ...pegawai(buildNip('1991-09-01', '2016-01', 'L', 911)), golngan: 'III/a' },
    ]);
    expect(bad.status).toBe(200);
    expect(bad.body.job).toMatchObject({ total: 12, baru: 1, ditolak: 11 });
    const items = await records(simpeg, bad.body.job.id);
    const why = (seq: number) => items.find((i) => i.seq === seq)!.alasan.map((a) => `${a.field}: ${a.reason}`).join(' | ');
    expect(items[0].hasil).toBe('BARU');
    expect(why(2)).toMatch(/^nip: NIP .*tidak sah/);
    expect(why(3)).toMatch(/tanggal_lahir: .*bukan tanggal yang ada/);
    expect(why(4)).toMatch(/golongan: Golongan "II\/e" tidak dikenal/);
    expect(why(5)).toMatch(/nama: .*rumus/);
    expect(why(6)).toMatch(/Duplikat dalam kiriman ini.*rekaman 1/);
    expect(why(7)).toMatch(/instansi_id: .*hanya untuk instansi I-3300/);
    expect(why(8)).toMatch(/tanggal_lahir: .*wajib/);
    expect(why(9)).toMatch(/tmt_golongan: TMT golongan 2015-01-01 sebelum TMT CPNS/);
    expect(why(10)).toMatch(/unor_id: .*TIDAK-ADA.*tidak dikenal/);
    expect(why(11)).toMatch(/pendidikan_tingkat: .*tidak dikenal/);
    expect(why(12)).toMatch(/golngan: Kolom "golngan" tidak dikenal/);
    const sent = [903, 904, 905, 906, 907, 908, 909, 910, 911].map((seq, i) => buildNip(`1991-${String(i + 1).padStart(2, '0')}-01`, '2016-01', 'L', seq));
    const stored = await engine.db.selectFrom('employee').select('nip').where('nip', 'in', [...sent, buildNip('1991-02-28', '2016-01', 'L', 904)]).execute();
    expect(stored.map((s) => s.nip)).toEqual([buildNip('1991-01-01', '2016-01', 'L', 903)]);
    // Another instansi's employee: its record is untouched and refused by name.
    const other = await push(simpeg, 'skp', [{ nip: otherInstansiNip, tahun: 2025, predikat: 'BAIK' }, { nip: buildNip('1970-01-01', '1995-01', 'L', 999), tahun: 2025, predikat: 'BAIK' }]);
    const o = await records(simpeg, other.body.job.id);
    expect(o[0].alasan[0].reason).toMatch(/instansi lain/);
    expect(o[1].alasan[0].reason).toMatch(/belum terdaftar/);
  });

  it('histories that contradict themselves are refused: before the CPNS TMT, overlapping sanctions', async () => {
    const r = await push(simpeg, 'hukdis', [
      { id: 'HD-1', nip: nipB, tingkat: 'RINGAN', jenis: 'Teguran lisan', tmt_mulai: '2020-01-01', tmt_selesai: '2020-06-30' },
      { id: 'HD-2', nip: nipB, tingkat: 'SEDANG', jenis: 'Penundaan', tmt_mulai: '2020-06-01', tmt_selesai: '2021-05-31' },
      { id: 'HD-3', nip: nipB, tingkat: 'RINGAN', jenis: 'Teguran', tmt_mulai: '2010-01-01', tmt_selesai: '2010-02-01' },
      { id: 'HD-4', nip: nipB, tingkat: 'RINGAN', jenis: 'Teguran', tmt_mulai: '2022-03-01', tmt_selesai: '2022-01-01' },
    ]);
    const items = await records(simpeg, r.body.job.id);
    expect(items.map((i) => i.hasil)).toEqual(['BARU', 'DITOLAK', 'DITOLAK', 'DITOLAK']);
    expect(items[1].alasan[0].reason).toMatch(/tumpang tindih/);
    expect(items[2].alasan[0].reason).toMatch(/sebelum TMT CPNS/);
    expect(items[3].alasan[0].reason).toMatch(/TMT selesai .* sebelum TMT mulai/);
    const g = await push(simpeg, 'riwayat_golongan', [{ id: 'RG-9', nip: nipB, golongan: '31', tmt: '2011-01-01' }]);
    expect((await records(simpeg, g.body.job.id))[0].alasan[0].reason).toMatch(/sebelum TMT CPNS 2012-01-01/);
  });

  it('a dry run plans without applying; confirming applies exactly that', async () => {
    const nipC = buildNip('1993-03-03', '2018-02', 'P', 912);
    const dry = await simpeg.post('/api/v1/integrasi/pegawai', { records: [pegawai(nipC)], uji: true }, { idempotencyKey: null });
    expect(dry.status).toBe(201);
    expect(dry.body.ringkasan).toEqual({ baru: 1, berubah: 0, sama: 0, ditolak: 0 });
    expect(dry.body.job.status).toBe('UJI');
    expect(await engine.db.selectFrom('employee').select('nip').where('nip', '=', nipC).executeTakeFirst()).toBeUndefined();
    const go = await simpeg.post(`/api/v1/integrasi/jobs/${dry.body.job.id}/terapkan`, {}, { idempotencyKey: null });
    expect(go.status).toBe(202);
    const twice = await simpeg.post(`/api/v1/integrasi/jobs/${dry.body.job.id}/terapkan`, {}, { idempotencyKey: null });
    expect([202, 409]).toContain(twice.status);
    await eventually(async () => (await simpeg.get(`/api/v1/integrasi/jobs/${dry.body.job.id}`)).body.job.status === 'SELESAI');
    expect(await engine.db.selectFrom('employee').select('nip').where('nip', '=', nipC).executeTakeFirst()).toBeDefined();
    const csv = await simpeg.request('GET', `/api/v1/integrasi/jobs/${dry.body.job.id}/hasil.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body)).toMatch(new RegExp(`${nipC};BARU`));
  });

  it('scopes, instansi and roles: the wrong caller is refused, with a reason', async () => {
    const skpOnly = await tokenOf(['integrasi:skp']);
    const refused = await push(skpOnly, 'pegawai', [pegawai(nipA)]);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/integrasi:pegawai/);
    const kpToken = await tokenOf(['kp:read']);
    expect((await push(kpToken, 'skp', [{ nip: nipA, tahun: 2025, predikat: 'BAIK' }])).status).toBe(403);
    const mine = await push(simpeg, 'skp', [{ nip: nipA, tahun: 2025, predikat: 'BAIK' }]);
    const sidoarjo = await tokenOf(ALL, 'I-3515');
    expect((await sidoarjo.get(`/api/v1/integrasi/jobs/${mine.body.job.id}`)).status).toBe(404);
    const employee = await engine.login(DEMO_USERS.find((u) => u.role === 'EMPLOYEE')!.username);
    expect((await employee.get('/api/v1/integrasi/jobs')).status).toBe(403);
    const tooMany = await push(simpeg, 'skp', Array.from({ length: 5001 }, () => ({ nip: nipA, tahun: 2025, predikat: 'BAIK' })));
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toMatch(/5000/);
    expect((await push(simpeg, 'gaji', [{}])).status).toBe(400);
    expect((await simpeg.post('/api/v1/integrasi/skp', { records: 'semua' }, { idempotencyKey: null })).status).toBe(400);
  });

  it('two instansi pushing the same new NIP at once: one owns it, whole, and the other never takes it over', async () => {
    const sidoarjo = await tokenOf(ALL, 'I-3515');
    await push(sidoarjo, 'unor', [{ id: 'SDA-1', nama: 'Bidang Uji Sidoarjo' }]);
    const nip = buildNip('1992-12-12', '2019-01', 'L', 931);
    const [a, b] = await Promise.all([
      push(simpeg, 'pegawai', [pegawai(nip, { nama: 'Versi Jawa Tengah' })]),
      push(sidoarjo, 'pegawai', [pegawai(nip, { nama: 'Versi Sidoarjo', instansi_id: 'I-3515', unor_id: 'SDA-1' })]),
    ]);
    expect([a.body.job.status, b.body.job.status]).toEqual(['SELESAI', 'SELESAI']);
    const row = await engine.db.selectFrom('employee').select(['instansi_id', 'nama', 'unor_id']).where('nip', '=', nip).executeTakeFirstOrThrow();
    expect([{ instansi_id: 'I-3300', nama: 'Versi Jawa Tengah', unor_id: 'I-3300:UJI-2' }, { instansi_id: 'I-3515', nama: 'Versi Sidoarjo', unor_id: 'I-3515:SDA-1' }]).toContainEqual(row);
    // Afterwards the other instansi's push is refused by name.
    const loser = row.instansi_id === 'I-3300' ? sidoarjo : simpeg;
    const again = await push(loser, 'pegawai', [pegawai(nip, row.instansi_id === 'I-3300' ? { instansi_id: 'I-3515', unor_id: 'SDA-1' } : {})]);
    expect((await records(loser, again.body.job.id))[0].alasan[0].reason).toMatch(/instansi lain/);
  });

  it('a change that breaks an open usulan shows on it, for the operator and the verifier; mending it clears it', async () => {
    const nip = caseNip('REGULER_MEMENUHI_SYARAT');
    const op = await engine.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!.username);
    const periode = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
    const submitted = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nip] });
    expect(submitted.status).toBeLessThan(300);
    const usulan = await eventually(async () => engine.db.selectFrom('usulan_kp').select(['id']).where('nip', '=', nip).where('is_open', '=', true).executeTakeFirst());
    const hk = await push(simpeg, 'hukdis', [{ id: 'HD-AKTIF', nip, tingkat: 'SEDANG', jenis: 'Penundaan kenaikan pangkat', tmt_mulai: '2026-01-01', tmt_selesai: '2027-12-31' }]);
    expect(hk.body.job).toMatchObject({ status: 'SELESAI', baru: 1, kelayakanDiperiksa: 1, kelayakanBerubah: 1 });
    const seen = await op.get(`/api/v1/kp/usulan/${usulan.id}`);
    expect(seen.body.kelayakan_peringatan.alasan.join(' ')).toMatch(/hukuman/i);
    expect(seen.body.timeline.map((e: { jenis: string }) => e.jenis)).toContain('KELAYAKAN_BERUBAH');
    const mend = await push(simpeg, 'hukdis', [{ id: 'HD-AKTIF', nip, tingkat: 'SEDANG', jenis: 'Penundaan kenaikan pangkat', tmt_mulai: '2019-01-01', tmt_selesai: '2019-12-31' }]);
    expect(mend.body.job).toMatchObject({ berubah: 1, kelayakanBerubah: 1 });
    const cleared = await op.get(`/api/v1/kp/usulan/${usulan.id}`);
    expect(cleared.body.kelayakan_peringatan).toBeNull();
    expect(cleared.body.timeline.map((e: { jenis: string }) => e.jenis)).toContain('KELAYAKAN_PULIH');
  });
});

describe('the forecast works on imported data', () => {
  it('says who becomes eligible in which period, what stands in the way now, per unit, and exports it', async () => {
    const now = buildNip('1985-01-10', '2010-01', 'L', 921);
    const later = buildNip('1985-02-10', '2010-01', 'P', 922);
    const elsewhere = buildNip('1985-03-10', '2010-01', 'L', 923);
    await push(simpeg, 'unor', [{ id: 'UJI-9', nama: 'Bidang Lain' }]);
    const p = await push(simpeg, 'pegawai', [
      pegawai(now, { tmt_golongan: '2022-10-01' }), pegawai(later, { tmt_golongan: '2023-05-01' }), pegawai(elsewhere, { unor_id: 'UJI-9', tmt_golongan: '2022-10-01' }),
    ]);
    expect(p.body.job).toMatchObject({ baru: 3, ditolak: 0 });
    await push(simpeg, 'skp', [now, later, elsewhere].flatMap((nip) => [2024, 2025].map((tahun) => ({ nip, tahun, predikat: 'BAIK' }))));
    const op = await engine.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!.username);
    const f = await op.get('/api/v1/kp/prakiraan?unorId=I-3300:UJI-1&jumlahPeriode=12');
    expect(f.status).toBe(200);
    const byNip = new Map((f.body.items as { nip: string; periodeLayak: string | null; kendala: string[]; golonganTujuan: string }[]).map((i) => [i.nip, i]));
    expect(byNip.has(elsewhere)).toBe(false);
    const first = f.body.dariPeriode as string;
    expect(byNip.get(now)).toMatchObject({ periodeLayak: first, golonganTujuan: 'III/b', kendala: [] });
    const l = byNip.get(later)!;
    expect(l.periodeLayak! > first).toBe(true);
    expect(l.kendala.join(' ')).toMatch(/masa kerja/);
    const csv = await op.request('GET', '/api/v1/kp/prakiraan?format=csv&unorId=I-3300:UJI-1');
    expect(String(csv.body)).toMatch(new RegExp(`${later};.*;${l.periodeLayak}`));
    // Another instansi's unit is not this operator's to forecast.
    expect((await op.get('/api/v1/kp/prakiraan?unorId=I-3515:BKD')).status).toBe(404);
  });
});

describe("the operator's file import", () => {
  it("the seed's own SIMPEG export, uploaded as CSV, is all SAMA: the file path reads back exactly the facts it holds", async () => {
    const op = await engine.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3404')!.username);
    for (const f of demoSimpegCsvFiles('I-3404', todayInJakarta()).filter((x) => x.dataset === 'pegawai' || x.dataset === 'skp')) {
      const r = await op.request('POST', `/api/v1/integrasi/berkas?dataset=${f.dataset}`, Buffer.from(f.csv), { idempotencyKey: null, headers: { 'content-type': 'text/csv', 'x-nama-berkas': encodeURIComponent(f.filename) } });
      expect(r.status).toBe(201);
      expect(r.body.job.status).toBe('UJI');
      expect(r.body.ringkasan).toMatchObject({ baru: 0, berubah: 0, ditolak: 0 });
      expect(r.body.ringkasan.sama).toBeGreaterThan(10);
    }
  });

  it('a changed cell shows as old → new before anything is applied; a file that is not CSV/XLSX is refused with the reason', async () => {
    const op = await engine.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!.username);
    const csv = `nip;tahun;predikat\n${nipA};2025;Sangat Baik\n${nipA};2023;=1+1\n`;
    const r = await op.request('POST', '/api/v1/integrasi/berkas?dataset=skp', Buffer.from(csv), { idempotencyKey: null, headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(201);
    const items = await records(op, r.body.job.id);
    expect(items[0]).toMatchObject({ hasil: 'BERUBAH', perubahan: [{ field: 'predikat', lama: 'BAIK', baru: 'SANGAT_BAIK' }] });
    expect(items[1].hasil).toBe('DITOLAK');
    expect((await engine.db.selectFrom('employee_rating').select('predikat').where('nip', '=', nipA).where('tahun', '=', 2025).executeTakeFirstOrThrow()).predikat).toBe('BAIK');
    const pdf = await op.request('POST', '/api/v1/integrasi/berkas?dataset=skp', Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj\n'), { idempotencyKey: null, headers: { 'content-type': 'text/csv' } });
    expect(pdf.status).toBe(422);
    expect(JSON.stringify(pdf.body)).toMatch(/bukan CSV|CSV atau XLSX/);
    const wrongType = await op.request('POST', '/api/v1/integrasi/berkas?dataset=skp', Buffer.from('x'), { idempotencyKey: null, headers: { 'content-type': 'application/pdf' } });
    expect(wrongType.status).toBe(415);
  });
});
