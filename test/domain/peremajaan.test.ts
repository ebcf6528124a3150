import fc from 'fast-check';
import { findFieldConflicts, PEREMAJAAN_AREAS, PEREMAJAAN_AUTHORITY, routeChanges, validateFieldValue } from '../../domain';

describe('who verifies a peremajaan', () => {
  it('sends jabatan, keluarga and data pribadi to the instansi only', () => {
    const r = routeChanges([
      { area: 'JABATAN', field: 'namaJabatan' },
      { area: 'KELUARGA', field: 'nama' },
      { area: 'DATA_PRIBADI', field: 'alamat' },
    ]);
    expect(r.verifiers).toEqual(['INSTANSI']);
    expect(r.byVerifier.BKN).toEqual([]);
  });

  it('sends pendidikan, golongan, masa kerja and CPNS/PNS status to BKN', () => {
    for (const area of ['PENDIDIKAN', 'GOLONGAN', 'MASA_KERJA', 'STATUS_KEPEGAWAIAN'] as const) {
      expect(routeChanges([{ area, field: 'x' }]).verifiers).toEqual(['BKN']);
    }
  });

  it('sends a change set that touches both authorities through both, each change to its own verifier', () => {
    const r = routeChanges([{ area: 'PENDIDIKAN', field: 'gelarBelakang' }, { area: 'UNIT_KERJA', field: 'unorId' }]);
    expect(r.verifiers).toEqual(['INSTANSI', 'BKN']);
    expect(r.byVerifier.INSTANSI).toEqual([{ area: 'UNIT_KERJA', field: 'unorId' }]);
    expect(r.byVerifier.BKN).toEqual([{ area: 'PENDIDIKAN', field: 'gelarBelakang' }]);
  });

  it('gives every area a verifier and lets a replaced table move one field (the split is unconfirmed)', () => {
    for (const area of PEREMAJAAN_AREAS) expect(['INSTANSI', 'BKN']).toContain(PEREMAJAAN_AUTHORITY.areas[area]);
    const table = { ...PEREMAJAAN_AUTHORITY, fields: { 'DATA_PRIBADI.tanggalLahir': 'BKN' as const } };
    expect(routeChanges([{ area: 'DATA_PRIBADI', field: 'tanggalLahir' }], table).verifiers).toEqual(['BKN']);
    expect(routeChanges([{ area: 'DATA_PRIBADI', field: 'nama' }], table).verifiers).toEqual(['INSTANSI']);
  });

  it('refuses an unknown area', () => {
    expect(() => routeChanges([{ area: 'HOBI' as never, field: 'x' }])).toThrow(RangeError);
  });
});

describe('two open usulan may not change the same field of the same person', () => {
  it('finds the clash and names the usulan already open', () => {
    const open = [{ usulanId: 'U-1', nip: '198506152010031007', area: 'DATA_PRIBADI' as const, field: 'nama' }];
    expect(findFieldConflicts([
      { nip: '198506152010031007', area: 'DATA_PRIBADI', field: 'nama' },
      { nip: '198506152010031007', area: 'DATA_PRIBADI', field: 'alamat' },
      { nip: '199001012015032001', area: 'DATA_PRIBADI', field: 'nama' },
    ], open)).toEqual([{ change: { nip: '198506152010031007', area: 'DATA_PRIBADI', field: 'nama' }, usulanId: 'U-1' }]);
  });
});

describe('validateFieldValue for names', () => {
  const nama = (v: unknown) => validateFieldValue('DATA_PRIBADI', 'nama', v);

  it.each([
    ['zero-width space', 'Budi\u200BSantoso', 'U+200B'],
    ['right-to-left override', 'Siti \u202Eharyanti', 'U+202E'],
    ['byte order mark', '\uFEFFAgus', 'U+FEFF'],
    ['word joiner', 'Dewi\u2060Lestari', 'U+2060'],
    ['first strong isolate', 'Rina \u2068Wati', 'U+2068'],
    ['bell (C0)', 'Ani\u0007', 'U+0007'],
    ['next line (C1)', 'Ani\u0085Susanti', 'U+0085'],
    ['newline', 'Ani\nSusanti', 'U+000A'],
  ])('refuses a name with a %s and names the character', (_what, value, label) => {
    expect(nama(value)).toEqual({ ok: false, reasons: [`nama mengandung karakter kendali atau tak terlihat (${label})`] });
  });

  it('refuses a name whenever an invisible or control character is slipped in anywhere', () => {
    const hidden = fc.constantFrom(
      ...[0x00, 0x1f, 0x7f, 0x80, 0x9f, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202e, 0x2060, 0x2064, 0x2066, 0x2069, 0xfeff]
        .map((cp) => String.fromCodePoint(cp)),
    );
    fc.assert(fc.property(fc.constantFrom('Budi Santoso', 'Ni Luh Putu Ayu', "Ma'ruf"), hidden, fc.nat(), (name, ch, at) => {
      const i = at % (name.length + 1);
      expect(nama(name.slice(0, i) + ch + name.slice(i)).ok).toBe(false);
    }));
  });

  it('stores names in NFC with single spaces', () => {
    const decomposed = 'Jose\u0301 Rizal';
    const r = nama(`  ${decomposed}\u00a0 Siregar `);
    expect(r).toEqual({ ok: true, value: 'José Rizal Siregar' });
    if (r.ok) expect(r.value).toBe('Jos\u00e9 Rizal Siregar');
  });

  it("accepts the punctuation names carry and refuses digits and symbols", () => {
    expect(nama("Dr. Ma'ruf Amin-Siregar, S.H.").ok).toBe(true);
    expect(nama('Budi 2')).toEqual({ ok: false, reasons: ['nama mengandung karakter yang tidak diizinkan: "2"'] });
    expect(nama('   ')).toEqual({ ok: false, reasons: ['nama wajib diisi'] });
    expect(nama(42)).toEqual({ ok: false, reasons: ['nama harus berupa teks'] });
  });
});

