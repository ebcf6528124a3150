import { addMonths, compareIso, formatIsoDate, MONTH_NAMES_ID, parseIsoDate, startOfMonth, toYmd, type IsoDate } from './dates';
import { REGULATION } from './regulations';

/**
 * KP periods (TMT dates) and the instansi's submission window for each, as data: the next regulation is a new row.
 * Anumerta and pengabdian are outside periods (see kp-types.ts).
 */

/** For period month M the window opens on `openDay` of M−openMonthsBefore and closes on `closeDay` of M−closeMonthsBefore. */
export interface SubmissionWindowRule {
  openMonthsBefore: number;
  openDay: number;
  closeMonthsBefore: number;
  closeDay: number;
}

export interface PeriodRegime {
  id: string;
  /** First date the regime governs; it runs until the next regime's validFrom. */
  validFrom: IsoDate;
  /** Months (1..12) whose 1st is a period date. */
  months: readonly number[];
  regulation: string;
  window: SubmissionWindowRule;
}

export const DEFAULT_SUBMISSION_WINDOW: SubmissionWindowRule = Object.freeze({
  openMonthsBefore: 2,
  openDay: 16,
  closeMonthsBefore: 1,
  closeDay: 15,
});

export const PERIOD_REGIMES: readonly PeriodRegime[] = Object.freeze([
  {
    id: 'APRIL_OKTOBER',
    validFrom: '1900-01-01',
    months: [4, 10],
    regulation: REGULATION.PERIODE_2_KALI,
    window: DEFAULT_SUBMISSION_WINDOW,
  },
  {
    // Signed July 2023, in force from 1 January 2024: the first period under it is 1 February 2024.
    id: 'ENAM_KALI_SETAHUN',
    validFrom: '2024-01-01',
    months: [2, 4, 6, 8, 10, 12],
    regulation: REGULATION.PERIODE_6_KALI,
    window: DEFAULT_SUBMISSION_WINDOW,
  },
  {
    id: 'SETIAP_BULAN',
    validFrom: '2025-10-01',
    months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    regulation: REGULATION.PERIODE_BULANAN,
    window: DEFAULT_SUBMISSION_WINDOW,
  },
]);

export function regimeFor(date: IsoDate, regimes: readonly PeriodRegime[] = PERIOD_REGIMES): PeriodRegime | null {
  let found: PeriodRegime | null = null;
  for (const r of [...regimes].sort((a, b) => compareIso(a.validFrom, b.validFrom))) {
    if (compareIso(r.validFrom, date) <= 0) found = r;
  }
  return found;
}

export type PeriodCheck = { ok: true; regime: PeriodRegime } | { ok: false; reason: string };

export function isValidPeriod(periodDate: unknown, regimes: readonly PeriodRegime[] = PERIOD_REGIMES): PeriodCheck {
  const ymd = parseIsoDate(periodDate);
  if (!ymd) return { ok: false, reason: `tanggal periode tidak valid: ${String(periodDate)} (format YYYY-MM-DD)` };
  if (ymd.day !== 1) return { ok: false, reason: 'periode kenaikan pangkat selalu tanggal 1' };
  const regime = regimeFor(periodDate as IsoDate, regimes);
  if (!regime) return { ok: false, reason: `tidak ada ketentuan periode untuk ${String(periodDate)}` };
  if (!regime.months.includes(ymd.month)) {
    const list = regime.months.map((m) => MONTH_NAMES_ID[m - 1]).join(', ');
    return {
      ok: false,
      reason: `${MONTH_NAMES_ID[ymd.month - 1]} ${ymd.year} bukan periode kenaikan pangkat menurut ${regime.regulation} (periode: ${list})`,
    };
  }
  return { ok: true, regime };
}

/** Period dates d with from ≤ d ≤ to, in order. */
export function periodsBetween(from: IsoDate, to: IsoDate, regimes: readonly PeriodRegime[] = PERIOD_REGIMES): IsoDate[] {
  const out: IsoDate[] = [];
  let candidate = startOfMonth(from);
  if (compareIso(candidate, from) < 0) candidate = addMonths(candidate, 1);
  while (compareIso(candidate, to) <= 0) {
    if (isValidPeriod(candidate, regimes).ok) out.push(candidate);
    candidate = addMonths(candidate, 1);
  }
  return out;
}

/** The first period on or after `date`; null if none within `horizonMonths`. */
export function nextPeriodOnOrAfter(
  date: IsoDate, regimes: readonly PeriodRegime[] = PERIOD_REGIMES, horizonMonths = 60,
): IsoDate | null {
  return periodsBetween(date, addMonths(date, horizonMonths), regimes)[0] ?? null;
}

export interface SubmissionWindow {
  periodDate: IsoDate;
  /** Inclusive. */
  opens: IsoDate;
  /** Inclusive. */
  closes: IsoDate;
  regulation: string;
}

export function submissionWindow(periodDate: IsoDate, regimes: readonly PeriodRegime[] = PERIOD_REGIMES): SubmissionWindow {
  const check = isValidPeriod(periodDate, regimes);
  if (!check.ok) throw new RangeError(check.reason);
  const w = check.regime.window;
  const at = (monthsBefore: number, day: number): IsoDate => {
    const { year, month } = toYmd(addMonths(periodDate, -monthsBefore));
    return formatIsoDate(year, month, day);
  };
  return {
    periodDate,
    opens: at(w.openMonthsBefore, w.openDay),
    closes: at(w.closeMonthsBefore, w.closeDay),
    regulation: check.regime.regulation,
  };
}

/** False for a date that is not a period, so callers can ask without validating first. */
export function isInWindow(periodDate: IsoDate, today: IsoDate, regimes: readonly PeriodRegime[] = PERIOD_REGIMES): boolean {
  if (!isValidPeriod(periodDate, regimes).ok) return false;
  const w = submissionWindow(periodDate, regimes);
  return compareIso(w.opens, today) <= 0 && compareIso(today, w.closes) <= 0;
}

/** Periods whose submission window contains `today`, earliest first. */
export function currentOpenPeriods(
  today: IsoDate, regimes: readonly PeriodRegime[] = PERIOD_REGIMES, horizonMonths = 12,
): IsoDate[] {
  return periodsBetween(today, addMonths(today, horizonMonths), regimes).filter((p) => isInWindow(p, today, regimes));
}
