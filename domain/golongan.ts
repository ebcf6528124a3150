import { REGULATION } from './regulations';

/**
 * The golongan ruang ladder with SIASN ids. In the regulation's words "III/b" is golongan III, ruang b; the roman
 * numeral is called the band here, because crossing a band is what triggers STLUD and the MKG reduction.
 */
export type GolonganBand = 'I' | 'II' | 'III' | 'IV';

export type GolonganId = 11 | 12 | 13 | 14 | 21 | 22 | 23 | 24 | 31 | 32 | 33 | 34 | 41 | 42 | 43 | 44 | 45;

export interface Golongan {
  id: GolonganId;
  code: string;
  pangkat: string;
  band: GolonganBand;
  ruang: 'a' | 'b' | 'c' | 'd' | 'e';
  /** 0 for I/a up to 16 for IV/e: the position on the ladder. */
  rank: number;
}

export const GOLONGAN_REGULATION = REGULATION.KP;

const row = (id: GolonganId, code: string, pangkat: string, rank: number): Golongan => {
  const [band, ruang] = code.split('/') as [GolonganBand, Golongan['ruang']];
  return Object.freeze({ id, code, pangkat, band, ruang, rank });
};

export const GOLONGAN_LADDER: readonly Golongan[] = Object.freeze([
  row(11, 'I/a', 'Juru Muda', 0),
  row(12, 'I/b', 'Juru Muda Tingkat I', 1),
  row(13, 'I/c', 'Juru', 2),
  row(14, 'I/d', 'Juru Tingkat I', 3),
  row(21, 'II/a', 'Pengatur Muda', 4),
  row(22, 'II/b', 'Pengatur Muda Tingkat I', 5),
  row(23, 'II/c', 'Pengatur', 6),
  row(24, 'II/d', 'Pengatur Tingkat I', 7),
  row(31, 'III/a', 'Penata Muda', 8),
  row(32, 'III/b', 'Penata Muda Tingkat I', 9),
  row(33, 'III/c', 'Penata', 10),
  row(34, 'III/d', 'Penata Tingkat I', 11),
  row(41, 'IV/a', 'Pembina', 12),
  row(42, 'IV/b', 'Pembina Tingkat I', 13),
  row(43, 'IV/c', 'Pembina Utama Muda', 14),
  row(44, 'IV/d', 'Pembina Utama Madya', 15),
  row(45, 'IV/e', 'Pembina Utama', 16),
]);

export const HIGHEST_GOLONGAN_ID: GolonganId = 45;

const BY_ID = new Map<number, Golongan>(GOLONGAN_LADDER.map((g) => [g.id, g]));
const BY_CODE = new Map<string, Golongan>(GOLONGAN_LADDER.map((g) => [g.code, g]));
const BAND_ORDER: readonly GolonganBand[] = ['I', 'II', 'III', 'IV'];

export function isGolonganId(id: unknown): id is GolonganId {
  return typeof id === 'number' && BY_ID.has(id);
}

export function golonganById(id: number): Golongan | undefined {
  return BY_ID.get(id);
}

/** Strict lookup by the canonical code ('III/a'); use parseGolongan for user input. */
export function golonganByCode(code: string): Golongan | undefined {
  return BY_CODE.get(code);
}

/** Like golonganById but throws: for ids that were validated already. */
export function golongan(id: number): Golongan {
  const g = BY_ID.get(id);
  if (!g) throw new RangeError(`unknown golongan id: ${id}`);
  return g;
}

const LENIENT = /^(IV|III|II|I|[1-4])\s*[/\-.\s]?\s*([A-E])$/;
const ARABIC_TO_ROMAN: Record<string, GolonganBand> = { '1': 'I', '2': 'II', '3': 'III', '4': 'IV' };

/**
 * Reads a golongan the way people type it: 'III/a', 'iii/a', 'III-a', 'III a', '3/a', '3a', or a SIASN id
 * (31 or '31'). Returns the SIASN id, or null when it names no rung (e.g. 'II/e').
 */
export function parseGolongan(input: unknown): GolonganId | null {
  if (typeof input === 'number') return isGolonganId(input) ? input : null;
  if (typeof input !== 'string') return null;
  const text = input.trim().toUpperCase();
  if (/^\d{2}$/.test(text)) return parseGolongan(Number(text));
  const m = LENIENT.exec(text);
  if (!m) return null;
  const band = ARABIC_TO_ROMAN[m[1]] ?? (m[1] as GolonganBand);
  return golonganByCode(`${band}/${m[2].toLowerCase()}`)?.id ?? null;
}

export function nextGolongan(id: number): Golongan | null {
  return GOLONGAN_LADDER[golongan(id).rank + 1] ?? null;
}

/** Signed number of rungs from `fromId` up to `toId` (I/d → II/a is 1). */
export function stepsBetween(fromId: number, toId: number): number {
  return golongan(toId).rank - golongan(fromId).rank;
}

export function golonganBand(id: number): GolonganBand {
  return golongan(id).band;
}

export function bandIndex(band: GolonganBand): number {
  return BAND_ORDER.indexOf(band);
}

/** The band boundaries passed going up from `fromId` to `toId`, e.g. II/c → III/a gives [{ from: 'II', to: 'III' }]. */
export function bandsCrossed(fromId: number, toId: number): { from: GolonganBand; to: GolonganBand }[] {
  const a = bandIndex(golonganBand(fromId));
  const b = bandIndex(golonganBand(toId));
  const crossings: { from: GolonganBand; to: GolonganBand }[] = [];
  for (let i = a; i < b; i += 1) crossings.push({ from: BAND_ORDER[i], to: BAND_ORDER[i + 1] });
  return crossings;
}

export function crossesBand(fromId: number, toId: number): boolean {
  return golonganBand(fromId) !== golonganBand(toId);
}

/** 'Penata Muda Tingkat I (III/b)' for messages and SKs. */
export function describeGolongan(id: number): string {
  const g = golongan(id);
  return `${g.pangkat} (${g.code})`;
}
