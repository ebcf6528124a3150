import { formatIsoDate, formatYearMonth, isRealDate, parseIsoDate, parseYearMonth, type IsoDate } from './dates';
import { REGULATION } from './regulations';

export const NIP_REGULATION = REGULATION.NIP;

export type Gender = 'L' | 'P';

/** NIP PNS: birth date (8) + TMT CPNS year-month (6) + gender (1) + sequence (3). */
export interface ParsedNip {
  kind: 'PNS';
  nip: string;
  birthDate: IsoDate;
  /** 'YYYY-MM' */
  tmtCpns: string;
  gender: Gender;
  sequence: number;
}

/** NI PPPK: birth date (8) + appointment year (4) + layout marker (2) + gender (1) + sequence (3). */
export interface ParsedNiPppk {
  kind: 'PPPK';
  nip: string;
  birthDate: IsoDate;
  appointmentYear: number;
  gender: Gender;
  sequence: number;
}

export type NipParseResult<T> = { ok: true; nip: T } | { ok: false; reasons: string[] };

/**
 * Unconfirmed: numbers seen in public announcements carry '21' where a NIP has the TMT month, which no real month
 * can be, so that is how the two are told apart. Kept as configuration until BKN's layout is confirmed.
 */
export interface PppkLayout {
  marker: string;
}

export const DEFAULT_PPPK_LAYOUT: PppkLayout = Object.freeze({ marker: '21' });

export interface ParseNipOptions {
  allowPppk?: boolean;
  pppkLayout?: PppkLayout;
  /** Birth years before this are taken as typing errors. */
  minBirthYear?: number;
  /** Minimum age at TMT CPNS, in years. */
  minAgeAtTmt?: number;
}

const DEFAULTS = { minBirthYear: 1900, minAgeAtTmt: 18 } as const;

const GENDER_BY_DIGIT: Record<string, Gender> = { '1': 'L', '2': 'P' };

export function parseNip(input: unknown, options?: ParseNipOptions & { allowPppk?: false }): NipParseResult<ParsedNip>;
export function parseNip(input: unknown, options: ParseNipOptions & { allowPppk: true }): NipParseResult<ParsedNip | ParsedNiPppk>;
export function parseNip(input: unknown, options?: ParseNipOptions): NipParseResult<ParsedNip | ParsedNiPppk>;
export function parseNip(input: unknown, options: ParseNipOptions = {}): NipParseResult<ParsedNip | ParsedNiPppk> {
  if (typeof input === 'number' || typeof input === 'bigint') {
    return fail('NIP harus dikirim sebagai teks, bukan angka: angka 18 digit kehilangan digit terakhir karena batas presisi');
  }
  if (typeof input !== 'string') return fail('NIP harus berupa teks 18 digit angka');
  if (!/^[0-9]{18}$/.test(input)) return fail('NIP harus 18 digit angka');

  const layout = options.pppkLayout ?? DEFAULT_PPPK_LAYOUT;
  const isPppkLayout = input.slice(12, 14) === layout.marker;
  if (isPppkLayout && !options.allowPppk) {
    return fail('nomor ini berformat NI PPPK; di sini hanya NIP PNS yang diterima');
  }

  const reasons: string[] = [];
  const minBirthYear = options.minBirthYear ?? DEFAULTS.minBirthYear;
  const minAge = options.minAgeAtTmt ?? DEFAULTS.minAgeAtTmt;

  const by = Number(input.slice(0, 4));
  const bm = Number(input.slice(4, 6));
  const bd = Number(input.slice(6, 8));
  const birthOk = isRealDate(by, bm, bd) && by >= minBirthYear;
  if (!birthOk) reasons.push(`tanggal lahir pada NIP tidak valid (${input.slice(0, 8)})`);

  const gender = GENDER_BY_DIGIT[input[14]];
  if (!gender) reasons.push(`kode jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan), bukan ${input[14]}`);

  const sequence = Number(input.slice(15, 18));

  if (isPppkLayout) {
    const appointmentYear = Number(input.slice(8, 12));
    if (birthOk && appointmentYear < by + minAge) {
      reasons.push(`tahun pengangkatan PPPK pada NIP (${appointmentYear}) harus setelah pegawai berusia ${minAge} tahun`);
    }
    if (reasons.length > 0 || !gender) return { ok: false, reasons };
    return {
      ok: true,
      nip: { kind: 'PPPK', nip: input, birthDate: formatIsoDate(by, bm, bd), appointmentYear, gender, sequence },
    };
  }

  const ty = Number(input.slice(8, 12));
  const tm = Number(input.slice(12, 14));
  const tmtOk = ty >= 1 && tm >= 1 && tm <= 12;
  if (!tmtOk) {
    reasons.push(`TMT CPNS pada NIP tidak valid (${input.slice(8, 14)}): harus tahun dan bulan yang nyata`);
  } else if (birthOk && ty * 12 + tm < (by + minAge) * 12 + bm) {
    reasons.push(`TMT CPNS pada NIP (${formatYearMonth(ty, tm)}) harus setelah pegawai berusia ${minAge} tahun`);
  }

  if (reasons.length > 0 || !gender) return { ok: false, reasons };
  return {
    ok: true,
    nip: { kind: 'PNS', nip: input, birthDate: formatIsoDate(by, bm, bd), tmtCpns: formatYearMonth(ty, tm), gender, sequence },
  };
}

