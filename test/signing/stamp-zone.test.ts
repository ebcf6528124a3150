import { formatTanggal } from '../../signing/stamp';
import { pdfDate } from '../../signing/pades';

describe('the signature stamp tells the time in the signing office\'s zone', () => {
  const instant = new Date('2026-12-01T16:30:00Z');
  it('prints the local day, time and zone label', () => {
    expect(formatTanggal(instant)).toBe('1 Desember 2026 23.30 WIB');
    expect(formatTanggal(instant, 'Asia/Makassar')).toBe('2 Desember 2026 00.30 WITA');
    expect(formatTanggal(instant, 'Asia/Jayapura')).toBe('2 Desember 2026 01.30 WIT');
  });
  it('writes /M with the office\'s offset', () => {
    expect(pdfDate(instant)).toBe("D:20261201233000+07'00'");
    expect(pdfDate(instant, 'Asia/Jayapura')).toBe("D:20261202013000+09'00'");
  });
});
