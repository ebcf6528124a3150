import { sql } from 'kysely';
import type { AuditContext } from '../context';

/**
 * Check 2: a number is given once within its issuing office, series and year (compared after trimming and case
 * folding, so "BKN" and "bkn " are one office; the unique index compares the raw text), and every usulan, and every
 * standing document, carries exactly the number its assignment recorded.
 */
export async function checkNumbers(ctx: AuditContext): Promise<void> {
  const report = ctx.reporter('numbers');
  const { db } = ctx;

  const [{ n }] = await db.selectFrom('number_assignment').select((eb) => eb.fn.countAll<string>().as('n')).execute();
  ctx.count('numbers', Number(n));
  const dups = await sql<{ issuer: string; series: string; year: number; nomor: string; n: string; holders: string[] }>`
    SELECT upper(btrim(issuer)) AS issuer, upper(btrim(series)) AS series, year, upper(btrim(nomor)) AS nomor, count(*) AS n,
      array_agg(usulan_id || ' (' || kind || ')' ORDER BY usulan_id) AS holders
    FROM number_assignment
    GROUP BY 1, 2, 3, 4
    HAVING count(*) > 1
    ORDER BY 1, 2, 3, 4
  `.execute(db);
  for (const d of dups.rows) {
    report(`nomor:${d.issuer}/${d.series}/${d.year}/${d.nomor}`, `nomor ${d.nomor} diberikan ${d.n} kali dalam kantor ${d.issuer}, seri ${d.series}, tahun ${d.year}: ${d.holders.join(', ')}`);
  }

  const usulan = await db.selectFrom('usulan_kp as u')
    .leftJoin('number_assignment as sk', (j) => j.onRef('sk.usulan_id', '=', 'u.id').on('sk.kind', '=', 'SK'))
    .leftJoin('number_assignment as pt', (j) => j.onRef('pt.usulan_id', '=', 'u.id').on('pt.kind', '=', 'PERTEK'))
    .select(['u.id', 'u.penandatangan_sk', 'u.sk_nomor', 'u.pertek_nomor', 'sk.nomor as sk_assigned', 'pt.nomor as pertek_assigned'])
    .where((eb) => eb.or([eb('u.sk_nomor', 'is not', null), eb('u.pertek_nomor', 'is not', null), eb('sk.nomor', 'is not', null)]))
    .orderBy('u.id')
    .execute();
  for (const u of usulan) {
    ctx.count('numberedUsulan');
    const obj = `usulan:${u.id}`;
    if (u.penandatangan_sk === 'PRESIDEN') {
      // The SK of a presidential decree is the Keppres: numbered by the State Secretariat, not by us.
      if (u.sk_assigned) report(obj, `usulan yang ditetapkan dengan Keputusan Presiden diberi nomor SK ${u.sk_assigned} oleh sistem`);
    } else if (u.sk_nomor && !u.sk_assigned) {
      report(obj, `nomor SK ${u.sk_nomor} tidak tercatat pada penomoran`);
    } else if (u.sk_nomor && u.sk_nomor !== u.sk_assigned) {
      report(obj, `nomor SK usulan (${u.sk_nomor}) bukan nomor yang diberikan penomoran (${u.sk_assigned})`);
    }
    if (u.pertek_nomor && !u.pertek_assigned) report(obj, `nomor Pertek ${u.pertek_nomor} tidak tercatat pada penomoran`);
    else if (u.pertek_nomor && u.pertek_nomor !== u.pertek_assigned) {
      report(obj, `nomor Pertek usulan (${u.pertek_nomor}) bukan nomor yang diberikan penomoran (${u.pertek_assigned})`);
    }
  }

  // What a standing decree prints is what its usulan was numbered.
  const docs = await db.selectFrom('document as d')
    .innerJoin('usulan_kp as u', 'u.id', 'd.usulan_id')
    .select(['d.id', 'd.kind', 'd.nomor', 'u.id as usulan_id', 'u.sk_nomor', 'u.pertek_nomor'])
    .where('d.status', '=', 'BERLAKU').where('d.kind', 'in', ['SK', 'PERTEK']).where('d.nomor', 'is not', null)
    .execute();
  for (const d of docs) {
    const expected = d.kind === 'SK' ? d.sk_nomor : d.pertek_nomor;
    if (d.nomor !== expected) report(`document:${d.id}`, `${d.kind === 'SK' ? 'SK' : 'Pertek'} mencetak nomor ${d.nomor}, usulan ${d.usulan_id} bernomor ${expected ?? '(kosong)'}`);
  }
  const printedTwice = await sql<{ kind: string; nomor: string; docs: string[] }>`
    SELECT kind, nomor, array_agg(id ORDER BY id) AS docs
    FROM document
    WHERE status = 'BERLAKU' AND kind IN ('SK', 'PERTEK') AND nomor IS NOT NULL
    GROUP BY kind, nomor
    HAVING count(DISTINCT coalesce(usulan_id, id)) > 1
  `.execute(db);
  for (const p of printedTwice.rows) {
    report(`nomor:${p.kind}/${p.nomor}`, `${p.docs.length} ${p.kind === 'SK' ? 'SK' : 'Pertek'} berlaku untuk usulan berbeda mencetak nomor yang sama ${p.nomor}: ${p.docs.join(', ')}`);
  }
}