function fail(reason: string): { ok: false; reasons: string[] } {
  return { ok: false, reasons: [reason] };
}

/**
 * Old NIPs were converted by hand, so a record whose birth date differs from the NIP is kept and flagged, not refused.
 */
export function nipBirthDateWarning(nip: string | ParsedNip | ParsedNiPppk, recordBirthDate: IsoDate): string | null {
  const parsed = typeof nip === 'string' ? parseNip(nip, { allowPppk: true }) : { ok: true as const, nip };
  if (!parsed.ok) return null;
  if (parsed.nip.birthDate === recordBirthDate) return null;
  return `tanggal lahir pada NIP (${parsed.nip.birthDate}) berbeda dengan data kepegawaian (${recordBirthDate}); periksa SK CPNS dan akta kelahiran`;
}

const SEQUENCE_MAX = 999;

function digitsOf(birthDate: IsoDate, gender: Gender, seq: number): { birth: string; g: string; s: string } {
  if (!parseIsoDate(birthDate)) throw new RangeError(`birthDate is not a real ISO date: ${birthDate}`);
  if (gender !== 'L' && gender !== 'P') throw new RangeError(`gender must be 'L' or 'P': ${String(gender)}`);
  if (!Number.isInteger(seq) || seq < 0 || seq > SEQUENCE_MAX) throw new RangeError(`sequence must be 0..999: ${seq}`);
  return { birth: birthDate.replace(/-/g, ''), g: gender === 'L' ? '1' : '2', s: String(seq).padStart(3, '0') };
}

/** Composes a NIP from its parts; checks formats only, so it can also build deliberately invalid test data. */
export function buildNip(birthDate: IsoDate, tmtYearMonth: string, gender: Gender, seq: number): string {
  const tmt = parseYearMonth(tmtYearMonth);
  if (!tmt) throw new RangeError(`tmtYearMonth must be 'YYYY-MM': ${tmtYearMonth}`);
  const { birth, g, s } = digitsOf(birthDate, gender, seq);
  return `${birth}${formatYearMonth(tmt.year, tmt.month).replace('-', '')}${g}${s}`;
}

export function buildNiPppk(
  birthDate: IsoDate, appointmentYear: number, gender: Gender, seq: number, layout: PppkLayout = DEFAULT_PPPK_LAYOUT,
): string {
  if (!Number.isInteger(appointmentYear) || appointmentYear < 1000 || appointmentYear > 9999) {
    throw new RangeError(`appointmentYear must have 4 digits: ${appointmentYear}`);
  }
  const { birth, g, s } = digitsOf(birthDate, gender, seq);
  return `${birth}${appointmentYear}${layout.marker}${g}${s}`;
}
