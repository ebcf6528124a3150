import { addDays } from '../../domain/dates';
import { todayIn, type OfficeZone } from '../../domain/office-clock';
import {
  HOLIDAY_CALENDAR, calendarCovers, isWorkingDay, nonWorkingDay, nthWorkingDayAfter, workingDaySchedule, workingDaysBetween,
} from '../../domain/working-days';
import { ConfigError, loadConfig } from '../../config';

describe('hari kerja on the office calendar', () => {
  it('knows weekends, national holidays and cuti bersama, and says which years it covers', () => {
    expect(isWorkingDay('2026-03-16')).toBe(true);
    expect(isWorkingDay('2026-03-21')).toBe(false); // Saturday (and Idulfitri)
    expect(nonWorkingDay('2026-03-19')).toMatchObject({ kind: 'LIBUR_NASIONAL', name: 'Hari Suci Nyepi' });
    expect(nonWorkingDay('2026-03-23')).toMatchObject({ kind: 'CUTI_BERSAMA' });
    expect(isWorkingDay('2025-08-18')).toBe(false);
    expect(calendarCovers(2026)).toBe(true);
    // 2027 has only what is known before its SKB: fixed-date holidays and Easter; not "covered" until the SKB is loaded.
    expect(calendarCovers(2027)).toBe(false);
    expect(nonWorkingDay('2027-01-01')).toMatchObject({ kind: 'LIBUR_NASIONAL', name: 'Tahun Baru Masehi' });
    expect(isWorkingDay('2027-03-26')).toBe(false); // Good Friday: Easter 2027 is 28 March
    expect(isWorkingDay('2027-05-06')).toBe(false); // Ascension, Easter + 39
    expect(isWorkingDay('2027-01-04')).toBe(true);
    // A year without any data counts weekends only.
    expect(calendarCovers(2028)).toBe(false);
    expect(isWorkingDay('2028-01-03')).toBe(true);
    expect(isWorkingDay('2028-01-01')).toBe(false); // Saturday
  });

  it('puts Easter, Good Friday and Ascension of every year on the dates the Gregorian computus gives', () => {
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const easter = (y: number): string => {
      const a = y % 19; const b = Math.floor(y / 100); const c = y % 100; const d = Math.floor(b / 4); const e = b % 4;
      const f = Math.floor((b + 8) / 25); const g = Math.floor((b - f + 1) / 3); const h = (19 * a + b - d - g + 15) % 30;
      const i = Math.floor(c / 4); const k = c % 4; const l = (32 + 2 * e + 2 * i - h - k) % 7; const m = Math.floor((a + 11 * h + 22 * l) / 451);
      const month = Math.floor((h + l - 7 * m + 114) / 31); const day = ((h + l - 7 * m + 114) % 31) + 1;
      return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    };
    for (const year of HOLIDAY_CALENDAR) {
      const named = (name: string) => year.days.find((d) => d.name === name)?.date;
      const e = easter(year.year);
      expect({ year: year.year, paskah: named('Kebangkitan Yesus Kristus') }).toEqual({ year: year.year, paskah: e });
      expect(named('Wafat Yesus Kristus')).toBe(addDays(e, -2));
      expect(named('Kenaikan Yesus Kristus')).toBe(addDays(e, 39));
    }
  });

  it('skips the Nyepi and Idulfitri block of March 2026', () => {
    // 18-20 Mar cuti/Nyepi/cuti, 21-22 weekend and Idulfitri, 23-24 cuti bersama.
    expect(nthWorkingDayAfter('2026-03-17', 1)).toBe('2026-03-25');
    expect(nthWorkingDayAfter('2026-03-17', 5)).toBe('2026-03-31');
    expect(workingDaysBetween('2026-03-17', '2026-03-31')).toBe(5);
    expect(() => nthWorkingDayAfter('2026-03-17', 0)).toThrow(RangeError);
  });

  it('puts the deadline at the end of the n-th working day and the reminder on the morning of a working day, in the office zone', () => {
    const start = Date.parse('2026-03-17T03:00:00Z'); // 10:00 WIB
    const wib = workingDaySchedule(start, 'Asia/Jakarta', 5, 1);
    expect(wib).toEqual({
      deadlineDate: '2026-03-31', reminderDate: '2026-03-31',
      deadlineMs: Date.parse('2026-03-31T17:00:00Z'), reminderAtMs: Date.parse('2026-03-31T01:00:00Z'),
    });
    // 16:30 UTC on the 17th is already the 18th (a cuti bersama day) in WITA: the count starts from the 18th.
    const late = workingDaySchedule(Date.parse('2026-03-17T16:30:00Z'), 'Asia/Makassar', 1, 1);
    expect(late.deadlineDate).toBe('2026-03-25');
    expect(late.deadlineMs).toBe(Date.parse('2026-03-25T16:00:00Z'));
    expect(workingDaySchedule(start, 'Asia/Jakarta', 5, 3).reminderDate).toBe('2026-03-27');
    expect(() => workingDaySchedule(start, 'Asia/Jakarta', 2, 3)).toThrow(/pengingat harus 1 sampai 2 hari kerja/);
  });

  it('never reminds or escalates on a weekend or holiday, and always counts exactly n working days (every 5 hours of 2025-2026, every zone)', () => {
    const zones: OfficeZone[] = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];
    const holidays = HOLIDAY_CALENDAR.flatMap((y) => y.days.map((d) => d.date));
    let checked = 0;
    for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2026-12-20T00:00:00Z'); t += 5 * 3_600_000) {
      for (const zone of zones) {
        const days = 1 + (checked % 5);
        const before = 1 + (checked % days);
        const s = workingDaySchedule(t, zone, days, before);
        checked += 1;
        expect(isWorkingDay(s.deadlineDate)).toBe(true);
        expect(isWorkingDay(s.reminderDate)).toBe(true);
        expect(holidays).not.toContain(s.reminderDate);
        // The reminder's instant is on its working day in the office zone; the escalation is the first moment after the deadline day.
        expect(todayIn(zone, s.reminderAtMs)).toBe(s.reminderDate);
        expect(todayIn(zone, s.deadlineMs)).toBe(addDays(s.deadlineDate, 1));
        expect(todayIn(zone, s.deadlineMs - 1)).toBe(s.deadlineDate);
        expect(workingDaysBetween(todayIn(zone, t), s.deadlineDate)).toBe(days);
        expect(workingDaysBetween(s.reminderDate, s.deadlineDate)).toBe(before - 1);
        expect(s.reminderAtMs).toBeGreaterThan(t);
        expect(s.reminderAtMs).toBeLessThan(s.deadlineMs);
      }
    }
    expect(checked).toBeGreaterThan(8000);
  });
});

