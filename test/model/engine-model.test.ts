import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';
import { WITHDRAWABLE, KpStatus } from '../../domain/kp-lifecycle';
import { verifyPdf } from '../../signing';
import { expectConsistent } from '../helpers/audit';

/**
 * Model-based test of the whole engine: random sequences of actions by every role (the right one and the wrong ones,
 * in and out of scope), concurrent pairs and refusals, over three instansi (two sharing an SK unit code, in different
 * zones), two Kanreg, decrees for the PPK and for the Head of BKN. A small model predicts whether each action must be
 * accepted; every answer is checked against it, a refusal must leave the state as it was, and after the run the
 * engine's global invariants must hold. Seeded: MODEL_SEED=<n> reproduces a run; the seed is printed on failure.
 */
jest.setTimeout(600_000);

const SEED = Number(process.env.MODEL_SEED ?? Date.now() % 1_000_000_007);
const STEPS = Number(process.env.MODEL_STEPS ?? 90);

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

type Demo = (typeof DEMO_USERS)[number];
interface ModelUsulan {
  id: string;
  instansiId: string;
  kanregId: string;
  route: 'PPK' | 'KEPALA_BKN';
  submittedBy: string;
  status: KpStatus;
  claimedBy: string | null;
  skRequested: boolean;
}

const INSTANSI = ['I-3300', 'I-3404', 'I-3515'] as const;
const OPERATOR_OF: Record<string, string> = { 'I-3300': 'op.jateng1', 'I-3404': 'op.sleman', 'I-3515': 'op.sidoarjo' };
/** The SK signer each instansi names, and the Plt/Plh in force for them (the seed's delegation). */
const NAMED_SIGNER: Record<string, string> = { 'I-3300': 'usr-pyb.jateng', 'I-3404': 'usr-pyb.sleman', 'I-3515': 'usr-pyb.sidoarjo', BKN: 'usr-kepala.bkn' };
const DELEGATES: Record<string, string[]> = { 'usr-pyb.sleman': ['usr-plt.sleman'] };

let engine: TestEngine;
// One login per user, shared: a second login in the same 30 s would replay the TOTP code, which is refused.
const clients = new Map<string, Promise<ApiClient>>();
const model = new Map<string, ModelUsulan>();
const log: string[] = [];
const actors: Demo[] = DEMO_USERS.filter((u) => u.role !== 'EMPLOYEE' || DEMO_USERS.indexOf(u) % 3 === 0);
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)?.passphrase ?? 'tidak-ada';

function as(username: string): Promise<ApiClient> {
  if (!clients.has(username)) clients.set(username, engine.login(username));
  return clients.get(username)!;
}
const dbStatus = async (id: string) => (await engine.db.selectFrom('usulan_kp').select(['status', 'sk_draft_sha256']).where('id', '=', id).executeTakeFirstOrThrow());

beforeAll(async () => {
  engine = await startTestEngine();
  // Sidoarjo keeps WITA and the same SK unit code as Jawa Tengah: two offices, one code, two clocks.
  const jateng = await engine.db.selectFrom('instansi').select('kode_unit_sk').where('id', '=', 'I-3300').executeTakeFirstOrThrow();
  await engine.db.updateTable('instansi').set({ zona_waktu: 'Asia/Makassar', kode_unit_sk: jateng.kode_unit_sk }).where('id', '=', 'I-3515').execute();
  const periode = (await (await as('op.jateng1')).get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const rng = prng(SEED);
  for (const inst of INSTANSI) {
    const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', inst).orderBy('nip').execute()).map((e) => e.nip);
    const res = await (await as(OPERATOR_OF[inst])).post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
    const accepted = res.body.items.filter((i: { status: string }) => i.status === 'DITERIMA');
    for (const item of accepted.filter(() => rng.next() < 0.5).slice(0, 5)) await addToModel(item.usulanId);
    await eventually(async () => (await (await as(OPERATOR_OF[inst])).get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai);
  }
  const bkn = DEMO_CASES.find((c) => c.key === 'TUJUAN_IV_C_KEPALA_BKN')!;
  const res = await (await as('op.jateng1')).post('/api/v1/kp/usulan', { periode, jenisKp: 202, nips: [bkn.nip] });
  await addToModel(res.body.items[0].usulanId);
  await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('workflow_started_at').where('batch_id', '=', res.body.batchId).executeTakeFirstOrThrow()).workflow_started_at);
});

