import fc from 'fast-check';
import {
  bandIndex, bandsCrossed, crossesBand, GOLONGAN_LADDER, golonganBand, golonganByCode, golonganById, nextGolongan,
  parseGolongan, stepsBetween,
} from '../../domain';

const anyGolongan = fc.constantFrom(...GOLONGAN_LADDER);

describe('golongan ladder', () => {
  it('climbs from I/a to IV/e in exactly 16 single steps, and IV/e has no next', () => {
    let current = golonganById(11);
    const codes: string[] = [];
    for (let i = 0; i < 16; i += 1) {
      current = nextGolongan(current!.id) ?? undefined;
      codes.push(current!.code);
    }
    expect(current?.code).toBe('IV/e');
    expect(codes).toContain('II/a');
    expect(nextGolongan(45)).toBeNull();
    expect(stepsBetween(11, 45)).toBe(16);
  });

  it('counts I/d → II/a as one step that crosses a band', () => {
    expect(nextGolongan(14)?.code).toBe('II/a');
    expect(stepsBetween(14, 21)).toBe(1);
    expect(crossesBand(14, 21)).toBe(true);
    expect(crossesBand(31, 34)).toBe(false);
  });

  it('round-trips every id through its code and every code through its id', () => {
    fc.assert(fc.property(anyGolongan, (g) => {
      expect(golonganByCode(g.code)?.id).toBe(g.id);
      expect(golonganById(g.id)?.code).toBe(g.code);
      expect(parseGolongan(g.code)).toBe(g.id);
      expect(parseGolongan(g.id)).toBe(g.id);
    }));
  });

  it('reads codes the way people type them (case, separator, arabic band)', () => {
    const arabic: Record<string, string> = { I: '1', II: '2', III: '3', IV: '4' };
    fc.assert(fc.property(
      anyGolongan, fc.constantFrom('/', '-', ' ', '.', ''), fc.boolean(), fc.boolean(),
      (g, sep, lower, useArabic) => {
        const band = useArabic ? arabic[g.band] : g.band;
        const text = `${band}${sep}${g.ruang}`;
        expect(parseGolongan(lower ? text.toLowerCase() : text.toUpperCase())).toBe(g.id);
      },
    ));
    expect(parseGolongan(' iii/a ')).toBe(31);
    expect(parseGolongan('III-a')).toBe(31);
    expect(parseGolongan('31')).toBe(31);
  });

  it('keeps the strict lookup strict and names no rung that does not exist', () => {
    expect(golonganByCode('iii/a')).toBeUndefined();
    for (const bad of ['II/e', 'III/e', 'V/a', 'III/f', '', 'IIIa/', 15, 46, null]) expect(parseGolongan(bad)).toBeNull();
  });

  it('reports a band crossing exactly when the bands differ, once per band passed', () => {
    fc.assert(fc.property(anyGolongan, anyGolongan, (a, b) => {
      expect(crossesBand(a.id, b.id)).toBe(a.band !== b.band);
      const expected = Math.max(0, bandIndex(golonganBand(b.id)) - bandIndex(golonganBand(a.id)));
      expect(bandsCrossed(a.id, b.id)).toHaveLength(expected);
      expect(stepsBetween(a.id, b.id) + stepsBetween(b.id, a.id)).toBe(0);
    }));
    expect(bandsCrossed(13, 31)).toEqual([{ from: 'I', to: 'II' }, { from: 'II', to: 'III' }]);
  });

  it('uses the pangkat names of the regulation', () => {
    expect(golonganById(32)?.pangkat).toBe('Penata Muda Tingkat I');
    expect(golonganById(44)?.pangkat).toBe('Pembina Utama Madya');
    expect(golonganById(14)?.pangkat).toBe('Juru Tingkat I');
  });
});
