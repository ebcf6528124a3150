import fc from 'fast-check';
import { buildNip, buildNiPppk, daysInMonth, formatIsoDate, nipBirthDateWarning, parseNip } from '../../domain';

const validParts = fc
  .record({
    year: fc.integer({ min: 1940, max: 2006 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    monthsAfter18: fc.integer({ min: 0, max: 40 * 12 }),
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

  it('refuses a TMT before the applicant turned 18, comparing year and month', () => {
    expect(parseNip('197006151988052001')).toEqual({
      ok: false,
      reasons: ['TMT CPNS pada NIP (1988-05) harus setelah pegawai berusia 18 tahun'],
    });
    expect(parseNip('197006151988062001').ok).toBe(true);
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
