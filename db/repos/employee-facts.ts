import { sql, type Kysely } from 'kysely';
import { educationInfo, parseEducationLevel, type EducationLevel } from '../../domain/education';
import type {
  EmployeeFacts, Eselon, JabatanFacts, JfLevel, Rating, SanctionFacts, SanctionLevel, StludFacts, StrukturalLevel,
} from '../../domain/types';
import type { Database } from '../types';

/**
 * The one place where database rows become domain EmployeeFacts. Eight queries whatever the number of NIPs (one per
 * table, `= ANY($1)`), so a collective usulan of thousands of people costs a few milliseconds of round trips.
 *
 * Readings made here:
 * - education: the highest recognised (diakui) row of employee_education, or employee.pendidikan_level when that is
 *   higher or there are no rows;
 * - jabatan level: employee.jf_level holds the jenjang for FUNGSIONAL (AHLI_MUDA, TERAMPIL, ...) and the jabatan
 *   level for STRUKTURAL (JPT_MADYA, ADMINISTRATOR, ...); the schema has one column for both;
 * - STLUD tingkat 1 opens golongan III, tingkat 2 opens IV;
 * - employee.angka_kredit is the PAK's credit towards the next pangkat, earned since the TMT of the current pangkat
 *   (what the KP JF rule compares, Peraturan BKN 3/2023), not a career-cumulative total; a source that only has
 *   cumulative totals must fill JabatanFacts.angkaKreditKumulatif instead;
 * - eselon from employee.eselon (III.a → IIIA); the date of inauguration (tmtJabatan) of a jabatan struktural from
 *   the latest STRUKTURAL row of riwayat jabatan (imported, issue 14); without them the struktural pangkat range falls
 *   back to the jabatan level and the masa-jabatan rule finds no date. The schema holds no Diklatpim or penemuan baru
 *   decree yet, so an exemption or a route that needs one is not granted;
 * - a rating or sanction level the domain does not know is dropped (rating: then the year counts as missing) or read
 *   as BERAT (sanction), so bad data never works in the employee's favour;
 * - a year with no yearly SKP but periodic kinerja (e-Kinerja, monthly or quarterly) that covers January to December
 *   counts with the lowest of its periods' predikat: an assumption (DOMAIN.md and the seeds give no rule for it) that
 *   never rates a year better than any part of it. A year the periods do not cover stays missing.
 */
export async function loadEmployeeFacts(db: Kysely<Database>, nips: readonly string[]): Promise<Map<string, EmployeeFacts>> {
  const out = new Map<string, EmployeeFacts>();
  const wanted = [...new Set(nips)];
  if (wanted.length === 0) return out;
  const any = sql<boolean>`nip = ANY(${wanted}::text[])`;

  const [employees, ratings, strukturalSince, periodic, sanctions, stluds, educations, extras, openChanges] = await Promise.all([
    db.selectFrom('employee')
      .select(['nip', 'jenis_asn', 'tanggal_lahir', 'golongan_id', 'tmt_golongan', 'mkg_tahun', 'mkg_bulan', 'pendidikan_level',
        'jabatan_nama', 'jabatan_jenis', 'jf_level', 'angka_kredit', 'eselon', 'blocked_by_bkn'])
      .where(any).execute(),
    db.selectFrom('employee_rating').select(['nip', 'tahun', 'predikat']).where(any).orderBy('tahun').execute(),
    db.selectFrom('employee_jabatan_history').select(['nip', (eb) => eb.fn.max('tmt').as('tmt')]).where(any).where('jenis', '=', 'STRUKTURAL').groupBy('nip').execute(),
    db.selectFrom('employee_kinerja_periodik').select(['nip', 'tahun', 'bulan_mulai', 'bulan_selesai', 'predikat']).where(any).execute(),
    db.selectFrom('employee_sanction').select(['nip', 'tingkat', 'tmt_mulai', 'tmt_selesai']).where(any).orderBy('tmt_mulai').execute(),
    db.selectFrom('employee_stlud').select(['nip', 'tingkat', 'tanggal']).where(any).execute(),
    db.selectFrom('employee_education').select(['nip', 'level']).where(any).where('diakui', '=', true).execute(),
    db.selectFrom('employee_kp_extra').selectAll().where(any).execute(),
    // Eligibility uses verified data only; an open peremajaan is reported as a warning on the explanation.
    db.selectFrom('peremajaan_change').select(['nip', 'area']).distinct().where(any).where('is_open', '=', true).execute(),
  ]);

  const group = <R extends { nip: string }>(rows: R[]): Map<string, R[]> => {
    const m = new Map<string, R[]>();
    for (const r of rows) {
      const list = m.get(r.nip);
      if (list) list.push(r);
      else m.set(r.nip, [r]);
    }
    return m;
  };
  const ratingsBy = group(ratings);
  const periodicBy = group(periodic);
  const inauguratedBy = new Map(strukturalSince.map((r) => [r.nip, r.tmt as string]));
  const sanctionsBy = group(sanctions);
  const stludBy = group(stluds);
  const educationBy = group(educations);
  const extraBy = new Map(extras.map((x) => [x.nip, x]));
  const openBy = group(openChanges);

  for (const e of employees) {
    const facts: EmployeeFacts = {
      nip: e.nip,
      jenisAsn: e.jenis_asn,
      birthDate: e.tanggal_lahir,
      golonganId: e.golongan_id,
      tmtGolongan: e.tmt_golongan,
      mkgTahun: e.mkg_tahun,
      mkgBulan: e.mkg_bulan,
      education: { level: highestEducation(e.pendidikan_level, (educationBy.get(e.nip) ?? []).map((r) => r.level)) },
      ratings: yearlyRatings(ratingsBy.get(e.nip) ?? [], periodicBy.get(e.nip) ?? []),
      jabatan: toJabatan(e, inauguratedBy.get(e.nip)),
      stlud: (stludBy.get(e.nip) ?? []).flatMap((s): StludFacts[] =>
        s.tingkat === 1 ? [{ opensBand: 'III', passedAt: s.tanggal }] : s.tingkat === 2 ? [{ opensBand: 'IV', passedAt: s.tanggal }] : []),
      sanctions: (sanctionsBy.get(e.nip) ?? []).map((s): SanctionFacts => ({ from: s.tmt_mulai, to: s.tmt_selesai, level: toSanctionLevel(s.tingkat) })),
      blockedByBkn: e.blocked_by_bkn,
    };
    const x = extraBy.get(e.nip);
    const newLevel = parseEducationLevel(x?.penyesuaian_level);
    if (x && newLevel) {
      facts.penyesuaianIjazah = { newLevel, recognised: x.penyesuaian_diakui === true, examPassed: x.penyesuaian_ujian_lulus === true };
    }
    if (x?.keputusan_prestasi) facts.prestasiDecree = true;
    if (x?.atasan_golongan_id) facts.superiorGolonganId = x.atasan_golongan_id;
    const open = openBy.get(e.nip);
    if (open) facts.openPeremajaanAreas = open.map((o) => o.area);
    out.set(e.nip, facts);
  }
  return out;
}