async function addToModel(id: string) {
  const u = await engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  model.set(id, {
    id, instansiId: u.instansi_id, kanregId: u.kanreg_id, route: u.penandatangan_sk as 'PPK' | 'KEPALA_BKN', submittedBy: u.submitted_by,
    status: u.status as KpStatus, claimedBy: null, skRequested: false,
  });
}

afterAll(async () => {
  await engine?.close();
});

const inInstansi = (a: Demo, m: ModelUsulan) => a.instansiId === m.instansiId;
const isApproverOf = (a: Demo, m: ModelUsulan) => a.role === 'APPROVER' && inInstansi(a, m) && a.id !== m.submittedBy;
const isOperatorOf = (a: Demo, m: ModelUsulan) => a.role === 'OPERATOR' && inInstansi(a, m);
const isVerifierOf = (a: Demo, m: ModelUsulan) => a.role === 'VERIFIER' && a.kanregId === m.kanregId;
const mayViewKp = (a: Demo, m: ModelUsulan) => a.role === 'ADMIN' || inInstansi(a, m) && (a.role === 'OPERATOR' || a.role === 'APPROVER')
  || (a.role === 'VERIFIER' || a.role === 'KANREG_HEAD') && a.kanregId === m.kanregId || a.role === 'BKN_HEAD' && m.route === 'KEPALA_BKN';
function maySignSk(a: Demo, m: ModelUsulan): boolean {
  const named = m.route === 'KEPALA_BKN' ? NAMED_SIGNER.BKN : NAMED_SIGNER[m.instansiId];
  const roleOk = m.route === 'KEPALA_BKN' ? a.role === 'BKN_HEAD' : a.role === 'APPROVER';
  return roleOk && mayViewKp(a, m) && (a.id === named || (DELEGATES[named] ?? []).includes(a.id));
}

interface Action {
  name: string;
  usulan: ModelUsulan;
  actor: Demo;
  /** The model's prediction. */
  accept: boolean;
  run: (c: ApiClient) => Promise<{ status: number; ok: boolean }>;
  /** The state after an accepted action. */
  apply: () => void;
}

const single = (r: { status: number; body: any }) => ({ status: r.status, ok: r.status === 200 && r.body?.ok !== false });
const bulk = (r: { status: number; body: any }) => ({ status: r.status === 200 && r.body?.items?.[0]?.ok === false ? r.body.items[0].httpStatus : r.status, ok: r.status === 200 && r.body?.berhasil === 1 });

const KINDS = ['approve', 'approve', 'return', 'reject', 'claim', 'ms', 'ms', 'bts', 'tms', 'resubmit', 'withdraw', 'sign', 'sign'] as const;
type Kind = (typeof KINDS)[number];

