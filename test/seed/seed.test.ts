import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, type Db } from '../../db';
import { loadEmployeeFacts } from '../../db/repos/employee-facts';
import {
  countDemoRows, DEMO_CASES, DEMO_INSTANSI, DEMO_SIGNERS, DEMO_USERS, demoReference, seedDemo, SEED_TABLES,
} from '../../db/seed';
import { demoBlob } from '../../db/seed/documents';
import { addMonths, compareIso } from '../../domain/dates';
import { kpChecklist, missingDocuments } from '../../domain/documents';
import { regulerCeiling, type EducationLevel } from '../../domain/education';
import { checkKpEligibility } from '../../domain/eligibility';
import { bandsCrossed, golongan } from '../../domain/golongan';
import { parseNip } from '../../domain/nip';
import { signerFor } from '../../domain/signer-routing';
import type { EmployeeFacts } from '../../domain/types';

const SERVER = process.env.TEST_PG_SERVER_URL ?? process.env.SEED_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function berkasCodes(db: Db, nips: string[]): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('document').select(['owner_nip', 'doc_code'])
    .where('kind', '=', 'BERKAS').where('status', '=', 'BERLAKU').where('owner_nip', 'in', nips).execute();
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.owner_nip!, [...(m.get(r.owner_nip!) ?? []), r.doc_code!]);
  return m;
}

async function missingFor(db: Db, facts: EmployeeFacts, kpType: Parameters<typeof kpChecklist>[0], target: number): Promise<string[]> {
  const history = await db.selectFrom('employee_golongan_history').select('id').where('nip', '=', facts.nip).execute();
  const checklist = kpChecklist(kpType, { crossesBand: bandsCrossed(facts.golonganId, target).length > 0, firstKp: history.length <= 1 });
  const present = (await berkasCodes(db, [facts.nip])).get(facts.nip) ?? [];
  return missingDocuments(checklist, present).map((m) => m.item.code).sort();
}

