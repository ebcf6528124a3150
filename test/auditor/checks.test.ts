import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { Client } from '@temporalio/client';
import { DEMO_CASES } from '../../db/seed';
import { enrolOfficial, ensureStandInPki, createLocalSigner } from '../../signing';
import { startKpWorkflows } from '../../api/kp/starter';
import type { CheckName, ConsistencyReport } from '../../auditor/types';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { auditEngine, expectConsistent, type TestAuditOptions } from '../helpers/audit';
import { demoUser, plainPdf, plantDocument, plantFinishedUsulan, today, uniq, type PlantedUsulan } from './fixtures';

jest.setTimeout(180_000);

let engine: TestEngine;
let live: string;
let decree: PlantedUsulan;
let actingDecree: PlantedUsulan;

const audit = (checks: CheckName[], opts: TestAuditOptions = {}) => auditEngine(engine, { checks, settleMs: 0, ...opts });
const found = (r: ConsistencyReport, check: CheckName, object: string, message?: RegExp) =>
  r.violations.filter((v) => v.check === check && v.object === object && (!message || message.test(v.message)));
const only = (r: ConsistencyReport, check: CheckName) => r.violations.filter((v) => v.check === check);

/** What someone with database access does to the append-only audit log: switch its guard off, change history, switch it on. */
async function asAttacker(change: () => Promise<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(engine.db);
  try {
    await change();
  } finally {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(engine.db);
  }
}

beforeAll(async () => {
  engine = await startTestEngine();
  const operator = await engine.login('op.jateng1');
  const periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const nip = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!.nip;
  const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nip] });
  expect(res.body.items[0]).toMatchObject({ status: 'DITERIMA' });
  live = res.body.items[0].usulanId;
  await eventually(() => engine.db.selectFrom('usulan_event').select('id').where('usulan_id', '=', live).where('jenis', '=', 'DIAJUKAN').executeTakeFirst());

  decree = await plantFinishedUsulan(engine);
  // Sleman's SK signed by its Plt while the approver is away, under a delegation in force today.
  await engine.db.insertInto('delegation').values({
    instansi_id: 'I-3404', from_user_id: demoUser('pyb.sleman').id, to_user_id: demoUser('plt.sleman').id, jenis: 'PLT',
    mulai: '2000-01-01', selesai: '2999-12-31', created_by: 'usr-admin', revoked_at: null,
  }).execute();
  actingDecree = await plantFinishedUsulan(engine, { instansiId: 'I-3404', approver: 'plt.sleman', skSigner: 'plt.sleman', capacity: 'PLT', routedTo: 'pyb.sleman' });
});

afterAll(async () => {
  await engine?.close();
});

