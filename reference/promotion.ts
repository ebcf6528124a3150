import { mkgOnPromotion, salaryOnPromotion, type SalaryOnPromotion } from '../domain/salary';
import { loadSalaryTable } from './salary-table';

export interface PromotionFacts {
  fromGolonganId: number;
  toGolonganId: number;
  mkgTahun: number;
  mkgBulan: number;
  /** Date the stored MKG was valid at (the current golongan's TMT). */
  asOf: string;
  /** TMT of the new golongan: the period date. */
  newTmt: string;
}

export function computePromotionMkg(f: PromotionFacts): { tahun: number; bulan: number } {
  const m = mkgOnPromotion(f);
  return { tahun: m.tahun, bulan: m.bulan };
}

let table: ReturnType<typeof loadSalaryTable> | undefined;

/** Old and new MKG and basic salary as the SK states them (PP 5/2024 table, loaded once per process). */
export function computePromotionSalary(f: PromotionFacts): SalaryOnPromotion {
  table ??= loadSalaryTable();
  return salaryOnPromotion(table, f);
}