function actionOf(kind: Kind, m: ModelUsulan, a: Demo): Action {
  const url = `/api/v1/kp/usulan/${m.id}`;
  switch (kind) {
    case 'approve': case 'return': case 'reject': {
      const action = kind === 'approve' ? 'APPROVE' : kind === 'return' ? 'RETURN' : 'REJECT';
      const to = kind === 'approve' ? KpStatus.MENUNGGU_VERIFIKASI : kind === 'return' ? KpStatus.DIKEMBALIKAN_KE_OPERATOR : KpStatus.DITOLAK_INSTANSI;
      return {
        name: kind, usulan: m, actor: a, accept: isApproverOf(a, m) && m.status === KpStatus.MENUNGGU_PERSETUJUAN,
        run: async (c) => single(await c.post(`${url}/keputusan-instansi`, { action, catatan: 'Catatan uji model', passphrase: passphraseOf(a.username) })),
        apply: () => { m.status = to; },
      };
    }
    case 'claim':
      return {
        name: kind, usulan: m, actor: a, accept: isVerifierOf(a, m) && m.status === KpStatus.MENUNGGU_VERIFIKASI && (m.claimedBy === null || m.claimedBy === a.id),
        run: async (c) => single(await c.post(`${url}/klaim`, {})),
        apply: () => { m.claimedBy = a.id; },
      };
    case 'ms': case 'bts': case 'tms': {
      const action = kind.toUpperCase();
      const to = kind === 'ms' ? KpStatus.MENUNGGU_TTE_SK : kind === 'bts' ? KpStatus.BTS : KpStatus.TMS;
      return {
        name: kind, usulan: m, actor: a, accept: isVerifierOf(a, m) && m.status === KpStatus.MENUNGGU_VERIFIKASI && (m.claimedBy === null || m.claimedBy === a.id),
        run: async (c) => {
          const claim = await c.post(`${url}/klaim`, {});
          if (claim.status !== 200) return { status: claim.status, ok: false };
          return single(await c.post(`${url}/verifikasi`, { action, alasan: kind === 'ms' ? [] : [kind === 'bts' ? 'BTS-01' : 'TMS-01'], catatan: 'Catatan verifikasi uji model', passphrase: passphraseOf(a.username) }));
        },
        apply: () => { m.status = to; m.claimedBy = null; },
      };
    }
    case 'resubmit':
      return {
        name: kind, usulan: m, actor: a, accept: isOperatorOf(a, m) && (m.status === KpStatus.BTS || m.status === KpStatus.DIKEMBALIKAN_KE_OPERATOR),
        run: async (c) => single(await c.post(`${url}/ajukan-ulang`, { catatan: 'Sudah diperbaiki' })),
        apply: () => { m.status = m.status === KpStatus.BTS ? KpStatus.MENUNGGU_VERIFIKASI : KpStatus.MENUNGGU_PERSETUJUAN; },
      };
    case 'withdraw':
      return {
        name: kind, usulan: m, actor: a, accept: isOperatorOf(a, m) && (WITHDRAWABLE as readonly string[]).includes(m.status),
        run: async (c) => single(await c.post(`${url}/tarik`, { alasan: 'Ditarik dalam uji model' })),
        apply: () => { m.status = KpStatus.DITARIK; m.claimedBy = null; },
      };
    case 'sign':
      return {
        name: kind, usulan: m, actor: a, accept: maySignSk(a, m) && m.status === KpStatus.MENUNGGU_TTE_SK && !m.skRequested,
        run: async (c) => bulk(await c.post('/api/v1/kp/tte-sk', { ids: [m.id], passphrase: passphraseOf(a.username) })),
        apply: () => { m.skRequested = true; },
      };
  }
}

const TERMINAL: readonly Kind[] = ['reject', 'tms', 'withdraw'];

/**
 * Mostly an action the model accepts (terminal ones rarely, so runs get deep and reach signed decrees), otherwise any
 * action by anyone: every role, in and out of scope, in any state.
 */
function chooseAction(rng: ReturnType<typeof prng>, m: ModelUsulan): Action {
  if (rng.next() < 0.65) {
    const valid: Action[] = [];
    for (const kind of new Set(KINDS)) {
      for (const a of actors) {
        const act = actionOf(kind, m, a);
        if (act.accept) for (let w = TERMINAL.includes(kind) ? 1 : 6; w > 0; w--) valid.push(act);
      }
    }
    if (valid.length) return rng.pick(valid);
  }
  const actor = pickActor(rng, m);
  return actionOf(rng.pick(KINDS), m, actor);
}

/** An actor biased towards the ones who may act, so that runs get deep, while every role still gets its turn. */
function pickActor(rng: ReturnType<typeof prng>, m: ModelUsulan): Demo {
  const relevant = actors.filter((a) => isApproverOf(a, m) || isOperatorOf(a, m) || isVerifierOf(a, m) || maySignSk(a, m));
  return rng.next() < 0.7 && relevant.length ? rng.pick(relevant) : rng.pick(actors);
}