describe('SLA configuration in hari kerja', () => {
  const base = { DATABASE_URL: 'postgres://x' };
  it('reads "5hk" as working days and keeps durations as they were', () => {
    expect(loadConfig({ ...base }).sla).toMatchObject({ workingDays: { approval: 5, verification: 5, reminderBefore: 1 } });
    expect(loadConfig({ ...base, SLA_APPROVAL: '3hk', SLA_VERIFICATION: '10hk', SLA_REMINDER_BEFORE: '2hk' }).sla.workingDays).toEqual({ approval: 3, verification: 10, reminderBefore: 2 });
    const durations = loadConfig({ ...base, SLA_APPROVAL: '2h', SLA_VERIFICATION: '3h', SLA_REMINDER_BEFORE: '10m' }).sla;
    expect(durations).toMatchObject({ approvalMs: 7_200_000, verificationMs: 10_800_000, reminderBeforeMs: 600_000 });
    expect(durations.workingDays).toBeUndefined();
  });

  it('refuses a mix of hari kerja and durations, zero days, and a reminder after the deadline', () => {
    expect(() => loadConfig({ ...base, SLA_APPROVAL: '5hk', SLA_VERIFICATION: '5d' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SLA_APPROVAL: '5d', SLA_VERIFICATION: '5d', SLA_REMINDER_BEFORE: '1hk' })).toThrow(/either all in hari kerja/);
    expect(() => loadConfig({ ...base, SLA_APPROVAL: '0hk' })).toThrow(/1 to 365 hari kerja/);
    expect(() => loadConfig({ ...base, SLA_APPROVAL: '2hk', SLA_VERIFICATION: '5hk', SLA_REMINDER_BEFORE: '3hk' })).toThrow(/SLA_REMINDER_BEFORE must be shorter/);
  });
});
