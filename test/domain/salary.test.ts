import { mkgOnPromotion, parseSalaryCsv, salaryFor, salaryOnPromotion } from '../../domain';
import { loadSalaryTable, SALARY_TABLE_REGULATION } from '../../reference/salary-table';

describe('basic salary table of PP 5/2024', () => {
  const table = loadSalaryTable();

  it('names its regulation and holds every golongan', () => {
    expect(table.regulation).toBe(SALARY_TABLE_REGULATION);
    expect(SALARY_TABLE_REGULATION).toBe('PP 5/2024');
    expect(Object.keys(table.byGolongan)).toHaveLength(17);
  });

  it('gives III/b with MKG 4 the known figure of Rp3.089.300', () => {
    expect(salaryFor(table, 'III/b', 4)).toBe(3089300);
    expect(salaryFor(table, 32, 4)).toBe(3089300);
  });

  it('takes the row with the highest MKG at or below the given one', () => {
    expect(salaryFor(table, 'III/b', 5)).toBe(3089300);
    expect(salaryFor(table, 'III/b', 6)).toBe(3186600);
  });

  it('caps at the last row and uses the first row below it', () => {
    expect(salaryFor(table, 'IV/e', 32)).toBe(6373200);
    expect(salaryFor(table, 'IV/e', 60)).toBe(6373200);
    expect(salaryFor(table, 'I/b', 0)).toBe(1840800);
  });

  it('loads the file once', () => {
    expect(loadSalaryTable()).toBe(table);
  });
});

describe('parseSalaryCsv', () => {
  const full = loadSalaryTable();
  const csv = (rows: string[]) => ['golongan,mkg_tahun,gaji_pokok', ...rows].join('\r\n');
  const allRows = Object.entries(full.byGolongan).flatMap(([g, rows]) => rows.map((r) => `${g},${r.mkgTahun},${r.gajiPokok}`));

  it('accepts CRLF, a BOM and blank lines', () => {
    const t = parseSalaryCsv(`\uFEFF${csv(allRows)}\r\n\r\n`);
    expect(salaryFor(t, 'III/b', 4)).toBe(3089300);
  });

  it('refuses a wrong header, a missing golongan, a duplicate row and a non-numeric salary', () => {
    expect(() => parseSalaryCsv('gol,mkg,gaji\n')).toThrow(/header/);
    expect(() => parseSalaryCsv(csv(allRows.filter((r) => !r.startsWith('IV/e'))))).toThrow(/IV\/e/);
    expect(() => parseSalaryCsv(csv([...allRows, allRows[0]]))).toThrow(/duplicate/);
    expect(() => parseSalaryCsv(csv([...allRows, 'III/b,40,3.1jt']))).toThrow(/line/);
    expect(() => parseSalaryCsv(csv([...allRows, 'iii/b,40,100']))).toThrow(/unknown golongan/);
  });
});

describe('MKG on promotion', () => {
  it('within a band carries years and months over and grows them with elapsed time', () => {
    expect(mkgOnPromotion({ fromGolonganId: 31, toGolonganId: 32, mkgTahun: 3, mkgBulan: 7, asOf: '2022-04-01', newTmt: '2026-04-01' }))
      .toMatchObject({ tahun: 7, bulan: 7, reducedYears: 0 });
    expect(mkgOnPromotion({ fromGolonganId: 31, toGolonganId: 32, mkgTahun: 3, mkgBulan: 7, asOf: '2022-04-15', newTmt: '2026-04-01' }))
      .toMatchObject({ tahun: 7, bulan: 6 });
  });

  it('II/d → III/a subtracts 5 years', () => {
    expect(mkgOnPromotion({ fromGolonganId: 24, toGolonganId: 31, mkgTahun: 10, mkgBulan: 3, asOf: '2022-04-01', newTmt: '2026-04-01' }))
      .toMatchObject({ tahun: 9, bulan: 3, reducedYears: 5 });
  });

  it('I/d → II/a subtracts 6 years, III/d → IV/a nothing, I → III both', () => {
    const at = { mkgTahun: 15, mkgBulan: 0, asOf: '2026-04-01', newTmt: '2026-04-01' };
    expect(mkgOnPromotion({ ...at, fromGolonganId: 14, toGolonganId: 21 }).tahun).toBe(9);
    expect(mkgOnPromotion({ ...at, fromGolonganId: 34, toGolonganId: 41 }).tahun).toBe(15);
    expect(mkgOnPromotion({ ...at, fromGolonganId: 13, toGolonganId: 31 })).toMatchObject({ tahun: 4, reducedYears: 11 });
  });

  it('never goes below zero', () => {
    expect(mkgOnPromotion({ fromGolonganId: 23, toGolonganId: 31, mkgTahun: 2, mkgBulan: 4, asOf: '2025-04-01', newTmt: '2026-04-01' }))
      .toMatchObject({ tahun: 0, bulan: 0 });
  });

  it('refuses a new TMT before the date the MKG was given for', () => {
    expect(() => mkgOnPromotion({ fromGolonganId: 31, toGolonganId: 32, mkgTahun: 1, mkgBulan: 0, asOf: '2026-04-01', newTmt: '2026-03-01' }))
      .toThrow(RangeError);
  });

  it('gives the old and new basic salary an SK states', () => {
    const s = salaryOnPromotion(loadSalaryTable(), {
      fromGolonganId: 24, toGolonganId: 31, mkgTahun: 10, mkgBulan: 3, asOf: '2022-04-01', newTmt: '2026-04-01',
    });
    expect(s.old).toMatchObject({ tahun: 14, bulan: 3 });
    expect(s.new).toMatchObject({ tahun: 9, bulan: 3 });
    expect(s.new.gajiPokok).toBe(salaryFor(loadSalaryTable(), 'III/a', 8));
    expect(s.regulation).toBe('PP 5/2024');
  });
});