describe('validateFieldValue for dates, lists and numbers', () => {
  it('refuses impossible dates and accepts real ones', () => {
    expect(validateFieldValue('DATA_PRIBADI', 'tanggalLahir', '1990-02-30')).toEqual({
      ok: false, reasons: ['tanggal lahir tidak valid: 1990-02-30 bukan tanggal yang ada'],
    });
    expect(validateFieldValue('DATA_PRIBADI', 'tanggalLahir', '1992-02-29')).toEqual({ ok: true, value: '1992-02-29' });
    expect(validateFieldValue('DATA_PRIBADI', 'tanggalLahir', '30-01-1990').ok).toBe(false);
    expect(validateFieldValue('DATA_PRIBADI', 'tanggalLahir', '1850-01-01').ok).toBe(false);
  });

  it('refuses a future birth date when the caller says what today is', () => {
    expect(validateFieldValue('DATA_PRIBADI', 'tanggalLahir', '2030-01-01', { today: '2026-01-10' }).ok).toBe(false);
    expect(validateFieldValue('GOLONGAN', 'tmtGolongan', '2026-04-01', { today: '2026-01-10' }).ok).toBe(true);
  });

  it('accepts known reference values in canonical form and refuses unknown ones', () => {
    expect(validateFieldValue('DATA_PRIBADI', 'agama', 'islam')).toEqual({ ok: true, value: 'ISLAM' });
    expect(validateFieldValue('DATA_PRIBADI', 'agama', 'Khonghucu')).toEqual({ ok: true, value: 'KONGHUCU' });
    expect(validateFieldValue('DATA_PRIBADI', 'agama', 'Jedi').ok).toBe(false);
    expect(validateFieldValue('DATA_PRIBADI', 'statusPerkawinan', 'Cerai Mati')).toEqual({ ok: true, value: 'CERAI_MATI' });
    expect(validateFieldValue('DATA_PRIBADI', 'statusPerkawinan', 'DUDA').ok).toBe(false);
    expect(validateFieldValue('PENDIDIKAN', 'tingkatPendidikan', 's2')).toEqual({ ok: true, value: 'S2' });
    expect(validateFieldValue('PENDIDIKAN', 'tingkatPendidikan', 'S4').ok).toBe(false);
    expect(validateFieldValue('GOLONGAN', 'golongan', 'iii-b')).toEqual({ ok: true, value: 32 });
    const bad = validateFieldValue('GOLONGAN', 'golongan', 'II/e');
    expect(bad).toEqual({ ok: false, reasons: ['golongan "II/e" tidak dikenal; pilihan: I/a s.d. IV/e'] });
  });

  it('checks whole numbers against their range', () => {
    expect(validateFieldValue('GOLONGAN', 'mkgBulan', '11')).toEqual({ ok: true, value: 11 });
    expect(validateFieldValue('GOLONGAN', 'mkgBulan', 12).ok).toBe(false);
    expect(validateFieldValue('GOLONGAN', 'mkgBulan', 1.5).ok).toBe(false);
  });

  it('refuses an unknown area or field', () => {
    expect(validateFieldValue('HOBI', 'x', 'y').ok).toBe(false);
    expect(validateFieldValue('DATA_PRIBADI', 'golonganDarah', 'O')).toEqual({
      ok: false, reasons: ['kolom "golonganDarah" tidak dikenal pada area Data Pribadi'],
    });
  });
});
