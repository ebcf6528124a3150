import { sql } from 'kysely';
import type { Db } from '../db';
import { buildNip } from '../domain/nip';
import { runBench, type BenchEngine } from './lib/engine';
import { startEngineMeters } from './lib/engine-meters';
import { machineBusyS } from './lib/pg-server';
import { plantSiasnSnapshot } from './lib/rekon-snapshot';
import { argValue } from './lib/stats';

/**
 * npm run bench:rekon [-- --n 50000 --runs 2 --keep]
 *
 * Issue 15's reconciliation benchmark: one new instansi with N employees (valid NIPs; two SKP years; 200 units) and
 * a SIASN snapshot of it with planted drift (bench/lib/rekon-snapshot.ts: 2 % other names, 2 % a golongan behind,
 * 1 % missing, 50 people only in SIASN), reconciled through the API as its operator would (POST /api/v1/rekon, then
 * GET until SELESAI), `--runs` times. The figure is the wall time of a run from the request to SELESAI (the Temporal
 * workflow, loading both sides, comparing, storing the rows); CPU seconds per process from /proc. The population is
 * written with SQL, not through the import (bench:import measures that). Last line: `rekon_pegawai_per_s=… rekon_s=…`.
 */
const N = argValue('n', 50_000);
const RUNS = argValue('runs', 2);
const INSTANSI = 'I-REKON';
const KANREG = 'KR-REKON';

const out = (s = '') => process.stdout.write(s + '\n');
const log = (s: string) => out(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

async function populate(db: Db): Promise<string> {
  await db.insertInto('kanreg').values({ id: KANREG, nama: 'Kanreg Rekon', kode: 'KRR', kota: 'Semarang', kepala_user_id: null }).execute();
  await db.insertInto('instansi').values({ id: INSTANSI, nama: 'Pemerintah Kabupaten Rekon', jenis: 'KABUPATEN', kanreg_id: KANREG, jabatan_ppk: 'Bupati', tempat_penetapan: 'Rekon', kode_unit_sk: 'REKON' }).execute();
  await sql`INSERT INTO unor (id, instansi_id, parent_id, nama)
    SELECT 'R-' || g, ${INSTANSI}, CASE WHEN g = 1 THEN NULL ELSE 'R-' || ((g - 2) / 6 + 1) END, 'Bidang ' || g FROM generate_series(1, 200) g`.execute(db);
  const rows: { nip: string; birth: string; cpns: string; gender: 'L' | 'P'; unor: string }[] = [];
  const seen = new Set<string>();
  for (let i = 0; rows.length < N; i++) {
    const birth = `${1966 + (i % 29)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const cy = Math.min(1966 + (i % 29) + 24, 2019);
    const gender = i % 2 ? 'L' : 'P';
    const nip = buildNip(birth, `${cy}-${String(1 + (i % 12)).padStart(2, '0')}`, gender, 1 + (Math.floor(i / 348) % 999));
    if (seen.has(nip)) continue;
    seen.add(nip);
    rows.push({ nip, birth, cpns: `${cy}-${String(1 + (i % 12)).padStart(2, '0')}-01`, gender, unor: `R-${1 + (i % 200)}` });
  }
  for (let k = 0; k < rows.length; k += 10_000) {
    const part = rows.slice(k, k + 10_000);
    await sql`INSERT INTO employee (nip, nama, tempat_lahir, tanggal_lahir, jenis_kelamin, jenis_asn, instansi_id, unor_id, jabatan_nama, jabatan_jenis,
        golongan_id, tmt_golongan, mkg_tahun, mkg_bulan, tmt_cpns, pendidikan_level, sumber, sumber_id)
      SELECT v.nip, 'Pegawai ' || v.nip, 'Semarang', v.birth::date, v.gender, 'PNS', ${INSTANSI}, v.unor, 'Pengadministrasi Umum', 'PELAKSANA',
        (ARRAY[21,22,23,24,31,32,33,34,41])[1 + abs(hashtext(v.nip)) % 9], v.cpns::date + interval '4 years', 4, 0, v.cpns::date, 'S1', 'SIMPEG', v.nip
      FROM unnest(${part.map((r) => r.nip)}::text[], ${part.map((r) => r.birth)}::text[], ${part.map((r) => r.gender)}::text[],
        ${part.map((r) => r.cpns)}::text[], ${part.map((r) => r.unor)}::text[]) AS v(nip, birth, gender, cpns, unor)`.execute(db);
  }
  const year = new Date().getUTCFullYear();
  await sql`INSERT INTO employee_rating (nip, tahun, predikat, sumber)
    SELECT e.nip, y, 'BAIK', 'SIMPEG' FROM employee e, generate_series(${year - 2}::int, ${year - 1}::int) y WHERE e.instansi_id = ${INSTANSI}`.execute(db);
  const { planted } = await plantSiasnSnapshot(db, INSTANSI, { extra: 50 });
  await sql`INSERT INTO siasn_riwayat (nip, jenis, siasn_id, tahun, data, raw)
    SELECT p.nip, 'skp', p.nip || '-' || y, y, jsonb_build_object('tahun', y), '{}'::jsonb FROM siasn_pegawai p, generate_series(${year - 2}::int, ${year - 1}::int) y
    WHERE p.instansi_id = ${INSTANSI} AND (y = ${year - 2} OR abs(hashtext(p.nip)) % 100 <> 7)`.execute(db);
  await sql`INSERT INTO app_user (id, username, nama, role, instansi_id, password_hash)
    SELECT 'usr-op.rekon', 'op.rekon', 'Operator Rekon', 'OPERATOR', ${INSTANSI}, password_hash FROM app_user WHERE username = ${'op.sleman'}`.execute(db);
  log(`population of ${INSTANSI}: ${rows.length.toLocaleString('en-US')} employees, 200 units, SIASN snapshot with ${planted.length} planted differences and 50 SIASN-only people`);
  return 'op.rekon';
}

async function login(baseUrl: string, username: string): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo#2026' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookies = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]);
  const { csrfToken } = await res.json() as { csrfToken: string };
  return (path, init = {}) => fetch(`${baseUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrfToken, ...(init.headers ?? {}) } });
}

