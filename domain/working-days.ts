import { addDays, compareIso, type IsoDate } from './dates';
import { OFFICE_ZONES, todayIn, type OfficeZone } from './office-clock';

/**
 * Hari kerja: Monday to Friday, less national holidays and cuti bersama. Both are published yearly by a joint decree
 * of three ministers (SKB 3 Menteri), so they are data: a new year is a new entry, never code. A year with no entry
 * counts weekends only, and `calendarCovers` lets the caller warn about it.
 */
export interface NonWorkingDay {
  date: IsoDate;
  kind: 'LIBUR_NASIONAL' | 'CUTI_BERSAMA';
  name: string;
}

export interface HolidayYear {
  year: number;
  source: string;
  days: readonly NonWorkingDay[];
  /**
   * Only the days known before the year's SKB is loaded (fixed-date holidays, and the Easter dates, which follow from
   * the calendar): the lunar and lunisolar holidays and every cuti bersama are still missing, so `calendarCovers`
   * stays false and the SKB replaces the entry when it is loaded.
   */
  provisional?: boolean;
}

const libur = (date: IsoDate, name: string): NonWorkingDay => ({ date, kind: 'LIBUR_NASIONAL', name });
const cuti = (date: IsoDate, name: string): NonWorkingDay => ({ date, kind: 'CUTI_BERSAMA', name });

export const HOLIDAY_CALENDAR: readonly HolidayYear[] = Object.freeze([
  {
    year: 2025,
    source: 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB tentang Hari Libur Nasional dan Cuti Bersama Tahun 2025',
    days: [
      libur('2025-01-01', 'Tahun Baru Masehi'), libur('2025-01-27', 'Isra Mikraj'), cuti('2025-01-28', 'Cuti bersama Tahun Baru Imlek'),
      libur('2025-01-29', 'Tahun Baru Imlek'), cuti('2025-03-28', 'Cuti bersama Nyepi'), libur('2025-03-29', 'Hari Suci Nyepi'),
      libur('2025-03-31', 'Idulfitri'), libur('2025-04-01', 'Idulfitri'), cuti('2025-04-02', 'Cuti bersama Idulfitri'),
      cuti('2025-04-03', 'Cuti bersama Idulfitri'), cuti('2025-04-04', 'Cuti bersama Idulfitri'), cuti('2025-04-07', 'Cuti bersama Idulfitri'),
      libur('2025-04-18', 'Wafat Yesus Kristus'), libur('2025-04-20', 'Kebangkitan Yesus Kristus'), libur('2025-05-01', 'Hari Buruh'),
      libur('2025-05-12', 'Waisak'), cuti('2025-05-13', 'Cuti bersama Waisak'), libur('2025-05-29', 'Kenaikan Yesus Kristus'),
      cuti('2025-05-30', 'Cuti bersama Kenaikan Yesus Kristus'), libur('2025-06-01', 'Hari Lahir Pancasila'), libur('2025-06-06', 'Iduladha'),
      cuti('2025-06-09', 'Cuti bersama Iduladha'), libur('2025-06-27', 'Tahun Baru Islam'), libur('2025-08-17', 'Hari Kemerdekaan'),
      cuti('2025-08-18', 'Cuti bersama Hari Kemerdekaan'), libur('2025-09-05', 'Maulid Nabi Muhammad'), libur('2025-12-25', 'Natal'),
      cuti('2025-12-26', 'Cuti bersama Natal'),
    ],
  },
  {
    year: 2026,
    source: 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026',
    days: [
      libur('2026-01-01', 'Tahun Baru Masehi'), libur('2026-01-16', 'Isra Mikraj'), cuti('2026-02-16', 'Cuti bersama Tahun Baru Imlek'),
      libur('2026-02-17', 'Tahun Baru Imlek'), cuti('2026-03-18', 'Cuti bersama Nyepi'), libur('2026-03-19', 'Hari Suci Nyepi'),
      cuti('2026-03-20', 'Cuti bersama Idulfitri'), libur('2026-03-21', 'Idulfitri'), libur('2026-03-22', 'Idulfitri'),
      cuti('2026-03-23', 'Cuti bersama Idulfitri'), cuti('2026-03-24', 'Cuti bersama Idulfitri'), libur('2026-04-03', 'Wafat Yesus Kristus'),
      libur('2026-04-05', 'Kebangkitan Yesus Kristus'), libur('2026-05-01', 'Hari Buruh'), libur('2026-05-14', 'Kenaikan Yesus Kristus'),
      cuti('2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus'), libur('2026-05-27', 'Iduladha'), cuti('2026-05-28', 'Cuti bersama Iduladha'),
      libur('2026-05-31', 'Waisak'), libur('2026-06-01', 'Hari Lahir Pancasila'), libur('2026-06-16', 'Tahun Baru Islam'),
      libur('2026-08-17', 'Hari Kemerdekaan'), libur('2026-08-25', 'Maulid Nabi Muhammad'), cuti('2026-12-24', 'Cuti bersama Natal'),
      libur('2026-12-25', 'Natal'),
    ],
  },
  {
    year: 2027,
    source: 'Hari libur nasional bertanggal tetap dan hari raya Paskah (dihitung); SKB Tahun 2027 belum dimuat',
    provisional: true,
    days: [
      libur('2027-01-01', 'Tahun Baru Masehi'), libur('2027-03-26', 'Wafat Yesus Kristus'), libur('2027-03-28', 'Kebangkitan Yesus Kristus'),
      libur('2027-05-01', 'Hari Buruh'), libur('2027-05-06', 'Kenaikan Yesus Kristus'), libur('2027-06-01', 'Hari Lahir Pancasila'),
      libur('2027-08-17', 'Hari Kemerdekaan'), libur('2027-12-25', 'Natal'),
    ],
  },
]);

