import { fullMonthsBetween, compareIso, type IsoDate } from './dates';
import { bandsCrossed, GOLONGAN_LADDER, golongan, golonganByCode, type GolonganBand } from './golongan';
import { REGULATION } from './regulations';

export interface SalaryRow {
  mkgTahun: number;
  gajiPokok: number;
}

/** Basic salary rows per golongan code ('III/b'), sorted by MKG. Loaded from data, never written in code. */
export interface SalaryTable {
  regulation: string;
  byGolongan: Readonly<Record<string, readonly SalaryRow[]>>;
}

const HEADER = ['golongan', 'mkg_tahun', 'gaji_pokok'] as const;

/**
 * Parses the CSV of `data/` (golongan,mkg_tahun,gaji_pokok). Strict, because a mistyped row would put a wrong
 * salary on an SK: every golongan must be present, numbers must be whole and positive, no duplicates.
 */
export function parseSalaryCsv(text: string, regulation: string = REGULATION.GAJI): SalaryTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (!header || HEADER.some((h, i) => header[i] !== h) || header.length !== HEADER.length) {
    throw new Error(`salary CSV: header must be ${HEADER.join(',')}`);
  }
  const rows: Record<string, SalaryRow[]> = {};
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `salary CSV line ${i + 2}`;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== 3) throw new Error(`${where}: expected 3 columns`);
    const g = golonganByCode(cells[0]);
    if (!g) throw new Error(`${where}: unknown golongan ${JSON.stringify(cells[0])}`);
    if (!/^\d+$/.test(cells[1]) || !/^[1-9]\d*$/.test(cells[2])) throw new Error(`${where}: MKG and salary must be whole numbers`);
    const list = (rows[g.code] ??= []);
    const mkgTahun = Number(cells[1]);
    if (list.some((r) => r.mkgTahun === mkgTahun)) throw new Error(`${where}: duplicate row for ${g.code} MKG ${mkgTahun}`);
    list.push({ mkgTahun, gajiPokok: Number(cells[2]) });
  });
  const missing = GOLONGAN_LADDER.filter((g) => !rows[g.code]);
  if (missing.length > 0) throw new Error(`salary CSV: no rows for ${missing.map((g) => g.code).join(', ')}`);
  for (const list of Object.values(rows)) list.sort((a, b) => a.mkgTahun - b.mkgTahun);
  return { regulation, byGolongan: rows };
}

/**
 * The row with the highest MKG at or below `mkgTahun` (months ignored); above the last row the last row, below the
 * first row the first row (a new golongan's column can start above 0, e.g. I/b at 3).
 */
export function salaryFor(table: SalaryTable, golonganCodeOrId: string | number, mkgTahun: number): number {
  const g = typeof golonganCodeOrId === 'number' ? golongan(golonganCodeOrId) : golonganByCode(golonganCodeOrId);
  if (!g) throw new RangeError(`unknown golongan: ${String(golonganCodeOrId)}`);
  const rows = table.byGolongan[g.code];
  if (!rows || rows.length === 0) throw new RangeError(`salary table has no rows for ${g.code}`);
  let hit = rows[0];
  for (const r of rows) if (r.mkgTahun <= mkgTahun) hit = r;
  return hit.gajiPokok;
}

/** Years of MKG dropped when a promotion crosses into a band (PP 7/1977 jo. PP 5/2024). */
export const MKG_REDUCTION_ON_ENTERING: Readonly<Record<GolonganBand, number>> = Object.freeze({ I: 0, II: 6, III: 5, IV: 0 });

export interface MkgOnPromotionInput {
  fromGolonganId: number;
  toGolonganId: number;
  mkgTahun: number;
  mkgBulan: number;
  /** The date the given MKG is valid on (the TMT of the current golongan). */
  asOf: IsoDate;
  newTmt: IsoDate;
}

export interface Mkg {
  tahun: number;
  bulan: number;
}

/**
 * MKG on the new TMT: the old MKG grown by the whole months since `asOf`, less the reduction of every band entered
 * (I→III drops 6 + 5 years), never below zero.
 */
export function mkgOnPromotion(input: MkgOnPromotionInput): Mkg & { reducedYears: number; regulation: string } {
  if (compareIso(input.newTmt, input.asOf) < 0) throw new RangeError(`newTmt ${input.newTmt} is before asOf ${input.asOf}`);
  if (input.mkgTahun < 0 || input.mkgBulan < 0 || input.mkgBulan > 11) throw new RangeError('MKG out of range');
  const reducedYears = bandsCrossed(input.fromGolonganId, input.toGolonganId)
    .reduce((sum, c) => sum + MKG_REDUCTION_ON_ENTERING[c.to], 0);
  const months = input.mkgTahun * 12 + input.mkgBulan + fullMonthsBetween(input.asOf, input.newTmt) - reducedYears * 12;
  const total = Math.max(0, months);
  return { tahun: Math.floor(total / 12), bulan: total % 12, reducedYears, regulation: REGULATION.GAJI };
}

export interface SalaryOnPromotion {
  /** MKG and salary in the old golongan, grown to the new TMT. */
  old: Mkg & { gajiPokok: number };
  new: Mkg & { gajiPokok: number };
  regulation: string;
}

/** The figures an SK KP states: old and new MKG with their basic salaries. */
export function salaryOnPromotion(table: SalaryTable, input: MkgOnPromotionInput): SalaryOnPromotion {
  const old = mkgOnPromotion({ ...input, toGolonganId: input.fromGolonganId });
  const next = mkgOnPromotion(input);
  return {
    old: { tahun: old.tahun, bulan: old.bulan, gajiPokok: salaryFor(table, input.fromGolonganId, old.tahun) },
    new: { tahun: next.tahun, bulan: next.bulan, gajiPokok: salaryFor(table, input.toGolonganId, next.tahun) },
    regulation: table.regulation,
  };
}