describe('the consistency auditor on a real engine', () => {
  it('finds nothing wrong in a consistent database with a running workflow and two finished decrees', async () => {
    const r = await expectConsistent(engine, { settleMs: 0 });
    expect(r.checks).toHaveLength(7);
    expect(r.checked.documents).toBe(6);
    expect(r.checked.finishedUsulan).toBe(2);
    expect(r.checked.workflows).toBeGreaterThanOrEqual(1);
    expect(r.checked.auditEntries).toBeGreaterThan(0);
  });

  describe('1. signatures', () => {
    it('flags a standing SK whose recorded signer is not the official whose key signed it, nor the one the routing chose', async () => {
      await engine.db.updateTable('document').set({ signed_by_user_id: demoUser('kepala.bkn').id }).where('id', '=', decree.skId).execute();
      try {
        const r = await audit(['signatures']);
        expect(found(r, 'signatures', `document:${decree.skId}`, /bukan sertifikat usr-kepala\.bkn/)).toHaveLength(1);
        expect(found(r, 'signatures', `document:${decree.skId}`, /draf disiapkan untuk usr-pyb\.jateng/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('document').set({ signed_by_user_id: demoUser('pyb.jateng').id }).where('id', '=', decree.skId).execute();
      }
    });

    it('flags a printed NIP that is not the certificate\'s', async () => {
      await engine.db.updateTable('document').set({ printed_nip: '199001012020011001' }).where('id', '=', decree.pertekId).execute();
      try {
        const r = await audit(['signatures']);
        expect(only(r, 'signatures')).toEqual([expect.objectContaining({ object: `document:${decree.pertekId}`, message: expect.stringMatching(/NIP yang dicetak \(199001012020011001\)/) })]);
      } finally {
        await engine.db.updateTable('document').set({ printed_nip: demoUser('verif1.kr01').nip }).where('id', '=', decree.pertekId).execute();
      }
    });

    it('accepts a Plt\'s SK only while a delegation from the routed official was in force', async () => {
      expect(only(await audit(['signatures']), 'signatures')).toEqual([]);
      await engine.db.updateTable('delegation').set({ revoked_at: new Date(Date.now() - 86_400_000) }).where('to_user_id', '=', demoUser('plt.sleman').id).execute();
      try {
        const r = await audit(['signatures']);
        expect(found(r, 'signatures', `document:${actingDecree.skId}`, /tidak ada penunjukan PLT dari usr-pyb\.sleman kepada usr-plt\.sleman/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('delegation').set({ revoked_at: null }).where('to_user_id', '=', demoUser('plt.sleman').id).execute();
      }
      await engine.db.updateTable('document').set({ capacity: 'DEFINITIF', on_behalf_of_user_id: null }).where('id', '=', actingDecree.skId).execute();
      try {
        const r = await audit(['signatures']);
        expect(found(r, 'signatures', `document:${actingDecree.skId}`, /sebagai definitif, padahal draf disiapkan untuk usr-pyb\.sleman/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('document').set({ capacity: 'PLT', on_behalf_of_user_id: demoUser('pyb.sleman').id }).where('id', '=', actingDecree.skId).execute();
      }
    });

    it('flags a standing document whose bytes changed after signing, and one signed under a root nobody trusts', async () => {
      const original = await engine.db.selectFrom('document').select('sha256').where('id', '=', decree.pengantarId).executeTakeFirstOrThrow();
      const bytes = Buffer.from(await engine.blobs.get(original.sha256));
      // One digit of the header's version, which the signature covers: the file still parses, the digest no longer matches.
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      bytes[7] = bytes[7] === 0x36 ? 0x35 : 0x36;
      const tampered = await engine.blobs.put(bytes);
      await engine.db.updateTable('document').set({ sha256: tampered.sha256 }).where('id', '=', decree.pengantarId).execute();
      try {
        const r = await audit(['signatures']);
        expect(found(r, 'signatures', `document:${decree.pengantarId}`, /tanda tangan pada pernyataan persetujuan tidak sah/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('document').set({ sha256: original.sha256 }).where('id', '=', decree.pengantarId).execute();
      }

      const foreignKeys = `${process.env.TEST_TMP_DIR}/foreign-pki-${uniq()}`;
      await ensureStandInPki(foreignKeys);
      const pyb = demoUser('pyb.jateng');
      await enrolOfficial(foreignKeys, { id: pyb.signerId!, name: pyb.nama, nip: pyb.nip!, jabatan: pyb.jabatan, passphrase: 'asing-12345' });
      const session = await createLocalSigner(foreignKeys).unlock(pyb.signerId!, 'asing-12345');
      const foreign = await session.sign(await plainPdf('pernyataan dari PKI lain'), { reason: 'uji', location: 'Jakarta', verificationUrl: 'http://x/verifikasi/y' });
      session.close();
      const id = await plantDocument(engine, { kind: 'PENGANTAR', usulanId: null, signer: 'pyb.jateng', bytes: foreign });
      try {
        const r = await audit(['signatures']);
        expect(found(r, 'signatures', `document:${id}`, /tidak berantai ke akar tepercaya/)).toHaveLength(1);
        expect(found(r, 'signatures', `document:${id}`, /bukan sertifikat usr-pyb\.jateng/)).toHaveLength(1);
      } finally {
        await engine.db.deleteFrom('document').where('id', '=', id).execute();
      }
    });
  });

  describe('2. numbers', () => {
    it('flags a number given twice in one office, series and year, even when the index could not see it', async () => {
      const row = { usulan_id: actingDecree.id, kind: 'SK-LAIN', nomor: decree.skNomor, tanggal: today(), issuer: ` ${decree.issuer.toLowerCase()}`, series: 'sk', year: Number(today().slice(0, 4)) };
      await engine.db.insertInto('number_assignment').values(row).execute();
      try {
        const r = await audit(['numbers']);
        const object = `nomor:${decree.issuer}/SK/${row.year}/${decree.skNomor}`;
        expect(found(r, 'numbers', object, /diberikan 2 kali/)).toHaveLength(1);
      } finally {
        await engine.db.deleteFrom('number_assignment').where('usulan_id', '=', actingDecree.id).where('kind', '=', 'SK-LAIN').execute();
      }
      await sql`DROP INDEX number_assignment_unique_in_scope`.execute(engine.db);
      await engine.db.insertInto('number_assignment').values({ ...row, kind: 'SK-DUPLIKAT', issuer: decree.issuer, series: 'SK' }).execute();
      try {
        const r = await audit(['numbers']);
        expect(found(r, 'numbers', `nomor:${decree.issuer}/SK/${row.year}/${decree.skNomor}`)).toHaveLength(1);
      } finally {
        await engine.db.deleteFrom('number_assignment').where('kind', '=', 'SK-DUPLIKAT').execute();
        await sql`CREATE UNIQUE INDEX number_assignment_unique_in_scope ON number_assignment(issuer, series, year, nomor)`.execute(engine.db);
      }
    });

    it('flags an usulan whose SK or Pertek number is not its assignment, and a decree printing another number', async () => {
      await engine.db.updateTable('usulan_kp').set({ sk_nomor: '800/999/UJI/2026', pertek_nomor: 'KP-LAIN' }).where('id', '=', decree.id).execute();
      try {
        const r = await audit(['numbers']);
        expect(found(r, 'numbers', `usulan:${decree.id}`, /nomor SK usulan \(800\/999\/UJI\/2026\) bukan nomor yang diberikan penomoran/)).toHaveLength(1);
        expect(found(r, 'numbers', `usulan:${decree.id}`, /nomor Pertek usulan \(KP-LAIN\)/)).toHaveLength(1);
        expect(found(r, 'numbers', `document:${decree.skId}`, /mencetak nomor/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('usulan_kp').set({ sk_nomor: decree.skNomor, pertek_nomor: decree.pertekNomor }).where('id', '=', decree.id).execute();
      }
    });
  });

  describe('3. signed steps', () => {
    it('flags a standing approval statement no accepted approval names, which also gives the usulan a second one', async () => {
      const stray = await plantDocument(engine, { kind: 'PENGANTAR', usulanId: null, signer: 'pyb.jateng' });
      await engine.db.updateTable('document').set({ usulan_id: decree.id, version: 2 }).where('id', '=', stray).execute();
      try {
        const r = await audit(['signed-steps']);
        expect(found(r, 'signed-steps', `document:${stray}`, /tanpa langkah yang diterima: tidak ada peristiwa DISETUJUI_INSTANSI/)).toHaveLength(1);
        expect(found(r, 'signed-steps', `usulan:${decree.id}`, /2 pernyataan persetujuan yang berlaku/)).toHaveLength(1);
      } finally {
        await engine.db.deleteFrom('document').where('id', '=', stray).execute();
      }
    });

    it('flags a refused (BATAL) signature an accepted step names, and a signature made for another official\'s step', async () => {
      await engine.db.updateTable('document').set({ status: 'BATAL' }).where('id', '=', decree.pengantarId).execute();
      await engine.db.updateTable('usulan_event').set({ actor_id: demoUser('sekda.jateng').id }).where('usulan_id', '=', decree.id).where('jenis', '=', 'MS').execute();
      try {
        const r = await audit(['signed-steps']);
        expect(found(r, 'signed-steps', `document:${decree.pengantarId}`, /berstatus BATAL .* diterima oleh peristiwa DISETUJUI_INSTANSI/)).toHaveLength(1);
        expect(found(r, 'signed-steps', `document:${decree.pertekId}`, /ditandatangani usr-verif1\.kr01, padahal langkah MS .* dilakukan usr-sekda\.jateng/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('document').set({ status: 'BERLAKU' }).where('id', '=', decree.pengantarId).execute();
        await engine.db.updateTable('usulan_event').set({ actor_id: demoUser('verif1.kr01').id }).where('usulan_id', '=', decree.id).where('jenis', '=', 'MS').execute();
      }
    });

    it('flags a signature left MENUNGGU longer than a signing attempt lasts, not a fresh one', async () => {
      const fresh = await plantDocument(engine, { kind: 'PERTEK', usulanId: live, signer: 'verif1.kr01', status: 'MENUNGGU' });
      const abandoned = await plantDocument(engine, { kind: 'PENGANTAR', usulanId: null, signer: 'pyb.jateng', status: 'MENUNGGU', createdAt: new Date(Date.now() - 20 * 60_000) });
      try {
        const r = await audit(['signed-steps']);
        expect(only(r, 'signed-steps')).toEqual([expect.objectContaining({ object: `document:${abandoned}`, message: expect.stringMatching(/tanda tangan yang ditinggalkan masih menunggu/) })]);
        expect(r.checked.pendingSignatures).toBe(2);
      } finally {
        await engine.db.deleteFrom('document').where('id', 'in', [fresh, abandoned]).execute();
      }
    });
  });

  describe('4. decrees', () => {
    it('flags a finished usulan that lost its golongan row, and an open one that already has a standing SK', async () => {
      await engine.db.deleteFrom('employee_golongan_history').where('usulan_id', '=', decree.id).execute();
      const early = await plantDocument(engine, { kind: 'SK', usulanId: live, signer: 'pyb.jateng' });
      try {
        const r = await audit(['decrees']);
        expect(found(r, 'decrees', `usulan:${decree.id}`, /tanpa baris riwayat golongan/)).toHaveLength(1);
        expect(found(r, 'decrees', `usulan:${live}`, new RegExp(`berstatus MENUNGGU_PERSETUJUAN memiliki SK yang berlaku: ${early}`))).toHaveLength(1);
      } finally {
        await engine.db.deleteFrom('document').where('id', '=', early).execute();
        const u = await engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', decree.id).executeTakeFirstOrThrow();
        await engine.db.insertInto('employee_golongan_history').values({
          nip: u.nip, golongan_id: u.golongan_baru, tmt: u.periode, sk_nomor: u.sk_nomor, sk_tanggal: u.sk_tanggal, pertek_nomor: u.pertek_nomor, usulan_id: u.id,
        }).execute();
      }
    });

    it('flags a finished usulan whose recorded SK is not its standing one', async () => {
      await engine.db.updateTable('usulan_kp').set({ sk_document_id: decree.pertekId }).where('id', '=', decree.id).execute();
      try {
        const r = await audit(['decrees']);
        expect(found(r, 'decrees', `usulan:${decree.id}`, /bukan SK yang dicatat usulan/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('usulan_kp').set({ sk_document_id: decree.skId }).where('id', '=', decree.id).execute();
      }
    });
  });

  describe('5. workflow status', () => {
    it('flags a read-model status the workflow does not have', async () => {
      await engine.db.updateTable('usulan_kp').set({ status: 'MENUNGGU_VERIFIKASI' }).where('id', '=', live).execute();
      try {
        const r = await audit(['workflow-status']);
        expect(found(r, 'workflow-status', `usulan:${live}`, /status tampilan MENUNGGU_VERIFIKASI, status workflow MENUNGGU_PERSETUJUAN/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('usulan_kp').set({ status: 'MENUNGGU_PERSETUJUAN' }).where('id', '=', live).execute();
      }
    });

    it('flags a started usulan without a workflow, and a committed one never started', async () => {
      await engine.db.updateTable('usulan_kp').set({ workflow_started_at: new Date() }).where('id', '=', decree.id).execute();
      await engine.db.updateTable('usulan_kp').set({ created_at: new Date(Date.now() - 3_600_000) }).where('id', '=', actingDecree.id).execute();
      try {
        const r = await audit(['workflow-status']);
        expect(found(r, 'workflow-status', `usulan:${decree.id}`, /workflow usulan yang sudah dimulai tidak ada/)).toHaveLength(1);
        expect(found(r, 'workflow-status', `usulan:${actingDecree.id}`, /belum dimulai/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('usulan_kp').set({ workflow_started_at: null }).where('id', '=', decree.id).execute();
        await engine.db.updateTable('usulan_kp').set({ created_at: new Date() }).where('id', '=', actingDecree.id).execute();
      }
    });

    it('does not say ok when it cannot ask Temporal', async () => {
      const blind = new Client({ connection: engine.temporal.connection, namespace: `tidak-ada-${uniq()}` });
      const r = await auditEngine({ ...engine, temporal: blind }, { checks: ['workflow-status'], settleMs: 0, temporalTimeoutMs: 5000 });
      expect(r.ok).toBe(false);
      expect(found(r, 'workflow-status', `workflow:${live}`, /Temporal tidak dapat ditanya/)).toHaveLength(1);
    });

    it('reports only what is still wrong after settling (a workflow caught mid-step is not a violation)', async () => {
      await engine.db.updateTable('usulan_kp').set({ sk_nomor: 'SEMENTARA' }).where('id', '=', decree.id).execute();
      const healed = sleep(1500).then(() => engine.db.updateTable('usulan_kp').set({ sk_nomor: decree.skNomor }).where('id', '=', decree.id).execute());
      const r = await audit(['numbers'], { settleMs: 4000 });
      await healed;
      expect(r.ok).toBe(true);
    });
  });

  describe('6. liveness', () => {
    it('flags a deadline passed without the reminder, the escalation and the breach flag of the current round', async () => {
      await engine.db.updateTable('usulan_kp').set({ due_at: new Date(Date.now() - 3_600_000) }).where('id', '=', live).execute();
      try {
        const r = await audit(['liveness']);
        const messages = found(r, 'liveness', `usulan:${live}`).map((v) => v.message);
        expect(messages).toHaveLength(3);
        expect(messages).toEqual(expect.arrayContaining([
          expect.stringMatching(/tanpa pengingat PENGINGAT_PERSETUJUAN/),
          expect.stringMatching(/tanpa eskalasi ESKALASI_PERSETUJUAN/),
          expect.stringMatching(/tidak ditandai melewati SLA/),
        ]));
        await engine.db.insertInto('usulan_event').values(['PENGINGAT_PERSETUJUAN', 'ESKALASI_PERSETUJUAN'].map((jenis, i) => ({
          usulan_id: live, event_key: `${live}:uji-${i}:${jenis}`, jenis, seq: 90 + i, from_status: 'MENUNGGU_PERSETUJUAN', to_status: 'MENUNGGU_PERSETUJUAN',
          actor_id: null, actor_nama: null, catatan: null, data: null,
        }))).execute();
        await engine.db.updateTable('usulan_kp').set({ sla_breached: true }).where('id', '=', live).execute();
        expect(found(await audit(['liveness']), 'liveness', `usulan:${live}`)).toEqual([]);
      } finally {
        await engine.db.deleteFrom('usulan_event').where('event_key', 'like', `${live}:uji-%`).execute();
        await engine.db.updateTable('usulan_kp').set({ due_at: new Date(Date.now() + 3_600_000), sla_breached: false }).where('id', '=', live).execute();
      }
    });

    it('flags a stuck step the timeline never told', async () => {
      await engine.db.updateTable('usulan_kp').set({ stuck_reason: 'uji', stuck_since: new Date() }).where('id', '=', decree.id).execute();
      try {
        const r = await audit(['liveness']);
        expect(found(r, 'liveness', `usulan:${decree.id}`, /tanpa peristiwa LANGKAH_MACET/)).toHaveLength(1);
      } finally {
        await engine.db.updateTable('usulan_kp').set({ stuck_reason: null, stuck_since: null }).where('id', '=', decree.id).execute();
      }
    });

    it('flags a workflow whose activity keeps failing beyond its budget, naming the activity and the failure', async () => {
      const emp = await engine.db.selectFrom('employee').select(['nip', 'nama', 'golongan_id']).where('instansi_id', '=', 'I-3300')
        .where('nip', '<>', DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!.nip).orderBy('nip').limit(1).executeTakeFirstOrThrow();
      const id = `KP-MACET-${uniq()}`;
      await sql`CREATE FUNCTION uji_tolak_linimasa() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.usulan_id LIKE 'KP-MACET-%' THEN RAISE EXCEPTION 'uji: linimasa menolak ditulis'; END IF; RETURN NEW; END $$`.execute(engine.db);
      await sql`CREATE TRIGGER uji_tolak_linimasa BEFORE INSERT ON usulan_event FOR EACH ROW EXECUTE FUNCTION uji_tolak_linimasa()`.execute(engine.db);
      await engine.db.insertInto('usulan_kp').values({
        id, batch_id: null, nip: emp.nip, nama: emp.nama, instansi_id: 'I-3300', kanreg_id: 'KR01', periode: `${today().slice(0, 4)}-10-01`, jenis_kp: 101,
        status: 'MENUNGGU_PERSETUJUAN', golongan_lama: emp.golongan_id, golongan_baru: emp.golongan_id + 1, penandatangan_sk: 'PPK',
        submitted_by: demoUser('op.jateng1').id, approved_by: null, claimed_by: null, claim_expires_at: null, pertek_nomor: null, pertek_tanggal: null,
        pertek_document_id: null, sk_nomor: null, sk_tanggal: null, sk_draft_sha256: null, sk_draft_field: null, sk_document_id: null,
        keppres_nomor: null, keppres_tanggal: null, workflow_started_at: null, due_at: null, last_note: null, closed_at: null,
      }).execute();
      try {
        await startKpWorkflows({ db: engine.db, temporal: engine.temporal, taskQueue: engine.config.taskQueue, sla: engine.config.sla }, [id]);
        await eventually(async () => {
          const d = await engine.temporal.workflow.getHandle(id).describe();
          return (d.raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) > 2);
        }, 60_000, 500);
        const r = await audit(['liveness'], { activityAttemptBudget: 2 });
        expect(found(r, 'liveness', `workflow:${id}`, /kegiatan recordEvent gagal berulang tanpa terlihat: percobaan ke-\d+ \(anggaran 2\); kegagalan terakhir: .*linimasa menolak ditulis/)).toHaveLength(1);
      } finally {
        await engine.temporal.workflow.getHandle(id).terminate('uji selesai').catch(() => undefined);
        await sql`DROP TRIGGER uji_tolak_linimasa ON usulan_event`.execute(engine.db);
        await sql`DROP FUNCTION uji_tolak_linimasa()`.execute(engine.db);
        await engine.db.deleteFrom('usulan_event').where('usulan_id', '=', id).execute();
        await engine.db.deleteFrom('usulan_kp').where('id', '=', id).execute();
      }
    });
  });

  describe('7. audit chain', () => {
    it('flags an audit entry changed after it was written', async () => {
      const last = await engine.db.selectFrom('audit_log').select(['id', 'action']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      await asAttacker(() => engine.db.updateTable('audit_log').set({ action: 'auth.logout' }).where('id', '=', last.id).execute());
      try {
        const r = await audit(['audit-chain']);
        expect(r.violations).toEqual([{ check: 'audit-chain', object: `audit_log:${last.id}`, message: expect.stringMatching(/diubah/) }]);
      } finally {
        await asAttacker(() => engine.db.updateTable('audit_log').set({ action: last.action }).where('id', '=', last.id).execute());
      }
    });
  });

  describe('afterwards', () => {
    it('is consistent again once every planted fault is undone', async () => {
      await expectConsistent(engine, { settleMs: 0 });
    });
  });
});
