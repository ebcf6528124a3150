import { createHash } from 'node:crypto';
import { base32Encode } from '../../identity/totp';
import type { Role } from '../types';
import { addMonths, formatIsoDate } from '../../domain/dates';
import { buildNip } from '../../domain/nip';
import { demoPlan, employeeDisplayName, type EmployeePlan } from './employees';
import { makePerson } from './names';
import { DEMO_INSTANSI, DEMO_KANREG } from './organisations';
import { createRng, DEMO_SEED } from './prng';

/** Every demo user's password, except the administrator's. Documented in db/seed/README.md. */
export const DEMO_PASSWORD = 'Demo#2026';
export const ADMIN_PASSWORD = 'Admin#2026';
/** The passphrase of every demo signer's key in the stand-in PKI (as the national TTE asks for one per signature). */
export const DEMO_TTE_PASSPHRASE = 'TTE#2026';
export const DEMO_EMAIL_DOMAIN = 'demo.usulan.go.id';

export interface DemoUser {
  id: string;
  username: string;
  nama: string;
  nip: string | null;
  jabatan: string;
  role: Role;
  instansiId: string | null;
  kanregId: string | null;
  superiorUsername: string | null;
  email: string;
  password: string;
  /** Base32 (RFC 4648, no padding); null for roles that sign in without a second factor. */
  totpSecret: string | null;
  signerId: string | null;
}

export interface DemoSigner {
  signerId: string;
  username: string;
  nama: string;
  nip: string;
  jabatan: string;
  passphrase: string;
}

/** 160-bit TOTP secret derived from the username, so the README can print it: demo only, never for real users. */
export function demoTotpSecret(username: string): string {
  return base32Encode(createHash('sha256').update(`usulan-demo-totp/${username}`).digest().subarray(0, 20));
}

/** The Plt delegation the seed creates: Sleman's approver is away, the Sekretaris BKPSDM acts for him. */
export const DEMO_DELEGATION = {
  instansiId: 'I-3404',
  fromUsername: 'pyb.sleman',
  toUsername: 'plt.sleman',
  jenis: 'PLT' as const,
  /** Days before and after the seed's reference date. */
  daysBefore: 30,
  daysAfter: 30,
};

/** Demo cases whose employees get a login (username = NIP) for the self-service pages. */
export const EMPLOYEE_LOGIN_CASES = [
  'REGULER_MEMENUHI_SYARAT', 'REGULER_MEMENUHI_SYARAT_SLEMAN', 'REGULER_MEMENUHI_SYARAT_SIDOARJO', 'MASA_KERJA_PANGKAT_KURANG',
  'HUKUMAN_DISIPLIN', 'PPPK_TIDAK_BERHAK_KP', 'JF_MEMENUHI_SYARAT', 'PENYESUAIAN_IJAZAH_MEMENUHI_SYARAT',
  'TANGGAL_LAHIR_BEDA_DENGAN_NIP', 'BERKAS_KURANG_SKP',
] as const;

interface Official {
  nama: string;
  nip: string;
}

/** BKN and Kanreg officials are not employees of the demo instansi, but sign with a NIP all the same. */
function bknOfficial(label: string, taken: Set<string>): Official {
  const rng = createRng(DEMO_SEED).fork(`bkn/${label}`);
  const gender = rng.chance(0.4) ? 'P' : 'L';
  const person = makePerson(rng, 'I-3300', gender, ['Jakarta', 'Yogyakarta', 'Surabaya'], taken);
  const birth = formatIsoDate(rng.int(1968, 1982), rng.int(1, 12), rng.int(1, 28));
  const tmt = addMonths(birth, 12 * rng.int(23, 28)).slice(0, 7);
  const gelar = rng.pick(['S.H., M.Si.', 'S.Sos., M.A.P.', 'S.E., M.M.', 'S.Psi., M.Si.', 'S.Kom., M.T.', 'S.I.P., M.Si.']);
  return { nama: `${person.nama}, ${gelar}`, nip: buildNip(birth, tmt, gender, rng.int(1, 9)) };
}

const email = (username: string): string => `${username}@${DEMO_EMAIL_DOMAIN}`;

