import type { Db } from '../../db';
import { loadEmployeeFacts } from '../../db/repos/employee-facts';
import { describeMissing, kpChecklist, missingDocuments } from '../../domain/documents';
import { checkKpEligibility, type EligibilityResult } from '../../domain/eligibility';
import type { EmployeeFacts } from '../../domain/types';
import { crossesBand } from '../../domain/golongan';
import type { KpRuleVersion } from '../../domain/kp-rule-versions';
import type { KpTypeCode } from '../../domain/kp-types';

/**
 * Whether an employee can be proposed for a KP type and period now: eligible by the rule version in force, every
 * mandatory berkas present, and no usulan of theirs open for the period. One judgment for the collective submission
 * (which holds back whoever fails it) and for the operator's list (which shows why before anyone is selected), so the
 * list never offers someone the submission will hold back.
 */
export interface KpReadiness {
  /** What the judgment read; null when the employee's data is too incomplete to judge. */
  facts: EmployeeFacts | null;
  eligibility: EligibilityResult | null;
  /** Sentences naming each missing mandatory document ("SKP 2 tahun terakhir belum diunggah (ada 1 dari 2)"). */
  missingBerkas: string[];
  openUsulanId: string | null;
  ready: boolean;
}

export async function judgeKpReadiness(db: Db, nips: readonly string[], on: { jenis: KpTypeCode; periode: string; ruleVersion: KpRuleVersion }): Promise<Map<string, KpReadiness>> {
  const out = new Map<string, KpReadiness>();
  if (nips.length === 0) return out;
  const list = [...nips];
  const [facts, docs, histories, open] = await Promise.all([
    loadEmployeeFacts(db, list),
    db.selectFrom('document').select(['owner_nip', 'doc_code']).where('owner_nip', 'in', list).where('kind', '=', 'BERKAS').where('status', '=', 'BERLAKU').execute(),
    db.selectFrom('employee_golongan_history').select(['nip']).select((eb) => eb.fn.countAll<string>().as('n')).where('nip', 'in', list).groupBy('nip').execute(),
    db.selectFrom('usulan_kp').select(['nip', 'id']).where('nip', 'in', list).where('periode', '=', on.periode).where('is_open', '=', true).execute(),
  ]);
  const docsByNip = new Map<string, string[]>();
  for (const d of docs) if (d.owner_nip && d.doc_code) docsByNip.set(d.owner_nip, [...(docsByNip.get(d.owner_nip) ?? []), d.doc_code]);
  const historyByNip = new Map(histories.map((h) => [h.nip, Number(h.n)]));
  const openByNip = new Map(open.map((o) => [o.nip, o.id]));
  for (const nip of list) {
    const f = facts.get(nip);
    const eligibility = f ? checkKpEligibility(f, on.jenis, on.periode, { ruleVersion: on.ruleVersion }) : null;
    let missingBerkas: string[] = [];
    if (f && eligibility && eligibility.targetGolonganId !== null) {
      const checklist = kpChecklist(on.jenis, {
        crossesBand: crossesBand(f.golonganId, eligibility.targetGolonganId), firstKp: (historyByNip.get(nip) ?? 0) <= 1,
        stludRequired: eligibility.stludRequired, version: on.ruleVersion,
      });
      missingBerkas = describeMissing(missingDocuments(checklist, docsByNip.get(nip) ?? []));
    }
    const openUsulanId = openByNip.get(nip) ?? null;
    const ready = !!eligibility && eligibility.eligible && eligibility.targetGolonganId !== null && missingBerkas.length === 0 && !openUsulanId;
    out.set(nip, { facts: f ?? null, eligibility, missingBerkas, openUsulanId, ready });
  }
  return out;
}
