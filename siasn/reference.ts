import snapshot from './referensi-snapshot.json';

/**
 * SIASN's reference ids (golongan 11..45, jenis jabatan, eselon, kedudukan hukum, tingkat pendidikan, kuadran kinerja)
 * are data, not enums: the parser reads them from a ReferenceTables value, which is the bundled snapshot
 * (referensi-snapshot.json, SIASN.md §5) until the live `referensi_siasn/1/<name>/search` tables replace it. An id the
 * tables do not know makes an answer refused, never guessed.
 */
export interface ReferenceRow { id: string; nama: string; kita?: string | null; jenisAsn?: string; diduga?: boolean }

export interface ReferenceTables {
  golongan: ReadonlyMap<string, ReferenceRow>;
  jenisJabatan: ReadonlyMap<string, ReferenceRow>;
  eselon: ReadonlyMap<string, ReferenceRow>;
  kedudukanHukum: ReadonlyMap<string, ReferenceRow>;
  tingkatPendidikan: ReadonlyMap<string, ReferenceRow>;
  kuadranKinerja: ReadonlyMap<string, ReferenceRow>;
  periodikKinerja: ReadonlyMap<string, ReferenceRow>;
  jenisKp: ReadonlyMap<string, ReferenceRow>;
}

export type ReferenceName = keyof ReferenceTables;

interface RawRow { id: string | number; nama: string; kita?: string | null; jenisAsn?: string; diduga?: boolean }

function table(rows: readonly RawRow[]): ReadonlyMap<string, ReferenceRow> {
  return new Map(rows.map((r) => [String(r.id), Object.freeze({ ...r, id: String(r.id) })]));
}

/** Builds the tables from rows in the snapshot's shape (the bundled file, or rows read from referensi_siasn). */
export function referenceTables(src: { [K in ReferenceName]: readonly RawRow[] }): ReferenceTables {
  return Object.freeze({
    golongan: table(src.golongan), jenisJabatan: table(src.jenisJabatan), eselon: table(src.eselon),
    kedudukanHukum: table(src.kedudukanHukum), tingkatPendidikan: table(src.tingkatPendidikan),
    kuadranKinerja: table(src.kuadranKinerja), periodikKinerja: table(src.periodikKinerja), jenisKp: table(src.jenisKp),
  });
}

export const BUNDLED_REFERENCE: ReferenceTables = referenceTables(snapshot);

/** The SIASN id whose `kita` value is ours (the stand-in speaks SIASN's ids from the same tables). */
export function siasnIdOf(t: ReadonlyMap<string, ReferenceRow>, kita: string): string {
  for (const r of t.values()) if (r.kita === kita) return r.id;
  throw new RangeError(`no SIASN reference id for ${kita}`);
}