async function check(act: Action, got: { status: number; ok: boolean }, before: string) {
  const line = `${act.name} ${act.usulan.id} (${act.usulan.status}) by ${act.actor.username}: predicted ${act.accept ? 'accept' : 'refuse'}, got ${got.status}${got.ok ? ' ok' : ''}`;
  log.push(line);
  if (got.status >= 500) throw new Error(`5xx: ${line}`);
  if (act.accept !== got.ok) throw new Error(`model and engine disagree: ${line}`);
  if (!got.ok) {
    if (![400, 403, 404, 409, 422].includes(got.status)) throw new Error(`unexpected refusal status: ${line}`);
    const after = (await dbStatus(act.usulan.id)).status;
    if (after !== before) throw new Error(`a refused action changed the state ${before} → ${after}: ${line}`);
  }
}

async function settleDraft(m: ModelUsulan) {
  if (m.status === KpStatus.MENUNGGU_TTE_SK) await eventually(async () => (await dbStatus(m.id)).sk_draft_sha256, 60_000);
}

describe(`model-based run (MODEL_SEED=${SEED}, ${STEPS} steps)`, () => {
  it('every action is accepted exactly when the model says so, refusals change nothing, concurrent pairs have one winner, and the invariants hold after the run', async () => {
    const rng = prng(SEED);
    try {
      for (let step = 0; step < STEPS; step++) {
        const open = [...model.values()].filter((m) => !['SELESAI', 'DITARIK', 'TMS', 'DITOLAK_INSTANSI'].includes(m.status) && !m.skRequested);
        if (open.length === 0) break;
        const m = rng.pick(open);
        if (rng.next() < 0.15) {
          // Two actors race for the same step: at most one may win, and exactly one when both are allowed.
          const a1 = pickActor(rng, m);
          const a2 = pickActor(rng, m);
          const kind = rng.pick(KINDS);
          const act1 = actionOf(kind, m, a1);
          const same = actionOf(kind, m, a2);
          const before = (await dbStatus(m.id)).status;
          const [c1, c2] = await Promise.all([as(a1.username), as(a2.username)]);
          const [r1, r2] = await Promise.all([act1.run(c1), same.run(c2)]);
          log.push(`race ${act1.name} ${m.id} (${m.status}) by ${a1.username} → ${r1.status}, ${a2.username} → ${r2.status}`);
          if (r1.status >= 500 || r2.status >= 500) throw new Error(`5xx in a race: ${log.at(-1)}`);
          const wins = [r1.ok, r2.ok].filter(Boolean).length;
          const allowed = [act1.accept, same.accept].filter(Boolean).length;
          if (wins > 1 && act1.name !== 'claim') throw new Error(`two winners: ${log.at(-1)}`);
          if (allowed > 0 && wins === 0 && act1.name !== 'ms' && act1.name !== 'bts' && act1.name !== 'tms') throw new Error(`nobody won although allowed: ${log.at(-1)}`);
          if (wins === 0 && (await dbStatus(m.id)).status !== before) throw new Error(`a refused race changed the state: ${log.at(-1)}`);
          if (r1.ok) act1.apply();
          else if (r2.ok) same.apply();
          // A race of verifiers may leave a claim with either; the model reads it back.
          const claimed = await engine.db.selectFrom('usulan_kp').select('claimed_by').where('id', '=', m.id).executeTakeFirstOrThrow();
          m.claimedBy = claimed.claimed_by;
          m.status = (await dbStatus(m.id)).status as KpStatus;
          await settleDraft(m);
          continue;
        }
        const act = chooseAction(rng, m);
        const before = (await dbStatus(m.id)).status;
        const got = await act.run(await as(act.actor.username));
        await check(act, got, before);
        if (got.ok) act.apply();
        await settleDraft(m);
      }
      // Drain: every usulan still open goes down the happy path (resubmit, approve, MS, SK by its named signer), so every
      // run ends with decrees of both signers to check, whatever the random part left.
      for (const m of model.values()) {
        for (let i = 0; i < 8 && !['SELESAI', 'DITARIK', 'TMS', 'DITOLAK_INSTANSI'].includes(m.status) && !m.skRequested; i++) {
          const act = (['resubmit', 'approve', 'ms', 'sign'] as const).flatMap((k) => actors.map((a) => actionOf(k, m, a))).find((x) => x.accept);
          if (!act) break;
          const before = (await dbStatus(m.id)).status;
          const got = await act.run(await as(act.actor.username));
          await check(act, got, before);
          act.apply();
          await settleDraft(m);
        }
      }
      // Finish the SKs asked for, then the invariants over everything the run made.
      for (const m of model.values()) {
        if (m.skRequested) {
          await eventually(async () => (await dbStatus(m.id)).status === KpStatus.SELESAI, 60_000);
          m.status = KpStatus.SELESAI;
        }
      }
      await expectInvariants();
      await expectConsistent(engine);
      const accepted = log.filter((l) => / ok$|→ 200/.test(l)).length;
      const finals = [...model.values()].map((m) => m.status);
      // The run must go deep: decisions accepted, decrees signed, and refusals of every kind.
      process.stdout.write(`model run MODEL_SEED=${SEED}: ${log.length} actions, ${accepted} accepted, statuses ${JSON.stringify(finals)}\n`);
      expect(accepted).toBeGreaterThan(STEPS / 4);
      expect(finals).toContain('SELESAI');
      expect(log.length - accepted).toBeGreaterThan(10);
    } catch (err) {
      throw new Error(`MODEL_SEED=${SEED} failed: ${(err as Error).message}\nlast actions:\n${log.slice(-15).join('\n')}`);
    }
  });
});

