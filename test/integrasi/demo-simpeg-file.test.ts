import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, type Db } from '../../db';
import { applyImportChunk, stageImportJob } from '../../db/repos/master-data';
import { loadEmployeeFacts } from '../../db/repos/employee-facts';
import { demoSimpegCsvFiles } from '../../db/seed/simpeg-file';
import { parseImportFile } from '../../api/integrasi/file-parse';
import type { RawImportRecord } from '../../db/repos/master-data';
import { DEMO_INSTANSI, todayInJakarta } from '../../db/seed';
import type { EmployeeFacts } from '../../domain/types';

jest.setTimeout(180_000);

/**
 * The seed itself goes through the import path (db/seed/index.ts). Here the same population goes the way an operator
 * takes it: the CSV files `npm run seed:simpeg-file` writes, read by the file reader of the import page, staged and
 * applied into an empty engine. The facts equal the seeded ones for every employee of every demo instansi. (What a
 * SIMPEG does not hold stays with the seed: STLUD, penyesuaian ijazah, BKN blocks.)
 */
let seeded: Db;
let empty: Db;
let emptyName: string;
let today: string;

beforeAll(async () => {
  const server = process.env.TEST_PG_SERVER_URL!;
  seeded = createDb(await ensureDatabase(server, process.env.TEST_TEMPLATE_DB!), { max: 4 });
  emptyName = `usulan_t_${randomBytes(5).toString('hex')}`;
  empty = createDb(await ensureDatabase(server, emptyName), { max: 4 });
  await migrateToLatest(empty);
  // The organisations and one operator per instansi: what an agency has before its first import.
  for (const k of await seeded.selectFrom('kanreg').select(['id', 'nama', 'kode', 'kota']).execute()) await empty.insertInto('kanreg').values(k).execute();
  for (const i of await seeded.selectFrom('instansi').select(['id', 'nama', 'jenis', 'kanreg_id', 'jabatan_ppk', 'tempat_penetapan', 'kode_unit_sk']).execute()) {
    await empty.insertInto('instansi').values(i).execute();
  }
  for (const u of await seeded.selectFrom('app_user').select(['id', 'username', 'nama', 'role', 'instansi_id', 'kanreg_id', 'password_hash']).where('role', '=', 'OPERATOR').execute()) {
    await empty.insertInto('app_user').values(u).execute();
  }
  // The seed lays its dates out from the day it ran (the suite's global setup, today in Jakarta).
  today = todayInJakarta();
});
afterAll(async () => {
  await seeded?.destroy();
  await empty?.destroy();
  await dropDatabase(process.env.TEST_PG_SERVER_URL!, emptyName).catch(() => undefined);
});

const comparable = (f: EmployeeFacts) => {
  const { stlud: _s, penyesuaianIjazah: _p, prestasiDecree: _d, superiorGolonganId: _g, blockedByBkn: _b, ...rest } = f;
  return rest;
};

it('every demo instansi\'s CSV files import without a refusal, and the facts equal the seeded ones', async () => {
  for (const inst of DEMO_INSTANSI) {
    const operator = await empty.selectFrom('app_user').select('id').where('instansi_id', '=', inst.id).executeTakeFirstOrThrow();
    const records: RawImportRecord[] = [];
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'simpeg-file-'));
    for (const f of demoSimpegCsvFiles(inst.id, today)) {
      const file = path.join(dir, f.filename);
      await fs.writeFile(file, f.csv);
      const parsed = await parseImportFile({ path: file, filename: f.filename, dataset: f.dataset });
      expect(parsed).toMatchObject({ format: 'CSV', layout: 'TEMPLAT', columnsIgnored: [] });
      records.push(...parsed.records);
    }
    await fs.rm(dir, { recursive: true });
    const { job } = await stageImportJob(empty, records, { instansiId: inst.id, sumber: 'SIMPEG', asal: 'BERKAS', createdBy: operator.id, today, uji: false });
    for (let r = await applyImportChunk(empty, job.id, 1000, operator.id); r.processed > 0; r = await applyImportChunk(empty, job.id, 1000, operator.id));
    const refused = await empty.selectFrom('import_job_record').select(['dataset', 'kunci', 'alasan']).where('job_id', '=', job.id).where('hasil', '=', 'DITOLAK').execute();
    expect(refused).toEqual([]);
    const done = await empty.selectFrom('import_job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ total: records.length, diproses: records.length, baru: records.length });

    const nips = (await seeded.selectFrom('employee').select('nip').where('instansi_id', '=', inst.id).execute()).map((e) => e.nip);
    expect(nips.length).toBeGreaterThan(10);
    const [a, b] = await Promise.all([loadEmployeeFacts(seeded, nips), loadEmployeeFacts(empty, nips)]);
    expect(b.size).toBe(a.size);
    for (const nip of nips) expect({ nip, facts: comparable(b.get(nip)!) }).toEqual({ nip, facts: comparable(a.get(nip)!) });
  }
});

it('the one demo record whose birth date differs from its NIP is accepted with a warning, as DOMAIN.md says', async () => {
  const warned = await empty.selectFrom('import_job_record').select(['kunci', 'hasil', 'alasan']).where('dataset', '=', 'pegawai').where('alasan', 'is not', null).execute();
  expect(warned.length).toBeGreaterThan(0);
  for (const w of warned) {
    expect(w.hasil).toBe('BARU');
    expect(JSON.stringify(w.alasan)).toMatch(/Peringatan: tanggal lahir/);
  }
});
