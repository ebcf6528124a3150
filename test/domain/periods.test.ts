import {
  currentOpenPeriods, isInWindow, isValidPeriod, nextPeriodOnOrAfter, PERIOD_REGIMES, periodsBetween, submissionWindow,
  type PeriodRegime,
} from '../../domain';

describe('KP periods', () => {
  it('from 1 October 2025 every month is a period (Peraturan BKN 4/2025)', () => {
    for (const p of ['2025-10-01', '2025-11-01', '2026-01-01', '2026-03-01']) {
      const check = isValidPeriod(p);
      expect(check).toEqual({ ok: true, regime: expect.objectContaining({ regulation: 'Peraturan BKN 4/2025' }) });
    }
  });

  it('in 2024 and until September 2025 only even months are periods (Peraturan BKN 4/2023)', () => {
    expect(isValidPeriod('2025-01-01')).toEqual({
      ok: false,
      reason: 'Januari 2025 bukan periode kenaikan pangkat menurut Peraturan BKN 4/2023 (periode: Februari, April, Juni, Agustus, Oktober, Desember)',
    });
    expect(isValidPeriod('2025-09-01').ok).toBe(false);
    expect(isValidPeriod('2024-02-01').ok).toBe(true);
    expect(isValidPeriod('2025-08-01').ok).toBe(true);
  });

  it('before 2024 only April and October are periods', () => {
    expect(isValidPeriod('2023-04-01').ok).toBe(true);
    expect(isValidPeriod('2023-10-01').ok).toBe(true);
    expect(isValidPeriod('2023-12-01').ok).toBe(false);
  });

  it('refuses a date that is not the 1st, or not a date at all', () => {
    expect(isValidPeriod('2026-02-15')).toEqual({ ok: false, reason: 'periode kenaikan pangkat selalu tanggal 1' });
    expect(isValidPeriod('2026-13-01').ok).toBe(false);
    expect(isValidPeriod(20260201).ok).toBe(false);
  });

  it('lists the periods across a regime boundary', () => {
    expect(periodsBetween('2025-07-15', '2025-12-01')).toEqual(['2025-08-01', '2025-10-01', '2025-11-01', '2025-12-01']);
    expect(periodsBetween('2023-09-01', '2024-04-01')).toEqual(['2023-10-01', '2024-02-01', '2024-04-01']);
    expect(nextPeriodOnOrAfter('2025-08-02')).toBe('2025-10-01');
  });
});

describe('submission windows', () => {
  it('for the period of 1 February 2026 the window runs from 16 December 2025 to 15 January 2026', () => {
    expect(submissionWindow('2026-02-01')).toEqual({
      periodDate: '2026-02-01', opens: '2025-12-16', closes: '2026-01-15', regulation: 'Peraturan BKN 4/2025',
    });
  });

  it('includes both ends of the window and nothing outside it', () => {
    expect(isInWindow('2026-02-01', '2025-12-15')).toBe(false);
    expect(isInWindow('2026-02-01', '2025-12-16')).toBe(true);
    expect(isInWindow('2026-02-01', '2026-01-15')).toBe(true);
    expect(isInWindow('2026-02-01', '2026-01-16')).toBe(false);
    expect(isInWindow('2026-02-15', '2026-01-01')).toBe(false);
  });

  it('refuses to give a window for a date that is not a period', () => {
    expect(() => submissionWindow('2025-01-01')).toThrow(/bukan periode/);
  });

  it('has exactly one open period on any day under monthly periods, and gaps under six a year', () => {
    expect(currentOpenPeriods('2026-01-10')).toEqual(['2026-02-01']);
    expect(currentOpenPeriods('2026-01-16')).toEqual(['2026-03-01']);
    expect(currentOpenPeriods('2024-02-20')).toEqual(['2024-04-01']);
    expect(currentOpenPeriods('2024-03-20')).toEqual([]);
  });

  it('takes regimes and windows as data that a test can replace', () => {
    const quarterly: PeriodRegime[] = [{
      id: 'TEST', validFrom: '2000-01-01', months: [1, 4, 7, 10], regulation: 'uji',
      window: { openMonthsBefore: 1, openDay: 1, closeMonthsBefore: 1, closeDay: 10 },
    }];
    expect(isValidPeriod('2026-02-01', quarterly).ok).toBe(false);
    expect(submissionWindow('2026-04-01', quarterly)).toMatchObject({ opens: '2026-03-01', closes: '2026-03-10' });
    expect(currentOpenPeriods('2026-03-05', quarterly)).toEqual(['2026-04-01']);
    expect(PERIOD_REGIMES.map((r) => r.validFrom)).toEqual(['1900-01-01', '2024-01-01', '2025-10-01']);
  });
});