async function expectInvariants() {
  for (const m of model.values()) {
    const u = await engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    const wf = await engine.temporal.workflow.getHandle(m.id).query<{ status: string }>('state');
    if (wf.status !== u.status) throw new Error(`${m.id}: read model ${u.status}, workflow ${wf.status}`);
    const docs = await engine.db.selectFrom('document').selectAll().where('usulan_id', '=', m.id).execute();
    const standing = docs.filter((d) => d.status === 'BERLAKU');
    const approvals = await engine.db.selectFrom('usulan_event').select('data').where('usulan_id', '=', m.id).where('jenis', '=', 'DISETUJUI_INSTANSI').execute();
    const statements = standing.filter((d) => d.kind === 'PENGANTAR');
    if (statements.length !== approvals.length) throw new Error(`${m.id}: ${statements.length} standing approval statements for ${approvals.length} approvals`);
    for (const s of statements) {
      if (!approvals.some((a) => (a.data as { documentId?: string } | null)?.documentId === s.id)) throw new Error(`${m.id}: statement ${s.id} belongs to no accepted approval`);
    }
    if (docs.some((d) => d.status === 'MENUNGGU')) throw new Error(`${m.id}: a signature still pending after the run`);
    const sks = standing.filter((d) => d.kind === 'SK');
    const golongan = await engine.db.selectFrom('employee_golongan_history').select('id').where('usulan_id', '=', m.id).execute();
    if (u.status === 'SELESAI') {
      if (sks.length !== 1 || sks[0].id !== u.sk_document_id || golongan.length !== 1) throw new Error(`${m.id}: SELESAI with ${sks.length} SK, ${golongan.length} golongan rows`);
      const named = m.route === 'KEPALA_BKN' ? NAMED_SIGNER.BKN : NAMED_SIGNER[m.instansiId];
      const sk = sks[0];
      if (sk.signed_by_user_id !== named && !(DELEGATES[named] ?? []).includes(sk.signed_by_user_id ?? '')) throw new Error(`${m.id}: SK signed by ${sk.signed_by_user_id}, named ${named}`);
      const signer = DEMO_USERS.find((x) => x.id === sk.signed_by_user_id)!;
      const v = await verifyPdf(await engine.blobs.get(sk.sha256), { trustedRootsPem: [] });
      if (v.signatures.at(-1)?.signerNip !== signer.nip || sk.printed_nip !== signer.nip) throw new Error(`${m.id}: the certificate or the print is not the signer's`);
    } else if (sks.length || golongan.length) {
      throw new Error(`${m.id}: ${u.status} but has ${sks.length} SK and ${golongan.length} golongan rows`);
    }
  }
  const numbers = await engine.db.selectFrom('number_assignment').selectAll().execute();
  const keys = new Set(numbers.map((n) => `${n.issuer}|${n.series}|${n.year}|${n.nomor}`));
  if (keys.size !== numbers.length) throw new Error('a decree number repeats within its office, series and year');
}
