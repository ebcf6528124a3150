import type { Request, RequestHandler, Response } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db';
import type { RouteSpec } from '../openapi';
import { parseQuery } from '../validate';
import { csvCell } from '../csv-cell';
import { AppError } from '../errors';
import { requireInstansi } from '../scope-guard';
import { loadEmployeeFacts } from '../../db/repos/employee-facts';
import { loadKpRuleBook } from '../../db/repos/kp-rule-versions';
import { checkKpEligibility, forecastEligibility } from '../../domain/eligibility';
import { kpRuleVersionFor } from '../../domain/kp-rule-versions';
import { golonganById } from '../../domain/golongan';
import { nextPeriodOnOrAfter } from '../../domain/periods';
import { addDays, type IsoDate } from '../../domain/dates';
import { findKpType, type KpTypeCode } from '../../domain/kp-types';
import type { EmployeeFacts } from '../../domain/types';
import type { Actor } from '../../domain/identity';

type Route = (spec: RouteSpec, ...handlers: RequestHandler[]) => void;

const query = z.strictObject({
  jumlahPeriode: z.coerce.number().int().min(1).max(24).default(12).meta({ description: 'Berapa periode KP ke depan (1-24)' }),
  unorId: z.string().regex(/^[A-Za-z0-9._:/-]{1,80}$/, { error: 'Id unit organisasi tidak sah' }).optional().meta({ description: 'Hanya unit ini dan unit di bawahnya' }),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(50000).default(5000),
});

/** The KP route an employee's jabatan points to: JF by credit points, struktural by their post, everyone else reguler. */
const routeOf = (f: EmployeeFacts): KpTypeCode =>
  f.jabatan.kind === 'FUNGSIONAL' ? 'JABATAN_FUNGSIONAL' : f.jabatan.kind === 'STRUKTURAL' ? 'JABATAN_STRUKTURAL' : 'REGULER';

/**
 * The eligibility forecast (issue 14): who of the operator's instansi (or one unit and the units under it) becomes
 * eligible for KP in the next N periods, by which route and to which golongan, and what stands in the way until then
 * (the rules still failing at the next period). Ratings not yet given are assumed BAIK, and the result says so.
 */
export function kpForecastRoutes(route: Route, deps: { db: Db; today: (req: Request) => Promise<IsoDate> }, common: {
  actorOf: (req: Request) => Actor; ok: (d: string) => Record<number, { description: string }>; errs: Record<number, { description: string }>;
  wrap: (fn: (req: Request, res: Response) => Promise<void>) => RequestHandler;
}): void {
  const { actorOf, ok, errs, wrap } = common;
  route({ method: 'get', path: '/kp/prakiraan', summary: 'Prakiraan kelayakan KP: siapa yang memenuhi syarat dalam N periode ke depan, lewat jalur apa, dan apa yang masih kurang (per unit kerja; JSON atau CSV)', tags: ['KP'], request: { query }, responses: { ...ok('Prakiraan'), ...errs }, security: { roles: ['OPERATOR'], scopes: ['kp:read'] } },
  wrap(async (req, res) => {
    const q = parseQuery(query, req);
    const actor = actorOf(req);
    const instansiId = requireInstansi(actor);
    if (q.unorId) {
      const unit = await deps.db.selectFrom('unor').select('id').where('id', '=', q.unorId).where('instansi_id', '=', instansiId).executeTakeFirst();
      if (!unit) throw new AppError('NOT_FOUND', `Unit organisasi ${q.unorId} tidak ada di instansi Anda`);
    }
    const people = await deps.db.selectFrom('employee').leftJoin('unor', 'unor.id', 'employee.unor_id')
      .select(['employee.nip', 'employee.nama', 'employee.golongan_id', 'unor.id as unor_id', 'unor.nama as unor_nama'])
      .where('employee.instansi_id', '=', instansiId).where('employee.kedudukan_hukum', '=', 'AKTIF')
      .$if(!!q.unorId, (qb) => qb.where(sql<boolean>`employee.unor_id in (with recursive t(id) as (select ${q.unorId}::text union select u.id from unor u join t on u.parent_id = t.id) select id from t)`))
      .orderBy('employee.nip').limit(q.limit).execute();
    const today = await deps.today(req);
    const from = nextPeriodOnOrAfter(addDays(today, 1));
    const book = await loadKpRuleBook(deps.db);
    const facts = await loadEmployeeFacts(deps.db, people.map((p) => p.nip));
    const items = people.map((p) => {
      const f = facts.get(p.nip);
      if (!f || !from) return { nip: p.nip, nama: p.nama, unorId: p.unor_id, unorNama: p.unor_nama, jalur: null, jalurNama: null, periodeLayak: null, golonganSaatIni: golonganById(p.golongan_id)?.code ?? null, golonganTujuan: null, kendala: ['Data pegawai tidak lengkap untuk dinilai'], asumsi: [] };
      const jalur = routeOf(f);
      const r = forecastEligibility(f, jalur, from, q.jumlahPeriode, undefined, { ruleVersion: undefined, ruleBook: book });
      // What stands in the way at the next period, in the rules' own words (the forecast keeps the full result only for
      // the eligible period, so the next period is judged once more when that is a later one).
      const kendala = r.firstEligiblePeriod === from ? [] : checkKpEligibility(f, jalur, from, { ruleBook: book }).failures.map((x) => x.message);
      return {
        nip: p.nip, nama: p.nama, unorId: p.unor_id, unorNama: p.unor_nama, jalur, jalurNama: findKpType(jalur)?.name ?? jalur, periodeLayak: r.firstEligiblePeriod,
        golonganSaatIni: golonganById(f.golonganId)?.code ?? null,
        golonganTujuan: r.result?.targetGolonganId ? golonganById(r.result.targetGolonganId)?.code ?? null : null,
        kendala, asumsi: r.result?.warnings ?? [],
      };
    });
    const ruleVersion = from ? kpRuleVersionFor(from, book).id : null;
    if (q.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="prakiraan-kp-${instansiId}.csv"`);
      const lines = [['nip', 'nama', 'unit_kerja', 'jalur', 'golongan_saat_ini', 'periode_layak', 'golongan_tujuan', 'kendala_periode_berikut', 'asumsi'].join(';')];
      for (const i of items) lines.push([i.nip, i.nama, i.unorNama, i.jalur, i.golonganSaatIni, i.periodeLayak ?? `tidak dalam ${q.jumlahPeriode} periode`, i.golonganTujuan, i.kendala.join(' | '), i.asumsi.join(' | ')].map(csvCell).join(';'));
      res.send(`\ufeff${lines.join('\n')}\n`);
      return;
    }
    const perPeriode: Record<string, number> = {};
    for (const i of items) if (i.periodeLayak) perPeriode[i.periodeLayak] = (perPeriode[i.periodeLayak] ?? 0) + 1;
    res.json({ dariPeriode: from, jumlahPeriode: q.jumlahPeriode, aturan: ruleVersion, total: items.length, perPeriode, items });
  }));
}
