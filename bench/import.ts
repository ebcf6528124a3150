import { sql } from 'kysely';
import { createApiToken } from '../api/auth/tokens';
import type { Db } from '../db';
import { buildNip } from '../domain/nip';
import { runBench, type BenchEngine } from './lib/engine';
import { startEngineMeters } from './lib/engine-meters';
import { machineBusyS, type PgServerMeter } from './lib/pg-server';
import type { Meter } from './lib/procs';
import { argValue, fmtMs, percentile, pool, sleep } from './lib/stats';

/**
 * npm run bench:import [-- --n 50000 --concurrency 4 --per-request 5000 --unor 200 --keep]
 *
 * Issue 14's import benchmark: one new instansi's generated population (a unit tree, N employees with valid NIPs,
 * about five history rows each: two riwayat golongan, one pendidikan, one jabatan, one hukdis for every tenth and
 * one angka kredit for the others; two years of SKP) pushed through the integration API (POST
 * /api/v1/integrasi/{dataset}?tunggu=120 with an API token of the four integrasi scopes) in requests of 5,000
 * records, a few at a time: the unit tree first, then the employees, then the rest. The same records are then pushed
 * again, which must change nothing. Wall time is from the first request to the last job done; CPU seconds are read
 * from /proc for the engine process (API + workers), the Temporal dev server and the PostgreSQL server (all of it,
 * and the backends of the bench's database alone). Last line: `import_pegawai_per_s=… import_s=…`.
 */
const N = argValue('n', 50_000);
const CONCURRENCY = argValue('concurrency', 4);
const PER_REQUEST = argValue('per-request', 5000);
const UNOR = argValue('unor', 200);
const TUNGGU = 120;
const INSTANSI = 'I-BENCH';
const KANREG = 'KR-BENCH';

