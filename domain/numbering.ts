/**
 * Decree number formats, as configuration. The regional SK pattern uses archive code 800.1.3.2; each instansi may
 * set its own. The Pertek layout is unconfirmed: public numbers (IG-26305000356) fit 2-digit year + 3-digit office
 * code + 6-digit sequence, which is what is assumed here.
 */

/**
 * A number is unique within its issuing office, series and year, and two offices may share a unit code ("BKD"), so the
 * formatted number carries the issuing office's own code ({office}) next to the unit: the printed number alone then
 * tells two offices' decrees apart.
 */
export const DEFAULT_SK_NUMBER_FORMAT = '800.1.3.2/{seq}/{unit}-{office}/{year}';

export interface SkNumberParts {
  seq: number;
  unit: string;
  /** The issuing office's code (the instansi's BKN code, e.g. 3300; 'PUSAT' for BKN). */
  office?: string;
  year: number;
}

/** Placeholders a number format must hold so that its numbers are unique in their scope and tell offices apart. */
export const REQUIRED_SK_PLACEHOLDERS = ['{seq', '{office}', '{year}'] as const;

/** Configuration check: a format without these would make numbers collide, forever. */
export function skNumberFormatProblems(format: string): string[] {
  return REQUIRED_SK_PLACEHOLDERS.filter((p) => !format.includes(p)).map((p) => `format nomor SK harus memuat ${p}${p === '{seq' ? '}' : ''}`);
}

const PLACEHOLDER = /\{(\w+)(?::(\d+))?\}/g;

/** Fills {seq}, {seq:N} (zero-padded to N), {unit} and {year}; any other placeholder is a configuration error. */
export function formatSkNumber(format: string, parts: SkNumberParts): string {
  if (!Number.isInteger(parts.seq) || parts.seq < 1) throw new RangeError(`SK sequence must be a positive integer: ${parts.seq}`);
  if (!Number.isInteger(parts.year) || parts.year < 1000 || parts.year > 9999) throw new RangeError(`year must have 4 digits: ${parts.year}`);
  if (!/^[A-Za-z0-9.\-]+$/.test(parts.unit)) throw new RangeError(`unit code may hold letters, digits, '.' and '-' only: ${parts.unit}`);
  if (parts.office !== undefined && !/^[A-Za-z0-9.\-]+$/.test(parts.office)) throw new RangeError(`office code may hold letters, digits, '.' and '-' only: ${parts.office}`);
  return format.replace(PLACEHOLDER, (_m, name: string, width?: string) => {
    switch (name) {
      case 'seq': return width ? String(parts.seq).padStart(Number(width), '0') : String(parts.seq);
      case 'unit': return parts.unit;
      case 'office':
        if (parts.office === undefined) throw new RangeError('the SK number format asks for {office} but no office code was given');
        return parts.office;
      case 'year': return String(parts.year);
      default: throw new RangeError(`unknown placeholder {${name}} in SK number format`);
    }
  });
}

export interface PertekLayout {
  yearDigits: number;
  officeDigits: number;
  seqDigits: number;
}

export const DEFAULT_PERTEK_LAYOUT: PertekLayout = Object.freeze({ yearDigits: 2, officeDigits: 3, seqDigits: 6 });

export interface PertekNumberParts {
  /** Two or three capital letters naming the issuing unit. */
  prefix: string;
  year: number;
  kanregCode: string | number;
  seq: number;
}

export function formatPertekNumber(parts: PertekNumberParts, layout: PertekLayout = DEFAULT_PERTEK_LAYOUT): string {
  if (!/^[A-Z]{2,3}$/.test(parts.prefix)) throw new RangeError(`Pertek prefix must be 2–3 capital letters: ${parts.prefix}`);
  const office = String(parts.kanregCode);
  if (!new RegExp(`^\\d{1,${layout.officeDigits}}$`).test(office)) {
    throw new RangeError(`office code must have at most ${layout.officeDigits} digits: ${office}`);
  }
  if (!Number.isInteger(parts.seq) || parts.seq < 1 || parts.seq >= 10 ** layout.seqDigits) {
    throw new RangeError(`Pertek sequence out of range 1..${10 ** layout.seqDigits - 1}: ${parts.seq}`);
  }
  if (!Number.isInteger(parts.year) || parts.year < 1000) throw new RangeError(`year must have 4 digits: ${parts.year}`);
  const year = String(parts.year % 10 ** layout.yearDigits).padStart(layout.yearDigits, '0');
  return `${parts.prefix}-${year}${office.padStart(layout.officeDigits, '0')}${String(parts.seq).padStart(layout.seqDigits, '0')}`;
}

export interface ParsedPertekNumber {
  prefix: string;
  yearSuffix: string;
  kanregCode: string;
  seq: number;
}

export function parsePertekNumber(text: string, layout: PertekLayout = DEFAULT_PERTEK_LAYOUT): ParsedPertekNumber | null {
  const digits = layout.yearDigits + layout.officeDigits + layout.seqDigits;
  const m = new RegExp(`^([A-Z]{2,3})-(\\d{${digits}})$`).exec(text);
  if (!m) return null;
  const d = m[2];
  return {
    prefix: m[1],
    yearSuffix: d.slice(0, layout.yearDigits),
    kanregCode: d.slice(layout.yearDigits, layout.yearDigits + layout.officeDigits),
    seq: Number(d.slice(layout.yearDigits + layout.officeDigits)),
  };
}