function buildUsers(): DemoUser[] {
  const plan = demoPlan();
  const taken = new Set(plan.employees.map((e) => e.nama));
  const users: DemoUser[] = [];
  const add = (u: Omit<DemoUser, 'id' | 'email' | 'password' | 'totpSecret' | 'signerId'> & { email?: string; signs?: boolean; totp?: boolean }): void => {
    const { signs, totp, ...rest } = u;
    users.push({
      ...rest,
      id: `usr-${u.username}`,
      email: u.email ?? email(u.username),
      password: u.role === 'ADMIN' ? ADMIN_PASSWORD : DEMO_PASSWORD,
      totpSecret: totp ? demoTotpSecret(u.username) : null,
      signerId: signs ? `signer-${u.username}` : null,
    });
  };
  const fromEmployee = (e: EmployeePlan): Pick<DemoUser, 'nama' | 'nip' | 'jabatan'> =>
    ({ nama: employeeDisplayName(e), nip: e.nip, jabatan: e.jabatanNama });

  add({ username: 'admin', nama: 'Administrator Sistem', nip: null, jabatan: 'Administrator Sistem usulan', role: 'ADMIN',
    instansiId: null, kanregId: null, superiorUsername: null });

  const bknHead = bknOfficial('kepala', taken);
  add({ username: 'kepala.bkn', ...bknHead, jabatan: 'Kepala Badan Kepegawaian Negara', role: 'BKN_HEAD', instansiId: null,
    kanregId: null, superiorUsername: null, signs: true, totp: true });

  for (const k of DEMO_KANREG) {
    const n = k.id.toLowerCase();
    const roman = k.id === 'KR01' ? 'I' : 'II';
    const head = bknOfficial(`${k.id}/kepala`, taken);
    add({ username: `kakanreg.${n}`, ...head, jabatan: `Kepala ${k.nama}`, role: 'KANREG_HEAD', instansiId: null,
      kanregId: k.id, superiorUsername: 'kepala.bkn', signs: true, totp: true });
    for (const i of [1, 2]) {
      const v = bknOfficial(`${k.id}/verifikator/${i}`, taken);
      add({ username: `verif${i}.${n}`, ...v,
        jabatan: `Analis Sumber Daya Manusia Aparatur Ahli ${i === 1 ? 'Madya' : 'Muda'}, Bidang Mutasi dan Status Kepegawaian, Kantor Regional ${roman} BKN`,
        role: 'VERIFIER', instansiId: null, kanregId: k.id, superiorUsername: `kakanreg.${n}`, signs: true, totp: true });
    }
  }

  for (const inst of DEMO_INSTANSI) {
    const o = plan.officials[inst.id];
    const s = inst.slug;
    add({ username: `pyb.${s}`, ...fromEmployee(o.approver), role: 'APPROVER', instansiId: inst.id, kanregId: inst.kanregId,
      superiorUsername: `sekda.${s}`, signs: true, totp: true });
    add({ username: `plt.${s}`, ...fromEmployee(o.plt), role: 'APPROVER', instansiId: inst.id, kanregId: inst.kanregId,
      superiorUsername: `sekda.${s}`, signs: true, totp: true });
    // The approver's superior, for escalation after the deadline; an approver of the instansi as well.
    add({ username: `sekda.${s}`, ...fromEmployee(o.superior), role: 'APPROVER', instansiId: inst.id, kanregId: inst.kanregId,
      superiorUsername: null, signs: true, totp: true });
    o.operators.forEach((op, i) => {
      const username = o.operators.length > 1 ? `op.${s}${i + 1}` : `op.${s}`;
      add({ username, ...fromEmployee(op), role: 'OPERATOR', instansiId: inst.id, kanregId: inst.kanregId, superiorUsername: `pyb.${s}` });
    });
  }

  for (const key of EMPLOYEE_LOGIN_CASES) {
    const c = plan.cases.find((x) => x.key === key);
    const e = c && plan.employees.find((x) => x.nip === c.nip);
    if (!e) throw new Error(`demo case ${key} missing`);
    add({ username: e.nip, ...fromEmployee(e), role: 'EMPLOYEE', instansiId: e.instansiId,
      kanregId: DEMO_INSTANSI.find((i) => i.id === e.instansiId)!.kanregId, superiorUsername: null, email: e.email });
  }
  return users;
}

export const DEMO_USERS: readonly DemoUser[] = buildUsers();

/** Officials to enrol in the stand-in PKI at first start, each with DEMO_TTE_PASSPHRASE. */
export const DEMO_SIGNERS: readonly DemoSigner[] = DEMO_USERS
  .filter((u): u is DemoUser & { signerId: string; nip: string } => u.signerId !== null && u.nip !== null)
  .map((u) => ({ signerId: u.signerId, username: u.username, nama: u.nama, nip: u.nip, jabatan: u.jabatan, passphrase: DEMO_TTE_PASSPHRASE }));
