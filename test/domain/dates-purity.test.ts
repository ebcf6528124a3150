import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { addDays, addMonths, fromDayNumber, fullYearsMonthsBetween, isIsoDate, toDayNumber } from '../../domain';

describe('date helpers', () => {
  it('clamp month arithmetic to the month end and count full months', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-02-01', -2)).toBe('2025-12-01');
    expect(fullYearsMonthsBetween('2023-02-01', '2026-04-01')).toEqual({ years: 3, months: 2 });
    expect(fullYearsMonthsBetween('2023-02-15', '2026-04-14')).toEqual({ years: 3, months: 1 });
    expect(fullYearsMonthsBetween('2026-04-01', '2023-02-01')).toEqual({ years: 0, months: 0 });
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
  });

  it('agree with the JavaScript calendar on day numbers', () => {
    fc.assert(fc.property(fc.integer({ min: -25000, max: 80000 }), (n) => {
      const iso = new Date(n * 86400000).toISOString().slice(0, 10);
      expect(fromDayNumber(n)).toBe(iso);
      expect(toDayNumber(iso)).toBe(n);
      expect(addDays(iso, 1)).toBe(new Date((n + 1) * 86400000).toISOString().slice(0, 10));
    }));
  });
});

describe('domain/ stays deterministic, since workflow code imports it', () => {
  const dir = join(__dirname, '..', '..', 'domain');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s uses no Node builtins, clock or randomness', (file) => {
    const src = readFileSync(join(dir, file), 'utf8');
    expect(src).not.toMatch(/from ['"](node:|fs|path|os|crypto|child_process)/);
    expect(src).not.toMatch(/require\(/);
    expect(src).not.toMatch(/Date\.now|new Date\(\s*\)|Math\.random|process\./);
    for (const m of src.matchAll(/from '([^']+)'/g)) expect(m[1]).toMatch(/^\.\//);
  });
});