describe.each(['2026-05-20', '2027-12-05', '2025-01-01'])('the demo seed with reference date %s', (today) => {
  const name = `usulan_seed_test_${randomBytes(4).toString('hex')}`;
  const ref = demoReference(today);
  let db: Db;
  let firstCounts: Record<string, number>;
  let secondInserted: Record<string, number>;

  beforeAll(async () => {
    db = createDb(await ensureDatabase(SERVER, name), { max: 4 });
    await migrateToLatest(db);
    await seedDemo(db, { today });
    firstCounts = await countDemoRows(db);
    secondInserted = (await seedDemo(db, { today })).inserted;
  });

  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(SERVER, name);
  });

  it('is idempotent: a second run inserts nothing and leaves every count as it was', async () => {
    expect(await countDemoRows(db)).toEqual(firstCounts);
    expect(Object.values(secondInserted).every((n) => n === 0)).toBe(true);
    for (const t of SEED_TABLES) expect(firstCounts[t]).toBeGreaterThan(0);
  });

  it('came in through the import path: one finished SIMPEG job per instansi, no record refused, every fact sourced and fingerprinted', async () => {
    const jobs = await db.selectFrom('import_job').selectAll().orderBy('instansi_id').execute();
    // The second run found everything held and imported nothing.
    expect(jobs.map((j) => j.instansi_id)).toEqual(DEMO_INSTANSI.map((i) => i.id).sort());
    for (const j of jobs) {
      expect(j).toMatchObject({ status: 'SELESAI', sumber: 'SIMPEG', asal: 'BERKAS', ditolak: 0, berubah: 0 });
      expect(j.diproses).toBe(j.total);
      expect(j.baru).toBe(j.total);
    }
    const staged = Number((await db.selectFrom('import_job_record').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const facts = ['unor', 'employee', 'employee_golongan_history', 'employee_education', 'employee_rating', 'employee_sanction'] as const;
    let held = 0;
    for (const t of facts) {
      const rows = await db.selectFrom(t).select(['sumber', 'dikonfirmasi_at']).execute();
      held += rows.length;
      expect(rows.filter((r) => r.sumber !== 'SIMPEG' || !r.dikonfirmasi_at)).toEqual([]);
    }
    expect(staged).toBe(held);
    // Rows BKN's facts were added to afterwards (a block) lost their fingerprint; the rest keep the record's.
    const unfingerprinted = await db.selectFrom('employee').select(['nip', 'blocked_by_bkn', 'status_perkawinan']).where('impor_sidik', 'is', null).execute();
    expect(unfingerprinted.every((e) => e.blocked_by_bkn)).toBe(true);
    expect(await db.selectFrom('employee').select('nip').where('status_perkawinan', 'is', null).execute()).toEqual([]);
  });

  it('has about 500 employees over three instansi, each with a valid NIP that matches the record', async () => {
    const rows = await db.selectFrom('employee')
      .select(['nip', 'tanggal_lahir', 'jenis_kelamin', 'jenis_asn', 'tmt_cpns', 'instansi_id', 'unor_id']).execute();
    expect(rows.length).toBeGreaterThanOrEqual(480);
    expect(rows.length).toBeLessThanOrEqual(520);
    expect(new Set(rows.map((r) => r.instansi_id))).toEqual(new Set(DEMO_INSTANSI.map((i) => i.id)));
    const mismatch = new Set(DEMO_CASES.filter((c) => c.nipBirthDateWarning).map((c) => c.nip));
    for (const r of rows) {
      const parsed = parseNip(r.nip, { allowPppk: true });
      if (!parsed.ok) throw new Error(`${r.nip}: ${parsed.reasons.join('; ')}`);
      expect(parsed.nip.kind).toBe(r.jenis_asn);
      expect(parsed.nip.gender).toBe(r.jenis_kelamin);
      if (!mismatch.has(r.nip)) expect(parsed.nip.birthDate).toBe(r.tanggal_lahir);
      else expect(parsed.nip.birthDate).not.toBe(r.tanggal_lahir);
      if (parsed.nip.kind === 'PNS') expect(r.tmt_cpns).toBe(`${parsed.nip.tmtCpns}-01`);
      expect(r.unor_id).not.toBeNull();
    }
  });

  it('keeps golongan histories consistent: one step per row from TMT CPNS up to the current golongan', async () => {
    const employees = await db.selectFrom('employee')
      .select(['nip', 'golongan_id', 'tmt_golongan', 'tmt_cpns', 'jenis_asn', 'jabatan_jenis', 'pendidikan_level']).execute();
    const history = await db.selectFrom('employee_golongan_history').select(['nip', 'golongan_id', 'tmt']).orderBy('tmt').execute();
    for (const e of employees) {
      const rows = history.filter((h) => h.nip === e.nip);
      if (e.jenis_asn === 'PPPK') {
        expect(rows).toHaveLength(0);
        continue;
      }
      expect(rows[0].tmt).toBe(e.tmt_cpns);
      expect(rows[rows.length - 1]).toEqual({ nip: e.nip, golongan_id: e.golongan_id, tmt: e.tmt_golongan });
      for (let i = 1; i < rows.length; i += 1) {
        expect(golongan(rows[i].golongan_id).rank - golongan(rows[i - 1].golongan_id).rank).toBe(1);
        expect(compareIso(addMonths(rows[i - 1].tmt, 24), rows[i].tmt)).toBeLessThanOrEqual(0);
      }
      if (e.jabatan_jenis === 'PELAKSANA') {
        expect(golongan(e.golongan_id).rank).toBeLessThanOrEqual(golongan(regulerCeiling(e.pendidikan_level as EducationLevel)).rank);
      }
    }
  });

  it('evaluates every demo case as designed, for the next period and every period open for submission', async () => {
    const facts = await loadEmployeeFacts(db, DEMO_CASES.map((c) => c.nip));
    expect(facts.size).toBe(DEMO_CASES.length);
    for (const c of DEMO_CASES) {
      const f = facts.get(c.nip)!;
      for (const period of ref.periods) {
        const result = checkKpEligibility(f, c.kpType, period);
        const label = `${c.key} @ ${period}`;
        expect({ label, failed: result.failures.map((x) => x.rule).sort() }).toEqual({ label, failed: [...c.failedRules].sort() });
        expect({ label, eligible: result.eligible }).toEqual({ label, eligible: c.expectedEligible });
        if (c.nipBirthDateWarning) expect(result.warnings.join(' ')).toMatch(/tanggal lahir pada NIP/);
        else expect({ label, warnings: result.warnings }).toEqual({ label, warnings: [] });
        if (c.signer && result.targetGolonganId !== null) {
          expect({ label, signer: signerFor({ targetGolonganId: result.targetGolonganId, jabatan: f.jabatan }).signer })
            .toEqual({ label, signer: c.signer });
        }
      }
    }
  });

  it('holds back at the completeness gate exactly the eligible cases that lack a berkas', async () => {
    const facts = await loadEmployeeFacts(db, DEMO_CASES.map((c) => c.nip));
    for (const c of DEMO_CASES.filter((x) => x.expectedEligible)) {
      const result = checkKpEligibility(facts.get(c.nip)!, c.kpType, ref.nextPeriod);
      const missing = await missingFor(db, facts.get(c.nip)!, c.kpType, result.targetGolonganId!);
      expect({ key: c.key, missing }).toEqual({ key: c.key, missing: [...c.missingDocuments].sort() });
    }
  });

  it('has at least 60 employees per instansi eligible for KP reguler in the next period, with complete berkas', async () => {
    const all = await db.selectFrom('employee').select(['nip', 'instansi_id']).execute();
    const started = Date.now();
    const facts = await loadEmployeeFacts(db, all.map((e) => e.nip));
    const loadMs = Date.now() - started;
    expect(facts.size).toBe(all.length);
    expect(loadMs).toBeLessThan(1000);
    const docs = await berkasCodes(db, all.map((e) => e.nip));
    const histories = await db.selectFrom('employee_golongan_history').select(['nip']).execute();
    const historyCount = new Map<string, number>();
    for (const h of histories) historyCount.set(h.nip, (historyCount.get(h.nip) ?? 0) + 1);
    const ready = new Map<string, number>();
    for (const e of all) {
      const f = facts.get(e.nip)!;
      const result = checkKpEligibility(f, 'REGULER', ref.nextPeriod);
      if (!result.eligible) continue;
      const checklist = kpChecklist('REGULER', {
        crossesBand: bandsCrossed(f.golonganId, result.targetGolonganId!).length > 0, firstKp: (historyCount.get(e.nip) ?? 0) <= 1,
      });
      if (missingDocuments(checklist, docs.get(e.nip) ?? []).length === 0) ready.set(e.instansi_id, (ready.get(e.instansi_id) ?? 0) + 1);
    }
    for (const i of DEMO_INSTANSI) expect({ instansi: i.id, ready: (ready.get(i.id) ?? 0) >= 60 }).toEqual({ instansi: i.id, ready: true });
  });

  it('loads the facts of 5,000 NIPs in one batch quickly', async () => {
    const real = (await db.selectFrom('employee').select('nip').execute()).map((r) => r.nip);
    const nips = Array.from({ length: 5000 }, (_, i) => real[i] ?? `19800101200501${String(1000 + i).padStart(4, '0')}`);
    const started = Date.now();
    const facts = await loadEmployeeFacts(db, nips);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(facts.size).toBe(real.length);
  });

  it('has users for every role, signers with signer ids, kanreg heads, escalation superiors and an active Plt', async () => {
    const users = await db.selectFrom('app_user').selectAll().execute();
    for (const role of ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN', 'KANREG_HEAD', 'BKN_HEAD'] as const) {
      expect({ role, n: users.filter((u) => u.role === role).length > 0 }).toEqual({ role, n: true });
    }
    expect(users).toHaveLength(DEMO_USERS.length);
    for (const u of users) {
      expect(u.password_hash).toMatch(/^\$argon2id\$/);
      expect(u.email).toMatch(/@demo\.usulan\.go\.id$/);
      if (['APPROVER', 'VERIFIER', 'KANREG_HEAD', 'BKN_HEAD'].includes(u.role)) {
        expect(u.signer_id).toBe(`signer-${u.username}`);
        expect(u.totp_secret).toMatch(/^[A-Z2-7]{32}$/);
      }
      if (u.role === 'EMPLOYEE') expect(u.nip).toBe(u.username);
    }
    expect(DEMO_SIGNERS.map((s) => s.signerId).sort()).toEqual(users.filter((u) => u.signer_id).map((u) => u.signer_id).sort());
    for (const i of DEMO_INSTANSI) {
      const approvers = users.filter((u) => u.role === 'APPROVER' && u.instansi_id === i.id);
      expect(approvers.length).toBeGreaterThanOrEqual(2);
      expect(approvers.some((u) => u.superior_user_id !== null)).toBe(true);
    }
    const kanreg = await db.selectFrom('kanreg').selectAll().execute();
    for (const k of kanreg) expect(users.find((u) => u.id === k.kepala_user_id)?.role).toBe('KANREG_HEAD');
    const delegations = await db.selectFrom('delegation').selectAll().execute();
    expect(delegations).toHaveLength(1);
    expect(compareIso(delegations[0].mulai, today)).toBeLessThanOrEqual(0);
    expect(compareIso(today, delegations[0].selesai)).toBeLessThanOrEqual(0);
    const employeeNips = new Set((await db.selectFrom('employee').select('nip').execute()).map((r) => r.nip));
    for (const u of users.filter((x) => x.role === 'APPROVER' || x.role === 'OPERATOR' || x.role === 'EMPLOYEE')) {
      expect(employeeNips.has(u.nip!)).toBe(true);
    }
  });

  it('points every berkas row at one of the demo PDFs, by its real SHA-256', async () => {
    const rows = await db.selectFrom('document').select(['doc_code', 'sha256', 'size']).distinct().execute();
    for (const r of rows) {
      const blob = await demoBlob(r.doc_code as Parameters<typeof demoBlob>[0]);
      expect(r).toEqual({ doc_code: r.doc_code, sha256: blob.sha256, size: blob.size });
      expect(Buffer.from(blob.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    }
  });
});

describe('the demo data documentation', () => {
  it('lists every demo case with its NIP in db/seed/README.md', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../db/seed/README.md'), 'utf8');
    for (const c of DEMO_CASES) expect(readme).toContain(`| ${c.key} | ${c.nip} |`);
    for (const u of DEMO_USERS.filter((x) => x.totpSecret)) expect(readme).toContain(u.totpSecret!);
  });
});
