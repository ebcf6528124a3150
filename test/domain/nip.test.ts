import fc from 'fast-check';
import { addMonths, buildNip, buildNiPppk, compareIso, daysInMonth, formatIsoDate, nipBirthDateWarning, parseNip } from '../../domain';

const validParts = fc
  .record({
    year: fc.integer({ min: 1940, max: 2006 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    // From the month after the 18th birthday: within the birthday's own month only a birthday on the 1st is old enough.
    monthsAfter18: fc.integer({ min: 1, max: 40 * 12 }),
    gender: fc.constantFrom<'L' | 'P'>('L', 'P'),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ year, month, day, monthsAfter18, gender, seq }) => {
    const birthDate = formatIsoDate(year, month, Math.min(day, daysInMonth(year, month)));
    const idx = (year + 18) * 12 + (month - 1) + monthsAfter18;
    const tmt = `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
    return { birthDate, tmt, gender, seq };
  });

describe('parseNip', () => {
  it('reads the example from the regulation: born 13 Jan 1970, CPNS March 1989, female, number 002', () => {
    expect(parseNip('197001131989032002')).toEqual({
      ok: true,
      nip: { kind: 'PNS', nip: '197001131989032002', birthDate: '1970-01-13', tmtCpns: '1989-03', gender: 'P', sequence: 2 },
    });
  });

  it('gives back the parts buildNip was given, for every valid combination', () => {
    fc.assert(fc.property(validParts, ({ birthDate, tmt, gender, seq }) => {
      const parsed = parseNip(buildNip(birthDate, tmt, gender, seq));
      expect(parsed).toEqual({ ok: true, nip: expect.objectContaining({ birthDate, tmtCpns: tmt, gender, sequence: seq }) });
    }));
  });

  it('refuses any string that is not exactly 18 ASCII digits', () => {
    const not18Digits = fc.oneof(
      fc.string().filter((s) => !/^[0-9]{18}$/.test(s)),
      fc.stringMatching(/^[0-9]{0,17}$/),
      fc.stringMatching(/^[0-9]{19,25}$/),
      fc.stringMatching(/^ ?[0-9]{18} $/),
    );
    fc.assert(fc.property(not18Digits, (s) => {
      expect(parseNip(s)).toEqual({ ok: false, reasons: ['NIP harus 18 digit angka'] });
    }));
  });

  it('refuses a NIP whose birth date was mutated into a day that does not exist', () => {
    const impossible = fc.oneof(
      fc.record({ field: fc.constant('day' as const), value: fc.constantFrom(0, 32, 45, 99) }),
      fc.record({ field: fc.constant('month' as const), value: fc.constantFrom(0, 13, 20, 99) }),
      fc.record({ field: fc.constant('feb' as const), value: fc.constantFrom(30, 31) }),
    );
    fc.assert(fc.property(validParts, impossible, ({ birthDate, tmt, gender, seq }, m) => {
      const nip = buildNip(birthDate, tmt, gender, seq);
      const two = String(m.value).padStart(2, '0');
      const mutated =
        m.field === 'day' ? nip.slice(0, 6) + two + nip.slice(8)
          : m.field === 'month' ? nip.slice(0, 4) + two + nip.slice(6)
            : nip.slice(0, 4) + '02' + two + nip.slice(8);
      const result = parseNip(mutated);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reasons.join(' ')).toContain('tanggal lahir pada NIP tidak valid');
    }));
  });

  it('refuses 29 February in a year that is not a leap year but accepts it in a leap year', () => {
    expect(parseNip('199902291999032001').ok).toBe(false);
    expect(parseNip('197602291999032001').ok).toBe(true);
  });

  it('refuses a number, whatever its value, because an 18-digit number has lost its last digits', () => {
    fc.assert(fc.property(fc.oneof(fc.double(), fc.integer(), fc.bigInt()), (n) => {
      const result = parseNip(n);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reasons[0]).toMatch(/bukan angka.*kehilangan digit/);
    }));
    expect(parseNip(197001131989032002).ok).toBe(false);
  });

  it('refuses a TMT month that does not exist', () => {
    const result = parseNip('197001131989132002');
    expect(result).toEqual({ ok: false, reasons: [expect.stringContaining('TMT CPNS pada NIP tidak valid')] });
  });

  it('refuses a TMT (the 1st of its month) before the applicant turned 18, comparing by day', () => {
    expect(parseNip('197006151988052001')).toEqual({
      ok: false,
      reasons: ['TMT CPNS pada NIP (1 Mei 1988) harus pada atau sesudah pegawai berusia 18 tahun (15 Juni 1988)'],
    });
    expect(parseNip('197006151988062001').ok).toBe(false);
    expect(parseNip('197006151988072001').ok).toBe(true);
  });

  it('refuses a gender digit other than 1 or 2, and reports every problem at once', () => {
    const result = parseNip('197013451989033002');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reasons).toEqual(expect.arrayContaining([
        expect.stringContaining('tanggal lahir pada NIP tidak valid'),
        expect.stringContaining('kode jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan)'),
      ]));
    }
  });

  it('accepts an NI PPPK only when PPPK is allowed', () => {
    const ni = buildNiPppk('1990-05-17', 2023, 'P', 12);
    expect(ni).toBe('199005172023212012');
    expect(parseNip(ni)).toEqual({ ok: false, reasons: [expect.stringContaining('NI PPPK')] });
    expect(parseNip(ni, { allowPppk: true })).toEqual({
      ok: true,
      nip: { kind: 'PPPK', nip: ni, birthDate: '1990-05-17', appointmentYear: 2023, gender: 'P', sequence: 12 },
    });
  });

  it('reads the PPPK layout from configuration, since it is unconfirmed', () => {
    const ni = buildNiPppk('1990-05-17', 2023, 'L', 1, { marker: '99' });
    expect(parseNip(ni, { allowPppk: true, pppkLayout: { marker: '99' } }).ok).toBe(true);
    expect(parseNip(ni, { allowPppk: true }).ok).toBe(false);
  });
});

describe('nipBirthDateWarning', () => {
  it('warns, without refusing, when the record birth date differs from the NIP', () => {
    expect(nipBirthDateWarning('197001131989032002', '1970-01-13')).toBeNull();
    expect(nipBirthDateWarning('197001131989032002', '1970-01-31')).toMatch(/berbeda dengan data kepegawaian/);
  });
});

describe('buildNip', () => {
  it('refuses parts it cannot write into 18 digits', () => {
    expect(() => buildNip('1970-02-30', '1989-03', 'L', 1)).toThrow(RangeError);
    expect(() => buildNip('1970-01-13', '1989-3', 'L', 1)).toThrow(RangeError);
    expect(() => buildNip('1970-01-13', '1989-03', 'L', 1000)).toThrow(RangeError);
  });
});

describe('parseNip against today and by day', () => {
  const TODAY = '2026-04-15';
  const day = fc.record({ y: fc.integer({ min: 1950, max: 2040 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .map(({ y, m, d }) => formatIsoDate(y, m, Math.min(d, daysInMonth(y, m))));
  const todays = fc.record({ y: fc.integer({ min: 1990, max: 2035 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }) => formatIsoDate(y, m, d));
  const sex = fc.constantFrom<'L' | 'P'>('L', 'P');

  it('refuses a NIP whose TMT CPNS (the 1st of its month) lies after today, and accepts the 1st of the current month', () => {
    expect(parseNip('200001012026052001', { today: TODAY })).toEqual({
      ok: false, reasons: ['TMT CPNS pada NIP (1 Mei 2026) sesudah hari ini (15 April 2026)'],
    });
    expect(parseNip('200001012026042001', { today: TODAY }).ok).toBe(true);
    expect(parseNip('200001012026042001', { today: '2026-03-31' }).ok).toBe(false);
  });

  it('refuses a NIP whose birth date lies after today', () => {
    const result = parseNip('202604162045012001', { today: TODAY });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reasons).toContain('tanggal lahir pada NIP (16 April 2026) sesudah hari ini (15 April 2026)');
    expect(parseNip(buildNiPppk('2026-04-16', 2026, 'L', 1), { allowPppk: true, today: TODAY }).ok).toBe(false);
  });

  it('refuses an NI PPPK appointed in a later year than today', () => {
    const ni = buildNiPppk('1990-05-17', 2027, 'P', 12);
    expect(parseNip(ni, { allowPppk: true })).toMatchObject({ ok: true });
    expect(parseNip(ni, { allowPppk: true, today: TODAY })).toEqual({ ok: false, reasons: [expect.stringContaining('sesudah tahun ini (2026)')] });
  });

  it('without today keeps the old behaviour: no date is too late', () => {
    expect(parseNip('200001012090012001').ok).toBe(true);
  });

  it('treats a malformed today as the caller\'s bug', () => {
    expect(() => parseNip('197001131989032002', { today: '2026-02-30' })).toThrow(RangeError);
  });

  it('compares the 18th birthday by day: born 15 March 2000 is 17 on 1 March 2018, born 1 March 2000 is 18', () => {
    expect(parseNip(buildNip('2000-03-15', '2018-03', 'L', 1)).ok).toBe(false);
    expect(parseNip(buildNip('2000-03-15', '2018-04', 'L', 1)).ok).toBe(true);
    expect(parseNip(buildNip('2000-03-01', '2018-03', 'L', 1)).ok).toBe(true);
    expect(parseNip(buildNip('2000-02-29', '2018-03', 'P', 1)).ok).toBe(true);
    expect(parseNip(buildNip('2000-02-29', '2018-02', 'P', 1)).ok).toBe(false);
  });

  it('a NIP with a birth date or a TMT CPNS after today never parses', () => {
    fc.assert(fc.property(day, day, todays, sex, (birth, tmtDay, today, g) => {
      const nip = buildNip(birth, tmtDay.slice(0, 7), g, 1);
      const result = parseNip(nip, { today });
      if (compareIso(birth, today) > 0 || compareIso(`${tmtDay.slice(0, 7)}-01`, today) > 0) expect(result.ok).toBe(false);
    }));
  });

  it('is valid exactly when the TMT CPNS is on or after the 18th birthday, to the day', () => {
    const nearBirthday = fc.record({ birth: day, shift: fc.integer({ min: -3, max: 3 }), g: sex });
    fc.assert(fc.property(nearBirthday, ({ birth, shift, g }) => {
      const eighteen = addMonths(birth, 18 * 12);
      const tmt = addMonths(`${eighteen.slice(0, 7)}-01`, shift);
      const result = parseNip(buildNip(birth, tmt.slice(0, 7), g, 1));
      expect(result.ok).toBe(compareIso(tmt, eighteen) >= 0);
    }), { numRuns: 500 });
  });
});
