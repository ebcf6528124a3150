import {
  DEFAULT_SK_NUMBER_FORMAT, formatPertekNumber, formatSkNumber, skNumberFormatProblems, parsePertekNumber, signerFor,
} from '../../domain';

describe('who signs the SK KP', () => {
  it('the PPK of the instansi up to IV/b', () => {
    expect(signerFor({ targetGolonganId: 34 }).signer).toBe('PPK');
    expect(signerFor({ targetGolonganId: 42 }).signer).toBe('PPK');
  });

  it('the Head of BKN for IV/c to IV/e, under Keppres 53/2014', () => {
    for (const id of [43, 44, 45]) {
      expect(signerFor({ targetGolonganId: id })).toMatchObject({ signer: 'KEPALA_BKN', regulation: 'Keppres 53/2014' });
    }
    expect(signerFor({ targetGolonganId: 43, jabatan: { kind: 'STRUKTURAL', strukturalLevel: 'JPT_PRATAMA' } }).signer).toBe('KEPALA_BKN');
  });

  it('the President for JPT Utama/Madya and JF Ahli Utama, under PP 17/2020', () => {
    expect(signerFor({ targetGolonganId: 44, jabatan: { kind: 'FUNGSIONAL', jfLevel: 'AHLI_UTAMA' } }))
      .toMatchObject({ signer: 'PRESIDEN', regulation: 'PP 11/2017 jo. PP 17/2020' });
    expect(signerFor({ targetGolonganId: 42, jabatan: { kind: 'STRUKTURAL', strukturalLevel: 'JPT_MADYA' } }).signer).toBe('PRESIDEN');
  });
});

describe('numbers', () => {
  it('writes regional SK numbers with archive code 800.1.3.2 by default, and other formats from configuration', () => {
    expect(formatSkNumber(DEFAULT_SK_NUMBER_FORMAT, { seq: 123, unit: 'BKPSDM', office: '3404', year: 2026 })).toBe('800.1.3.2/123/BKPSDM-3404/2026');
    expect(formatSkNumber('800.1.3.2/{seq}/{unit}/{year}', { seq: 123, unit: 'BKPSDM', year: 2026 })).toBe('800.1.3.2/123/BKPSDM/2026');
    expect(() => formatSkNumber(DEFAULT_SK_NUMBER_FORMAT, { seq: 1, unit: 'BKD', year: 2026 })).toThrow(/office/);
    expect(formatSkNumber('KP.{seq:4}/{unit}/{year}', { seq: 7, unit: 'BKD.2', year: 2026 })).toBe('KP.0007/BKD.2/2026');
    expect(() => formatSkNumber('{seq}/{month}', { seq: 1, unit: 'X', year: 2026 })).toThrow(/placeholder/);
    expect(() => formatSkNumber(DEFAULT_SK_NUMBER_FORMAT, { seq: 1, unit: 'A/B', office: '1', year: 2026 })).toThrow(RangeError);
    expect(skNumberFormatProblems('800.1.3.2/{seq}/{unit}/{year}')).toEqual(['format nomor SK harus memuat {office}']);
    expect(skNumberFormatProblems(DEFAULT_SK_NUMBER_FORMAT)).toEqual([]);
  });

  it('writes Pertek numbers as prefix, 2-digit year, 3-digit office and 6-digit sequence', () => {
    expect(formatPertekNumber({ prefix: 'IG', year: 2026, kanregCode: 305, seq: 356 })).toBe('IG-26305000356');
    expect(parsePertekNumber('IG-26305000356')).toEqual({ prefix: 'IG', yearSuffix: '26', kanregCode: '305', seq: 356 });
    expect(parsePertekNumber('IG-2630500035')).toBeNull();
    expect(() => formatPertekNumber({ prefix: 'IG', year: 2026, kanregCode: 305, seq: 1_000_000 })).toThrow(RangeError);
    expect(() => formatPertekNumber({ prefix: 'ig', year: 2026, kanregCode: 305, seq: 1 })).toThrow(RangeError);
  });
});
