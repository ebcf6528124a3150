import {
  compareIso, daysInMonth, formatDateId, formatIsoDate, formatYearMonth, isRealDate, MONTH_NAMES_ID, parseIsoDate, parseYearMonth,
  toYmd, type IsoDate,
} from './dates';
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
  /** Minimum age at TMT CPNS, in years, reached on the birthday itself. */
  minAgeAtTmt?: number;
  /**
   * The caller's current date ('YYYY-MM-DD', in the office's own zone). With it, a birth date or a TMT CPNS after
   * today is refused; without it those two checks are skipped, since domain code never reads the clock.
   */
  today?: IsoDate;
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
  const today = options.today;
  if (today !== undefined) toYmd(today); // a malformed today is the caller's bug, not the NIP's

  const by = Number(input.slice(0, 4));
  const bm = Number(input.slice(4, 6));
  const bd = Number(input.slice(6, 8));
  const birthOk = isRealDate(by, bm, bd) && by >= minBirthYear;
  if (!birthOk) reasons.push(`tanggal lahir pada NIP tidak valid (${input.slice(0, 8)})`);
  else if (today !== undefined && compareIso(formatIsoDate(by, bm, bd), today) > 0) {
    reasons.push(`tanggal lahir pada NIP (${formatDateId(formatIsoDate(by, bm, bd))}) sesudah hari ini (${formatDateId(today)})`);
  }

  const gender = GENDER_BY_DIGIT[input[14]];
  if (!gender) reasons.push(`kode jenis kelamin pada NIP harus 1 (laki-laki) atau 2 (perempuan), bukan ${input[14]}`);

  const sequence = Number(input.slice(15, 18));

  if (isPppkLayout) {
    const appointmentYear = Number(input.slice(8, 12));
    // Only the year is in the number, so the age is checked by year.
    if (birthOk && appointmentYear < by + minAge) {
      reasons.push(`tahun pengangkatan PPPK pada NIP (${appointmentYear}) harus setelah pegawai berusia ${minAge} tahun`);
    }
    if (today !== undefined && appointmentYear > toYmd(today).year) {
      reasons.push(`tahun pengangkatan PPPK pada NIP (${appointmentYear}) sesudah tahun ini (${toYmd(today).year})`);
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
  } else {
    // A TMT CPNS is always the 1st of its month (Perka BKN 22/2007).
    const tmt = formatIsoDate(ty, tm, 1);
    if (today !== undefined && compareIso(tmt, today) > 0) {
      reasons.push(`TMT CPNS pada NIP (${formatDateId(tmt)}) sesudah hari ini (${formatDateId(today)})`);
    }
    if (birthOk) {
      const birthday = birthdayAtAge(by, bm, bd, minAge);
      if (ty * 10000 + tm * 100 + 1 < birthday.y * 10000 + birthday.m * 100 + birthday.d) {
        reasons.push(`TMT CPNS pada NIP (${formatDateId(tmt)}) harus pada atau sesudah pegawai berusia ${minAge} tahun (${birthday.text})`);
      }
    }
  }

  if (reasons.length > 0 || !gender) return { ok: false, reasons };
  return {
    ok: true,
    nip: { kind: 'PNS', nip: input, birthDate: formatIsoDate(by, bm, bd), tmtCpns: formatYearMonth(ty, tm), gender, sequence },
  };
}

/**
 * The day someone born on y-m-d turns `age`; 29 February falls back to 28 February in a common year. Plain numbers,
 * because the year may pass 9999 for a mistyped NIP.
 */
function birthdayAtAge(y: number, m: number, d: number, age: number): { y: number; m: number; d: number; text: string } {
  const year = y + age;
  const day = Math.min(d, daysInMonth(year, m));
  return { y: year, m, d: day, text: `${day} ${MONTH_NAMES_ID[m - 1]} ${year}` };
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