const out = (s = '') => process.stdout.write(s + '\n');
const log = (s: string) => out(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const int = (n: number) => n.toLocaleString('en-US');

type Rec = Record<string, unknown>;
type Dataset = 'unor' | 'pegawai' | 'riwayat_golongan' | 'pendidikan' | 'jabatan' | 'hukdis' | 'angka_kredit' | 'skp';
interface Population { byDataset: Map<Dataset, Rec[]>; total: number }

/** Deterministic, so two runs of the bench push the same population (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const FIRST = ['Budi', 'Siti', 'Agus', 'Dewi', 'Eko', 'Sri', 'Joko', 'Rina', 'Andi', 'Wahyu', 'Nur', 'Hendra', 'Yuli', 'Bambang', 'Fitri', 'Rudi'];
const LAST = ['Santoso', 'Rahayu', 'Wibowo', 'Lestari', 'Saputra', 'Wulandari', 'Hidayat', 'Kurniawan', 'Setiawan', 'Purnamasari', 'Nugroho', 'Susanti'];
const PLACES = ['Semarang', 'Surakarta', 'Magelang', 'Pekalongan', 'Tegal', 'Salatiga', 'Kudus', 'Purwokerto', 'Klaten', 'Boyolali'];
const JABATAN = ['Pengadministrasi Umum', 'Pengelola Data', 'Analis Kebijakan Pelaksana', 'Pengolah Data Kepegawaian', 'Bendahara Pengeluaran Pembantu', 'Pengelola Keuangan'];

/** The instansi's records per data set; `taken` are NIPs the database already holds (the seeded demo people). */
function generate(n: number, units: number, taken: Set<string>, year: number): Population {
  const r = rng(14);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const unor: Rec[] = [];
  for (let k = 1; k <= units; k++) {
    unor.push({ id: `U${k}`, nama: k === 1 ? 'Sekretariat Daerah' : `Bidang ${k}`, ...(k > 1 ? { induk_id: `U${Math.floor((k - 2) / 6) + 1}` } : {}) });
  }
  const byDataset = new Map<Dataset, Rec[]>([['unor', unor]]);
  const add = (d: Dataset, rec: Rec) => (byDataset.get(d) ?? byDataset.set(d, []).get(d)!).push(rec);
  const seen = new Set(taken);
  for (let i = 0; i < n; i++) {
    const gender = r() < 0.5 ? 'L' : 'P';
    const by = 1966 + Math.floor(r() * 29);
    const birth = `${by}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
    // TMT CPNS at 23-30 years of age, at least six years ago (two SKP years and a KP after it).
    const cy = Math.min(by + 23 + Math.floor(r() * 8), year - 6);
    const cm = 1 + Math.floor(r() * 12);
    let nip = '';
    for (;;) {
      nip = buildNip(birth, `${cy}-${pad(cm)}`, gender, 1 + Math.floor(r() * 999));
      if (!seen.has(nip)) break;
    }
    seen.add(nip);
    const tmtCpns = `${cy}-${pad(cm)}-01`;
    const g = 32 + (i % 3);
    const gy = Math.min(cy + 4 + (g - 32) * 2, year - 1);
    const tmtGol = `${gy}-${i % 2 ? '04' : '10'}-01`;
    const unit = `U${1 + (i % units)}`;
    const jab = pick(JABATAN);
    add('pegawai', {
      nip, nama: `${pick(FIRST)} ${pick(LAST)}`, gelar_belakang: 'S.E.', tempat_lahir: pick(PLACES), tanggal_lahir: birth, jenis_kelamin: gender,
      agama: 'ISLAM', email: `pegawai${i}@bench.go.id`, jenis_asn: 'PNS', status_kepegawaian: 'PNS', kedudukan_hukum: 'AKTIF',
      instansi_id: INSTANSI, unor_id: unit, jabatan_nama: jab, jabatan_jenis: 'PELAKSANA', golongan: String(g), tmt_golongan: tmtGol,
      mk_tahun: gy - cy, mk_bulan: 0, tmt_cpns: tmtCpns, tmt_pns: `${cy + 1}-${pad(cm)}-01`, pendidikan_tingkat: 'S1', pendidikan_nama: 'S1 Manajemen',
    });
    add('riwayat_golongan', { id: 'RG1', nip, golongan: String(g - 1), tmt: tmtCpns, mk_tahun: 0, mk_bulan: 0, sk_nomor: `813.2/${i}/${cy}`, sk_tanggal: `${cy}-${pad(cm)}-01` });
    add('riwayat_golongan', { id: 'RG2', nip, golongan: String(g), tmt: tmtGol, mk_tahun: gy - cy, mk_bulan: 0, sk_nomor: `823.3/${i}/${gy}`, sk_tanggal: `${gy}-03-01` });
    add('pendidikan', { id: 'PD1', nip, tingkat: 'S1', nama_sekolah: 'Universitas Diponegoro', jurusan: 'Manajemen', tahun_lulus: by + 22, diakui: true });
    add('jabatan', { id: 'JB1', nip, jenis: 'PELAKSANA', nama: jab, unor_id: unit, tmt: tmtGol, sk_nomor: `821/${i}/${gy}`, sk_tanggal: `${gy}-03-15` });
    if (i % 10 === 0) {
      add('hukdis', { id: 'HD1', nip, tingkat: 'RINGAN', jenis: 'Teguran lisan', tmt_mulai: `${cy + 1}-06-01`, tmt_selesai: `${cy + 1}-12-01`, sk_nomor: `862/${i}/${cy + 1}` });
    } else {
      const utama = 40 + (i % 20);
      add('angka_kredit', { id: 'AK1', nip, sk_nomor: `AK/${i}/${cy + 2}`, sk_tanggal: `${cy + 2}-01-15`, kredit_utama: utama, kredit_penunjang: 5.5, kredit_total: utama + 5.5 });
    }
    for (const t of [year - 2, year - 1]) add('skp', { id: `SKP${t}`, nip, tahun: t, predikat: 'BAIK' });
  }
  let total = 0;
  for (const v of byDataset.values()) total += v.length;
  return { byDataset, total };
}

interface JobView { id: string; status: string; total: number; diproses: number; baru: number; berubah: number; sama: number; ditolak: number; kelayakanDiperiksa: number; kelayakanBerubah: number; pesan: string | null }
interface Sent { dataset: Dataset; records: number; job: JobView; httpMs: number; sentAt: number; doneAt: number; polls: number }
interface RunResult { seconds: number; sent: Sent[]; counts: { baru: number; berubah: number; sama: number; ditolak: number }; throttled: number; cpu: Record<string, number>; busyS: number }

class PushClient {
  throttled = 0;
  constructor(private readonly baseUrl: string, private readonly token: string) {}

  private async fetchJson(method: string, path: string, body?: string): Promise<{ status: number; body: any; retryAfter: number }> {
    const res = await fetch(this.baseUrl + path, {
      method, body, signal: AbortSignal.timeout(600_000),
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, retryAfter: Number(res.headers.get('retry-after') ?? 1) };
  }

  /** One request; a 429 is waited out (Retry-After) and counted; nothing else is retried, so no job is staged twice. */
  private async call(method: string, path: string, body?: string) {
    for (;;) {
      const a = await this.fetchJson(method, path, body);
      if (a.status !== 429) return a;
      this.throttled++;
      await sleep(1000 * Math.max(1, a.retryAfter));
    }
  }

  async push(dataset: Dataset, records: Rec[]): Promise<Sent> {
    const payload = JSON.stringify({ records });
    const sentAt = Date.now();
    const t0 = performance.now();
    const a = await this.call('POST', `/api/v1/integrasi/${dataset}?tunggu=${TUNGGU}`, payload);
    const httpMs = performance.now() - t0;
    if (a.status !== 200 && a.status !== 202) throw new Error(`POST ${dataset} (${records.length} records): ${a.status} ${JSON.stringify(a.body).slice(0, 500)}`);
    let job = a.body.job as JobView;
    let polls = 0;
    while (job.status !== 'SELESAI' && job.status !== 'GAGAL') {
      await sleep(500);
      polls++;
      const g = await this.call('GET', `/api/v1/integrasi/jobs/${job.id}`);
      if (g.status !== 200) throw new Error(`GET job ${job.id}: ${g.status} ${JSON.stringify(g.body).slice(0, 300)}`);
      job = g.body.job as JobView;
    }
    return { dataset, records: records.length, job, httpMs, sentAt, doneAt: Date.now(), polls };
  }
}

function chunksOf(pop: Population, datasets: Dataset[]): { dataset: Dataset; records: Rec[] }[] {
  const list: { dataset: Dataset; records: Rec[] }[] = [];
  for (const d of datasets) {
    const recs = pop.byDataset.get(d) ?? [];
    for (let i = 0; i < recs.length; i += PER_REQUEST) list.push({ dataset: d, records: recs.slice(i, i + PER_REQUEST) });
  }
  return list;
}

const REST: Dataset[] = ['riwayat_golongan', 'pendidikan', 'jabatan', 'hukdis', 'angka_kredit', 'skp'];

async function importOnce(label: string, client: PushClient, pop: Population, meter: Meter, pg: PgServerMeter | undefined): Promise<RunResult> {
  const procMark = meter.mark();
  const pgMark = pg?.mark();
  const busy0 = machineBusyS();
  const throttled0 = client.throttled;
  const sent: Sent[] = [];
  const t0 = Date.now();
  const phase = async (name: string, datasets: Dataset[]) => {
    const p0 = Date.now();
    const chunks = chunksOf(pop, datasets);
    await pool(chunks, CONCURRENCY, async (c) => {
      const s = await client.push(c.dataset, c.records);
      sent.push(s);
      if (s.job.status !== 'SELESAI') throw new Error(`${label}: job ${s.job.id} (${c.dataset}) ended ${s.job.status}: ${s.job.pesan ?? ''}`);
    });
    const n = chunks.reduce((k, c) => k + c.records.length, 0);
    log(`  ${label} ${name}: ${int(n)} records in ${chunks.length} requests, ${((Date.now() - p0) / 1000).toFixed(1)} s (${int(Math.round(n / ((Date.now() - p0) / 1000)))} records/s)`);
  };
  await phase('unor', ['unor']);
  await phase('pegawai', ['pegawai']);
  await phase('riwayat + skp', REST);
  const seconds = (Date.now() - t0) / 1000;
  const used = procMark();
  const pgUsed = pgMark?.();
  const counts = { baru: 0, berubah: 0, sama: 0, ditolak: 0 };
  for (const s of sent) for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += s.job[k];
  const cpu: Record<string, number> = { engine: used.engine.cpuS, temporal: used.temporal.cpuS, bench: used.bench.cpuS };
  if (pgUsed) { cpu.pgServer = pgUsed.serverCpuS; cpu.pgDb = pgUsed.dbCpuS; } else cpu.pgServer = used.postgres.cpuS;
  return { seconds, sent, counts, throttled: client.throttled - throttled0, cpu, busyS: machineBusyS() - busy0 };
}

/** Where a run's time went, from the jobs' own rows: staging in the request, then each chunk of the workflow. */
async function profile(db: Db, run: RunResult): Promise<string[]> {
  const ids = run.sent.map((s) => s.job.id);
  const jobs = await db.selectFrom('import_job').select(['id', 'created_at', 'started_at', 'finished_at']).where('id', 'in', ids).execute();
  const chunks = await sql<{ job_id: string; at: Date; n: string }>`
    SELECT job_id, diterapkan_at AS at, count(*)::text AS n FROM import_job_record WHERE job_id = ANY(${ids}::text[])
    GROUP BY job_id, diterapkan_at ORDER BY job_id, diterapkan_at`.execute(db);
  const byJob = new Map(jobs.map((j) => [j.id, j]));
  const chunkStarts = new Map<string, number[]>();
  for (const c of chunks.rows) (chunkStarts.get(c.job_id) ?? chunkStarts.set(c.job_id, []).get(c.job_id)!).push(new Date(c.at).getTime());
  const lines: string[] = [];
  const datasets = [...new Set(run.sent.map((s) => s.dataset))];
  for (const d of datasets) {
    const mine = run.sent.filter((s) => s.dataset === d);
    const staging: number[] = []; const queued: number[] = []; const apply: number[] = []; const perChunk: number[] = []; const http: number[] = [];
    for (const s of mine) {
      const j = byJob.get(s.job.id);
      if (!j) continue;
      http.push(s.httpMs);
      const created = new Date(j.created_at as unknown as string).getTime();
      const started = j.started_at ? new Date(j.started_at as unknown as string).getTime() : NaN;
      const finished = j.finished_at ? new Date(j.finished_at as unknown as string).getTime() : NaN;
      staging.push(created - s.sentAt);
      queued.push(started - created);
      apply.push(finished - started);
      const starts = chunkStarts.get(s.job.id) ?? [];
      for (let k = 0; k < starts.length; k++) perChunk.push((k + 1 < starts.length ? starts[k + 1] : finished) - starts[k]);
    }
    const p = (xs: number[]) => `${fmtMs(percentile(xs, 50))}/${fmtMs(percentile(xs, 95))}`;
    lines.push(`    ${d.padEnd(17)} ${String(mine.length).padStart(3)} req  request ${p(http)}  in-request parse+normalize ${p(staging)}  stage-insert+start ${p(queued)}  apply ${p(apply)}  per 1000-record chunk ${p(perChunk)} (n=${perChunk.length})`);
  }
  return lines;
}

function report(label: string, run: RunResult, extra: string[]) {
  const c = run.counts;
  out(`== ${label}: ${int(run.sent.reduce((k, s) => k + s.records, 0))} records in ${run.sent.length} requests, ${run.seconds.toFixed(1)} s wall`);
  out(`   outcomes: baru=${int(c.baru)} berubah=${int(c.berubah)} sama=${int(c.sama)} ditolak=${int(c.ditolak)}; HTTP 429 answers: ${run.throttled}`);
  out(`   CPU seconds: engine (API + workers) ${run.cpu.engine.toFixed(1)}, Temporal dev server ${run.cpu.temporal.toFixed(1)}, PostgreSQL server ${run.cpu.pgServer.toFixed(1)}`
    + `${run.cpu.pgDb !== undefined ? ` (backends of the bench database ${run.cpu.pgDb.toFixed(1)})` : ''}, bench client ${run.cpu.bench.toFixed(1)}; machine busy ${run.busyS.toFixed(1)} of ${(run.seconds * 2).toFixed(1)} core-s`);
  out('   per data set: p50/p95 of');
  for (const l of extra) out(l);
}

async function setUp(db: Db): Promise<{ token: string }> {
  await db.insertInto('kanreg').values({ id: KANREG, nama: 'Kanreg Bench', kode: 'KRB', kota: 'Semarang', kepala_user_id: null }).execute();
  await db.insertInto('instansi').values({ id: INSTANSI, nama: 'Pemerintah Kabupaten Bench', jenis: 'KABUPATEN', kanreg_id: KANREG, jabatan_ppk: 'Bupati', tempat_penetapan: 'Bench', kode_unit_sk: 'BENCH' }).execute();
  const admin = await db.selectFrom('app_user').select('id').where('role', '=', 'ADMIN').executeTakeFirstOrThrow();
  const t = await createApiToken(db, {
    name: 'SIMPEG bench', instansiId: INSTANSI, kanregId: KANREG, scopes: ['integrasi:unor', 'integrasi:pegawai', 'integrasi:riwayat', 'integrasi:skp'],
    expiresAt: null, createdBy: admin.id, requestsPerMinute: 100_000,
  });
  return { token: t.token };
}

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const r = await sql<Record<string, string>>`SELECT
    (SELECT count(*) FROM unor WHERE instansi_id = ${INSTANSI}) AS unor,
    (SELECT count(*) FROM employee WHERE instansi_id = ${INSTANSI}) AS employee,
    (SELECT count(*) FROM employee_golongan_history h JOIN employee e USING (nip) WHERE e.instansi_id = ${INSTANSI}) AS riwayat_golongan,
    (SELECT count(*) FROM employee_education h JOIN employee e USING (nip) WHERE e.instansi_id = ${INSTANSI}) AS pendidikan,
    (SELECT count(*) FROM employee_jabatan_history h JOIN employee e USING (nip) WHERE e.instansi_id = ${INSTANSI}) AS jabatan,
    (SELECT count(*) FROM employee_sanction h JOIN employee e USING (nip) WHERE e.instansi_id = ${INSTANSI}) AS hukdis,
    (SELECT count(*) FROM employee_angka_kredit h JOIN employee e USING (nip) WHERE e.instansi_id = ${INSTANSI}) AS angka_kredit,
    (SELECT count(*) FROM employee_rating h JOIN employee e USING (nip) WHERE e.instansi_id = ${INSTANSI}) AS skp,
    (SELECT count(*) FROM master_fact_change) AS master_fact_change`.execute(db);
  return Object.fromEntries(Object.entries(r.rows[0]).map(([k, v]) => [k, Number(v)]));
}

runBench('bench-import', log, async (engine: BenchEngine, db: Db) => {
  const year = new Date().getUTCFullYear();
  const { token } = await setUp(db);
  const taken = new Set((await db.selectFrom('employee').select('nip').execute()).map((e) => e.nip));
  const g0 = Date.now();
  const pop = generate(N, UNOR, taken, year);
  const sizes = [...pop.byDataset].map(([d, v]) => `${d} ${int(v.length)}`).join(', ');
  log(`population of ${INSTANSI}: ${int(pop.total)} records (${sizes}), generated in ${((Date.now() - g0) / 1000).toFixed(1)} s`);
  log(`pushing in requests of ${int(PER_REQUEST)} records, ${CONCURRENCY} at a time, ?tunggu=${TUNGGU}`);

  const { meter, pg, describe } = await startEngineMeters(engine, db);
  log(describe);

  const client = new PushClient(engine.baseUrl, token);
  const first = await importOnce('import', client, pop, meter, pg);
  const afterFirst = await tableCounts(db);
  const prof1 = await profile(db, first);
  const second = await importOnce('re-import', client, pop, meter, pg);
  const afterSecond = await tableCounts(db);
  const prof2 = await profile(db, second);
  meter.stop();
  pg?.stop();

  out('');
  report('import (first run)', first, prof1);
  report('re-import (the same records)', second, prof2);
  out(`   rows of ${INSTANSI} after the import: ${Object.entries(afterFirst).map(([k, v]) => `${k} ${int(v)}`).join(', ')}`);

  const failures: string[] = [];
  const expected = pop.total;
  if (first.counts.ditolak > 0) failures.push(`${first.counts.ditolak} records refused in the first run`);
  if (first.counts.baru !== expected) failures.push(`first run: baru=${first.counts.baru}, expected ${expected}`);
  if (second.counts.baru + second.counts.berubah + second.counts.ditolak > 0 || second.counts.sama !== expected) {
    failures.push(`re-import changed or refused something: baru=${second.counts.baru} berubah=${second.counts.berubah} ditolak=${second.counts.ditolak} sama=${second.counts.sama} of ${expected}`);
  }
  const moved = Object.keys(afterFirst).filter((k) => afterFirst[k] !== afterSecond[k]);
  if (moved.length) failures.push(`re-import changed row counts: ${moved.map((k) => `${k} ${afterFirst[k]} → ${afterSecond[k]}`).join(', ')}`);
  if (afterFirst.employee !== N) failures.push(`employees of ${INSTANSI}: ${afterFirst.employee}, expected ${N}`);
  if (first.throttled + second.throttled > 0) out(`   note: ${first.throttled + second.throttled} requests answered 429 and were retried after Retry-After`);
  for (const f of failures) out(`FAIL: ${f}`);
  const target = first.seconds < 60 ? (first.seconds < 20 ? 'goal (< 20 s) met' : 'target (< 60 s) met, goal (< 20 s) not') : 'TARGET MISSED (import_s >= 60)';
  out(`   targets: ${target}; re-import ${(second.seconds / first.seconds * 100).toFixed(0)} % of the import time (${second.seconds < first.seconds / 2 ? 'under half: met' : 'TARGET MISSED: not under half'})`);
  out(`reimport_s=${second.seconds.toFixed(1)} pg_cpu_s=${first.cpu.pgServer.toFixed(1)}${first.cpu.pgDb !== undefined ? ` pg_db_cpu_s=${first.cpu.pgDb.toFixed(1)}` : ''} engine_cpu_s=${first.cpu.engine.toFixed(1)} temporal_cpu_s=${first.cpu.temporal.toFixed(1)} reimport_pg_cpu_s=${second.cpu.pgServer.toFixed(1)} reimport_engine_cpu_s=${second.cpu.engine.toFixed(1)} http_429=${first.throttled + second.throttled} ditolak=${first.counts.ditolak} reimport_changed=${second.counts.baru + second.counts.berubah}`);
  out(`import_pegawai_per_s=${(N / first.seconds).toFixed(1)} import_s=${first.seconds.toFixed(1)}`);
  // runBench stops the engine and exits 1 with this on stderr; stdout's last line stays the figures above.
  if (failures.length) throw new Error(`FAIL: ${failures.join('; ')}`);
});