/** The calendar as a lookup, built once per calendar (the workflow bundle holds one). */
const indexes = new WeakMap<readonly HolidayYear[], Map<IsoDate, NonWorkingDay>>();
function indexOf(calendar: readonly HolidayYear[]): Map<IsoDate, NonWorkingDay> {
  let m = indexes.get(calendar);
  if (!m) {
    m = new Map(calendar.flatMap((y) => y.days.map((d) => [d.date, d] as const)));
    indexes.set(calendar, m);
  }
  return m;
}

/** Whether the calendar has the year's holidays in full (a year without them counts weekends and what is known only). */
export function calendarCovers(year: number, calendar: readonly HolidayYear[] = HOLIDAY_CALENDAR): boolean {
  return calendar.some((y) => y.year === year && !y.provisional);
}

/** The holiday or cuti bersama on `date`, if any. */
export function nonWorkingDay(date: IsoDate, calendar: readonly HolidayYear[] = HOLIDAY_CALENDAR): NonWorkingDay | undefined {
  return indexOf(calendar).get(date);
}

export function isWorkingDay(date: IsoDate, calendar: readonly HolidayYear[] = HOLIDAY_CALENDAR): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !indexOf(calendar).has(date);
}

/** The n-th working day after `date` (n ≥ 1; `date` itself never counts). */
export function nthWorkingDayAfter(date: IsoDate, n: number, calendar: readonly HolidayYear[] = HOLIDAY_CALENDAR): IsoDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`jumlah hari kerja harus bilangan bulat ≥ 1; diterima ${n}`);
  let d = date;
  for (let found = 0; found < n;) {
    d = addDays(d, 1);
    if (isWorkingDay(d, calendar)) found += 1;
  }
  return d;
}

/** Working days d with from < d ≤ to. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: readonly HolidayYear[] = HOLIDAY_CALENDAR): number {
  let n = 0;
  for (let d = addDays(from, 1); compareIso(d, to) <= 0; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) n += 1;
  return n;
}

/** When the office's working day starts: a reminder goes out then, on a working day, never on a holiday. */
export const OFFICE_DAY_STARTS_AT_HOUR = 8;

export interface WorkingDaySchedule {
  /** The instant of the reminder: the start of the office day on the working day `reminderBefore` days before the deadline's. */
  reminderAtMs: number;
  /** The end (midnight, office time) of the n-th working day after the day the step began: the escalation. */
  deadlineMs: number;
  deadlineDate: IsoDate;
  reminderDate: IsoDate;
}

const instantOf = (date: IsoDate, hour: number, zone: OfficeZone): number =>
  Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000 - OFFICE_ZONES[zone].offsetMinutes * 60_000;

/**
 * The deadline of a step of `days` working days that began at `startMs`, as BKN counts it: the day the step began
 * does not count; the step is late once the n-th working day after it ends in the office's zone. The reminder goes
 * out at the start of the office day on the working day `reminderBefore` working days before the deadline's own day
 * (1: the morning of the last day), so it always falls on a working day.
 */
export function workingDaySchedule(
  startMs: number, zone: OfficeZone, days: number, reminderBefore: number, calendar: readonly HolidayYear[] = HOLIDAY_CALENDAR,
): WorkingDaySchedule {
  if (!Number.isInteger(reminderBefore) || reminderBefore < 1 || reminderBefore > days) {
    throw new RangeError(`pengingat harus 1 sampai ${days} hari kerja sebelum batas waktu; diterima ${reminderBefore}`);
  }
  const startDate = todayIn(zone, startMs);
  const deadlineDate = nthWorkingDayAfter(startDate, days, calendar);
  const reminderDate = nthWorkingDayAfter(startDate, days - reminderBefore + 1, calendar);
  return {
    deadlineDate,
    reminderDate,
    deadlineMs: instantOf(addDays(deadlineDate, 1), 0, zone),
    reminderAtMs: instantOf(reminderDate, OFFICE_DAY_STARTS_AT_HOUR, zone),
  };
}

export interface StepSla {
  nowMs: number;
  durationMs: number;
  reminderBeforeMs: number;
  /** Counted in hari kerja from the day the step began, when given. */
  workingDays?: { startedMs: number; zone: OfficeZone; days: number; reminderBefore: number };
}

/**
 * A waiting step's reminder and deadline as instants: in hari kerja on the office calendar when the SLA is counted so
 * (a reminder never falls on a weekend or holiday), otherwise the configured durations from now. The KP and
 * peremajaan workflows both wait by it.
 */
export function stepSchedule(s: StepSla): { reminderAtMs: number; deadlineMs: number } {
  const wd = s.workingDays;
  if (wd) return workingDaySchedule(wd.startedMs, wd.zone, wd.days, Math.min(wd.reminderBefore, wd.days));
  return { reminderAtMs: s.nowMs + Math.max(s.durationMs - s.reminderBeforeMs, 0), deadlineMs: s.nowMs + s.durationMs };
}