function highestEducation(recordLevel: string, recognised: string[]): EducationLevel {
  let best = parseEducationLevel(recordLevel);
  for (const raw of recognised) {
    const level = parseEducationLevel(raw);
    if (level && (!best || educationInfo(level).rank > educationInfo(best).rank)) best = level;
  }
  // The column is NOT NULL; an unknown code is the lowest level rather than a crash in the middle of a batch.
  return best ?? 'SD';
}

const RATINGS: readonly Rating[] = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'];
const JF_LEVELS: readonly JfLevel[] = ['AHLI_PERTAMA', 'AHLI_MUDA', 'AHLI_MADYA', 'AHLI_UTAMA', 'PEMULA', 'TERAMPIL', 'MAHIR', 'PENYELIA'];
const STRUKTURAL_LEVELS: readonly StrukturalLevel[] = ['JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS'];
const SANCTION_LEVELS: readonly SanctionLevel[] = ['RINGAN', 'SEDANG', 'BERAT'];
const ESELONS: readonly Eselon[] = ['IA', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IVA', 'IVB', 'VA'];

const norm = (s: string): string => s.trim().toUpperCase().replace(/[\s-]+/g, '_');

function toRating(predikat: string): Rating | null {
  const r = norm(predikat);
  return (RATINGS as readonly string[]).includes(r) ? (r as Rating) : null;
}

/** The yearly SKP, and for a year without one, its periodic kinerja when the periods cover the whole year (see above). */
function yearlyRatings(yearly: { tahun: number; predikat: string }[], periodic: { tahun: number; bulan_mulai: number; bulan_selesai: number; predikat: string }[]): { year: number; rating: Rating }[] {
  const out = yearly.flatMap((r) => {
    const rating = toRating(r.predikat);
    return rating ? [{ year: r.tahun, rating }] : [];
  });
  const rated = new Set(yearly.map((r) => r.tahun));
  const byYear = new Map<number, typeof periodic>();
  for (const p of periodic) if (!rated.has(p.tahun)) (byYear.get(p.tahun) ?? byYear.set(p.tahun, []).get(p.tahun)!).push(p);
  for (const [year, periods] of byYear) {
    const months = new Set<number>();
    for (const p of periods) for (let m = p.bulan_mulai; m <= p.bulan_selesai; m++) months.add(m);
    const ratings = periods.map((p) => toRating(p.predikat));
    // An unreadable predikat in any period leaves the year missing, as an unreadable yearly one does.
    if (months.size < 12 || ratings.some((r) => r === null)) continue;
    const worst = (ratings as Rating[]).reduce((a, b) => (RATINGS.indexOf(b) > RATINGS.indexOf(a) ? b : a));
    out.push({ year, rating: worst });
  }
  return out.sort((a, b) => a.year - b.year);
}

function toSanctionLevel(tingkat: string): SanctionLevel {
  const t = norm(tingkat);
  return (SANCTION_LEVELS as readonly string[]).includes(t) ? (t as SanctionLevel) : 'BERAT';
}

function toJabatan(e: {
  jabatan_nama: string; jabatan_jenis: JabatanFacts['kind']; jf_level: string | null; angka_kredit: string | null; eselon: string | null;
}, inaugurated: string | undefined): JabatanFacts {
  const j: JabatanFacts = { kind: e.jabatan_jenis, name: e.jabatan_nama };
  if (e.jabatan_jenis === 'STRUKTURAL') {
    const eselon = e.eselon ? e.eselon.replace(/[.\s]/g, '').toUpperCase() : null;
    if (eselon && (ESELONS as readonly string[]).includes(eselon)) j.eselon = eselon as Eselon;
    if (inaugurated) j.tmtJabatan = inaugurated;
  }
  const level = e.jf_level ? norm(e.jf_level) : null;
  if (e.jabatan_jenis === 'FUNGSIONAL' && level && (JF_LEVELS as readonly string[]).includes(level)) j.jfLevel = level as JfLevel;
  if (e.jabatan_jenis === 'STRUKTURAL' && level && (STRUKTURAL_LEVELS as readonly string[]).includes(level)) {
    j.strukturalLevel = level as StrukturalLevel;
  }
  if (e.jabatan_jenis === 'FUNGSIONAL' && e.angka_kredit !== null) j.angkaKredit = Number(e.angka_kredit);
  return j;
}