runBench('bench-rekon', log, async (engine: BenchEngine, db: Db) => {
  const p0 = Date.now();
  const username = await populate(db);
  log(`populated in ${((Date.now() - p0) / 1000).toFixed(1)} s`);
  const call = await login(engine.baseUrl, username);
  const { meter, pg, describe } = await startEngineMeters(engine, db);
  log(describe);
  const times: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const mark = meter.mark();
    const pgMark = pg?.mark();
    const busy0 = machineBusyS();
    const t0 = Date.now();
    const started = await call('/api/v1/rekon', { method: 'POST', body: '{}' });
    if (started.status !== 202) throw new Error(`POST /rekon: ${started.status} ${await started.text()}`);
    const { id } = await started.json() as { id: string };
    let view: { status: string; skor: number; bagian: { kode: string; diperiksa: number; sesuai: number }[] };
    for (;;) {
      const got = await call(`/api/v1/rekon/${id}`);
      if (got.status !== 200) throw new Error(`GET /rekon/${id}: ${got.status} ${await got.text()}`);
      view = await got.json() as typeof view;
      if (view.status !== 'BERJALAN') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const s = (Date.now() - t0) / 1000;
    if (view.status !== 'SELESAI') throw new Error(`run ${id} ended ${view.status}`);
    times.push(s);
    const used = mark();
    const pgUsed = pgMark?.();
    const rows = Number((await db.selectFrom('rekon_row').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', id).executeTakeFirstOrThrow()).n);
    const checked = view.bagian.reduce((n, b) => n + (b.diperiksa ?? 0), 0);
    log(`run ${run}: ${s.toFixed(1)} s, ${checked.toLocaleString('en-US')} checks, ${rows.toLocaleString('en-US')} rows needing attention, score ${view.skor}`);
    log(`  CPU seconds: engine ${used.engine.cpuS.toFixed(1)}, Temporal ${used.temporal.cpuS.toFixed(1)}, PostgreSQL ${(pgUsed?.serverCpuS ?? used.postgres.cpuS).toFixed(1)}; machine busy ${(machineBusyS() - busy0).toFixed(1)} of ${(s * 2).toFixed(1)} core-s; engine peak RSS ${Math.round(used.engine.peakRssMb ?? 0)} MB`);
  }
  meter.stop();
  pg?.stop();
  const best = Math.min(...times);
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  out(`   target: rekon_s < 120 ${median < 120 ? 'met' : 'MISSED'} (median of ${times.length} runs; best ${best.toFixed(1)} s)`);
  out(`rekon_pegawai_per_s=${(N / median).toFixed(1)} rekon_s=${median.toFixed(1)}`);
});
