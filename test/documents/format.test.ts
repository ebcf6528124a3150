import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { formatRupiah, formatTanggalPanjang, isWinAnsi, terbilang, toWinAnsiSafe, wrapText } from '../../documents/format';

describe('formatRupiah', () => {
  it('writes rupiah the Indonesian way: Rp, dots for thousands, comma and two decimals', () => {
    expect(formatRupiah(3089300)).toBe('Rp3.089.300,00');
    expect(formatRupiah(0)).toBe('Rp0,00');
    expect(formatRupiah(999)).toBe('Rp999,00');
    expect(formatRupiah(1000)).toBe('Rp1.000,00');
    expect(formatRupiah(6373200)).toBe('Rp6.373.200,00');
    expect(formatRupiah(1234567.5)).toBe('Rp1.234.567,50');
    expect(formatRupiah(0.1 + 0.2)).toBe('Rp0,30');
    expect(formatRupiah(-1500)).toBe('-Rp1.500,00');
  });

  it('refuses amounts that are not numbers', () => {
    expect(() => formatRupiah(Number.NaN)).toThrow(RangeError);
    expect(() => formatRupiah(Infinity)).toThrow(RangeError);
  });
});

describe('terbilang', () => {
  it('spells amounts in Indonesian words', () => {
    expect(terbilang(3089300)).toBe('tiga juta delapan puluh sembilan ribu tiga ratus');
    expect(terbilang(0)).toBe('nol');
    expect(terbilang(11)).toBe('sebelas');
    expect(terbilang(19)).toBe('sembilan belas');
    expect(terbilang(100)).toBe('seratus');
    expect(terbilang(1000)).toBe('seribu');
    expect(terbilang(1001000)).toBe('satu juta seribu');
    expect(terbilang(2785700)).toBe('dua juta tujuh ratus delapan puluh lima ribu tujuh ratus');
    expect(terbilang(1_000_000_000)).toBe('satu miliar');
  });
});

describe('formatTanggalPanjang', () => {
  it('turns ISO dates into long Indonesian dates without leading zeros', () => {
    expect(formatTanggalPanjang('2026-04-01')).toBe('1 April 2026');
    expect(formatTanggalPanjang('1970-01-13')).toBe('13 Januari 1970');
    expect(formatTanggalPanjang('2025-12-31')).toBe('31 Desember 2025');
    expect(formatTanggalPanjang('2024-02-29')).toBe('29 Februari 2024');
  });

  it('reads only the calendar date of a date-time, so no time zone can move the day', () => {
    expect(formatTanggalPanjang('2026-04-01T23:30:00+07:00')).toBe('1 April 2026');
  });

  it('refuses dates that do not exist rather than printing them on a decree', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-04-31', '1 April 2026', '', '2026-4-1']) {
      expect(() => formatTanggalPanjang(bad)).toThrow(RangeError);
    }
  });
});

describe('wrapText', () => {
  const measure = (s: string) => s.length; // one unit per character

  it('fills lines greedily and never exceeds the width', () => {
    const lines = wrapText('bahwa Pegawai Negeri Sipil atas nama tersebut', 12, measure);
    expect(lines).toEqual(['bahwa', 'Pegawai', 'Negeri Sipil', 'atas nama', 'tersebut']);
  });

  it('collapses whitespace and honours explicit line breaks', () => {
    expect(wrapText('  a   b\tc \nd ', 100, measure)).toEqual(['a b c', 'd']);
  });

  it('breaks a word longer than the line instead of letting it run off the page', () => {
    expect(wrapText('NIP 199401132022032005', 8, measure)).toEqual(['NIP', '19940113', '20220320', '05']);
  });

  it('returns one empty line for empty text', () => {
    expect(wrapText('', 10, measure)).toEqual(['']);
  });

  it('keeps every word and every line within the width (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,15}$/), { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (words, width) => {
        const lines = wrapText(words.join(' '), width, measure);
        for (const line of lines) expect(line.length <= width).toBe(true);
        expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
      }),
    );
  });
});

describe('toWinAnsiSafe', () => {
  it('leaves ASCII and Latin-1 names alone', () => {
    expect(toWinAnsiSafe('Siti Rahmawati, S.Kom.')).toBe('Siti Rahmawati, S.Kom.');
    expect(toWinAnsiSafe('José Muñoz Ñ Ü')).toBe('José Muñoz Ñ Ü');
    expect(toWinAnsiSafe('Ma’ruf – “Amin”')).toBe('Ma’ruf – “Amin”');
  });

  it('composes decomposed accents (NFD input) before deciding', () => {
    expect(toWinAnsiSafe('Jose\u0301')).toBe('José');
  });

  it('transliterates letters with an obvious Latin reading', () => {
    expect(toWinAnsiSafe('Ŋoma Łukasz Șerban ă')).toBe('Ngoma Lukasz Serban a');
    expect(toWinAnsiSafe('Maʼruf')).toBe("Ma'ruf");
  });

  it('replaces what cannot be drawn with ? and never throws', () => {
    expect(toWinAnsiSafe('Ayu 😀')).toBe('Ayu ?');
    expect(toWinAnsiSafe('❤️')).toBe('?');
    expect(toWinAnsiSafe('山田')).toBe('??');
    expect(toWinAnsiSafe('a\uD800b')).toBe('a?b');
  });

  it('turns control characters into spaces', () => {
    expect(toWinAnsiSafe('a\tb\nc\u0085d')).toBe('a b c d');
  });

  it('always yields text a standard PDF font can encode (property)', async () => {
    const doc = await PDFDocument.create();
    const font = doc.embedStandardFont(StandardFonts.TimesRoman);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const safe = toWinAnsiSafe(s);
        for (const ch of safe) expect(isWinAnsi(ch.codePointAt(0) as number)).toBe(true);
        expect(() => font.encodeText(safe)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
