/**
 * Calendar arithmetic on ISO dates ('YYYY-MM-DD') with integers only: workflow code imports domain/, and a Temporal
 * workflow must not read the clock or depend on the host's time zone, so nothing here touches `Date`.
 */

export type IsoDate = string;

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** Parses 'YYYY-MM-DD'; null when the text is not a real calendar date. */
export function parseIsoDate(iso: unknown): Ymd | null {
  if (typeof iso !== 'string') return null;
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(iso: unknown): iso is IsoDate {
  return parseIsoDate(iso) !== null;
}

/** Like parseIsoDate but throws: for callers whose input was validated already, so a bad date is a programming error. */
export function toYmd(iso: IsoDate): Ymd {
  const ymd = parseIsoDate(iso);
  if (!ymd) throw new RangeError(`not a real ISO date: ${JSON.stringify(iso)}`);
  return ymd;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  if (!isRealDate(year, month, day)) throw new RangeError(`not a real date: ${year}-${month}-${day}`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** 'YYYY-MM' → { year, month }; null when not a real year-month. */
export function parseYearMonth(ym: unknown): { year: number; month: number } | null {
  if (typeof ym !== 'string') return null;
  const m = YEAR_MONTH.exec(ym);
  if (!m) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  return year >= 1 && month >= 1 && month <= 12 ? { year, month } : null;
}

export function formatYearMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

export function compareIso(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds calendar months; the day is clamped to the target month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const { year, month, day } = toYmd(iso);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
export function toDayNumber(iso: IsoDate): number {
  const { year, month, day } = toYmd(iso);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return formatIsoDate(era * 400 + yoe + (month <= 2 ? 1 : 0), month, day);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(iso) + days);
}

/**
 * Whole months from `from` to `to` (0 when `to` is earlier). A month counts once its anniversary day is reached,
 * using the same clamping as addMonths, so 31 Jan → 29 Feb 2024 is one full month.
 */
export function fullMonthsBetween(from: IsoDate, to: IsoDate): number {
  if (compareIso(to, from) <= 0) return 0;
  const a = toYmd(from);
  const b = toYmd(to);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  while (months > 0 && compareIso(addMonths(from, months), to) > 0) months -= 1;
  return months;
}

export interface YearsMonths {
  years: number;
  months: number;
}

export function fullYearsMonthsBetween(from: IsoDate, to: IsoDate): YearsMonths {
  const total = fullMonthsBetween(from, to);
  return { years: Math.floor(total / 12), months: total % 12 };
}

export function formatYearsMonths({ years, months }: YearsMonths): string {
  return `${years} tahun ${months} bulan`;
}

/** First day of the month containing `iso`. */
export function startOfMonth(iso: IsoDate): IsoDate {
  const { year, month } = toYmd(iso);
  return formatIsoDate(year, month, 1);
}

export const MONTH_NAMES_ID = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
] as const;

/** '1 Februari 2026', the way SKs and user messages write dates. */
export function formatDateId(iso: IsoDate): string {
  const { year, month, day } = toYmd(iso);
  return `${day} ${MONTH_NAMES_ID[month - 1]} ${year}`;
}
