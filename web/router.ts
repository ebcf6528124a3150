import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouterDeps } from '../runtime/routers';
import { requireAuth, actorOf } from '../api/auth/middleware';
import { parseQuery, isoDateSchema, idSchema } from '../api/validate';
import { AppError } from '../api/errors';
import { sql } from 'kysely';
import { scopeEmployees, scopeUsulanKp } from '../db/scope';
import { currentValues } from '../db/repos/peremajaan-columns';
import {
  MARITAL_STATUSES, PEREMAJAAN_AREAS, PEREMAJAAN_AREA_LABELS, PEREMAJAAN_FIELDS, RELIGIONS, isPeremajaanArea, verifierFor, type FieldSpec,
} from '../domain/peremajaan';
import { DOCUMENT_TYPES, peremajaanChecklist } from '../domain/documents';
import { EDUCATION_LEVELS } from '../domain/education';
import { GOLONGAN_LADDER } from '../domain/golongan';
import { KP_STATUS_LABELS } from '../domain/kp-status';
import { loadEmployeeFacts } from '../db/repos/employee-facts';
import { checkKpEligibility } from '../domain/eligibility';
import { findKpType } from '../domain/kp-types';
import { currentOpenPeriods } from '../domain/periods';
import { golonganById } from '../domain/golongan';
import { approverPage, dashboardPage, detailPage, employeePage, loginPage, operatorPage, verifierPage, verifyPage } from './pages';

export const STATIC_DIR = path.join(__dirname, 'static');

const employeeListSchema = z.object({
  jenisKp: z.coerce.number().int().default(101),
  periode: isoDateSchema.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();

const fieldValueSchema = z.object({ nip: z.string().regex(/^\d{18}$/), area: z.string().max(40), field: z.string().max(60) }).strict();
const dashboardSchema = z.object({ hari: z.coerce.number().int().min(7).max(366).default(30) }).strict();

/** A field's spec as the form needs it: input type, and the choices of enumerations and reference lists. */
function fieldForForm(spec: FieldSpec): Record<string, unknown> {
  switch (spec.type) {
    case 'enum': return { type: 'enum', options: spec.options.map((o) => ({ kode: o, label: o.replace(/_/g, ' ') })) };
    case 'reference': {
      const options = spec.list === 'EDUCATION' ? EDUCATION_LEVELS.map((e) => ({ kode: e.level, label: `${e.level} — ${e.label}` }))
        : spec.list === 'GOLONGAN' ? GOLONGAN_LADDER.map((g) => ({ kode: g.code, label: `${g.code} — ${g.pangkat}` }))
          : (spec.list === 'RELIGION' ? RELIGIONS : MARITAL_STATUSES).map((e) => ({ kode: e.code, label: e.label }));
      return { type: 'enum', options };
    }
    case 'integer': return { type: 'integer', min: spec.min, max: spec.max };
    case 'date': return { type: 'date' };
    case 'string': return { type: 'string', maxLength: spec.maxLength ?? 200 };
  }
}

/** Day keys (YYYY-MM-DD, Asia/Jakarta) of the last `n` days, oldest first. */
function lastDays(n: number, now = new Date()): string[] {
  const jakarta = new Date(now.getTime() + 7 * 3_600_000);
  return Array.from({ length: n }, (_, i) => new Date(jakarta.getTime() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

const html = (render: (req: Request) => string) => (req: Request, res: Response) => {
  res.set('Cache-Control', 'no-store').type('html').send(render(req));
};

/**
 * The web pages (HTML shells + static scripts) and the one read endpoint the pages need that the KP API lacks: a page
 * of the operator's employees with their eligibility, computed by the same domain rules the submission uses.
 */
export function createWebRouter(deps: RouterDeps): express.Router {
  const r = express.Router();
  const today = () => new Date().toISOString().slice(0, 10);

  r.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false, fallthrough: false }));

  r.get('/', (_req, res) => res.redirect(302, '/masuk'));
  r.get('/masuk', html(loginPage));
  r.get('/operator', html(operatorPage));
  r.get('/persetujuan', html(approverPage));
  r.get('/verifikasi-bkn', html(verifierPage));
  r.get('/saya', html(employeePage));
  r.get('/dasbor', html(dashboardPage));
  r.get('/usulan/:id', (req, res, next) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) return next();
    html(() => detailPage(id.data))(req, res);
  });
  r.get('/verifikasi', html(() => verifyPage()));
  r.get('/verifikasi/:id', (req, res) => {
    const id = String(req.params.id).slice(0, 200);
    html(() => verifyPage(id))(req, res);
  });

  r.get('/web-api/pegawai', requireAuth({ roles: ['OPERATOR', 'ADMIN'] }), (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const q = parseQuery(employeeListSchema, req);
      const actor = actorOf(req);
      const jenis = findKpType(q.jenisKp);
      if (!jenis) throw new AppError('BAD_REQUEST', `Jenis KP ${q.jenisKp} tidak dikenal`, [{ field: 'query.jenisKp', reason: 'tidak dikenal' }]);
      const periode = q.periode ?? currentOpenPeriods(today())[0];
      let base = scopeEmployees(deps.db.selectFrom('employee'), actor);
      if (q.q) {
        const term = q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
        base = /^\d+$/.test(q.q) ? base.where('employee.nip', 'like', `${term}%`) : base.where((eb) => eb(eb.fn('lower', ['employee.nama']), 'like', `%${term}%`));
      }
      const [{ n }] = await base.select((eb) => eb.fn.countAll<string>().as('n')).execute();
      const rows = await base
        .select(['employee.nip', 'employee.nama', 'employee.golongan_id', 'employee.jabatan_nama'])
        .select((eb) => eb.exists(eb.selectFrom('usulan_kp').select('usulan_kp.id').whereRef('usulan_kp.nip', '=', 'employee.nip').where('usulan_kp.is_open', '=', true)).as('sedang_diusulkan'))
        .orderBy('employee.nama').orderBy('employee.nip').limit(q.limit).offset(q.offset).execute();
      const facts = await loadEmployeeFacts(deps.db, rows.map((e) => e.nip));
      res.set('Cache-Control', 'no-store').json({
        periode, jenisKp: jenis.siasnId, total: Number(n), limit: q.limit, offset: q.offset,
        items: rows.map((e) => {
          const f = facts.get(e.nip);
          const result = f ? checkKpEligibility(f, jenis.code, periode) : null;
          return {
            nip: e.nip, nama: e.nama, jabatan: e.jabatan_nama, golongan: golonganById(e.golongan_id)?.code ?? String(e.golongan_id),
            sedangDiusulkan: Boolean(e.sedang_diusulkan),
            layak: result?.eligible ?? false,
            alasan: result ? result.failures.map((x) => x.message) : ['Data kepegawaian tidak lengkap'],
            peringatan: result?.warnings ?? [],
          };
        }),
      });
    })().catch(next);
  });

  /** The peremajaan areas and fields with labels, input types, choices, authority and the supporting documents each needs. */
  r.get('/web-api/peremajaan/referensi', requireAuth(), (_req: Request, res: Response) => {
    res.set('Cache-Control', 'private, max-age=300').json({
      areas: PEREMAJAAN_AREAS.map((area) => ({
        kode: area, label: PEREMAJAAN_AREA_LABELS[area],
        fields: Object.entries(PEREMAJAAN_FIELDS[area]).map(([field, spec]) => ({
          kode: field, label: spec.label, kewenangan: verifierFor({ area, field }), ...fieldForForm(spec),
          dokumen: peremajaanChecklist(area, [field]).map((i) => ({
            kode: i.code, nama: i.name, wajib: i.mandatory, alternatif: i.alternatives.map((a) => ({ kode: a, nama: DOCUMENT_TYPES[a].name })),
          })),
        })),
      })),
    });
  });

  /** The current value of one field of one person in the actor's scope (404 outside it). */
  r.get('/web-api/peremajaan/nilai', requireAuth(), (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const q = parseQuery(fieldValueSchema, req);
      if (!isPeremajaanArea(q.area) || !PEREMAJAAN_FIELDS[q.area][q.field]) {
        throw new AppError('BAD_REQUEST', `Kolom ${q.area}.${q.field} tidak dikenal`, [{ field: 'query.field', reason: 'tidak dikenal' }]);
      }
      const emp = await scopeEmployees(deps.db.selectFrom('employee').select('employee.nip'), actorOf(req)).where('employee.nip', '=', q.nip).executeTakeFirst();
      if (!emp) throw new AppError('NOT_FOUND', 'Pegawai tidak ditemukan');
      const values = await currentValues(deps.db, q.nip, [{ area: q.area, field: q.field }]);
      res.set('Cache-Control', 'no-store').json({ nip: q.nip, area: q.area, field: q.field, nilai: values.get(`${q.area}.${q.field}`) ?? null });
    })().catch(next);
  });

  /** Aggregates of the KP usulan the actor may see: per status, periode and instansi, SLA breaches and completions per day. */
  r.get('/web-api/dasbor', requireAuth({ roles: ['ADMIN', 'APPROVER', 'KANREG_HEAD', 'BKN_HEAD'] }), (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const q = parseQuery(dashboardSchema, req);
      const actor = actorOf(req);
      const scoped = () => scopeUsulanKp(deps.db.selectFrom('usulan_kp'), actor);
      const count = sql<string>`count(*)`;
      const breached = sql<string>`count(*) filter (where usulan_kp.sla_breached)`;
      const openBreached = sql<string>`count(*) filter (where usulan_kp.sla_breached and usulan_kp.is_open)`;
      const periodeKey = sql<string>`to_char(usulan_kp.periode, 'YYYY-MM-DD')`;
      const days = lastDays(q.hari);
      const dayKey = sql<string>`to_char(usulan_event.at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD')`;
      const [perStatus, perPeriode, perInstansi, sla, selesai] = await Promise.all([
        scoped().select('usulan_kp.status').select(count.as('n')).groupBy('usulan_kp.status').orderBy('usulan_kp.status').execute(),
        scoped().select(periodeKey.as('periode')).select(count.as('n')).groupBy('usulan_kp.periode').orderBy('usulan_kp.periode').execute(),
        scoped().innerJoin('instansi', 'instansi.id', 'usulan_kp.instansi_id')
          .select(['usulan_kp.instansi_id', 'instansi.nama']).select([count.as('n'), breached.as('sla')])
          .groupBy(['usulan_kp.instansi_id', 'instansi.nama']).orderBy('instansi.nama').execute(),
        scoped().select([count.as('total'), breached.as('sla'), openBreached.as('sla_terbuka')]).executeTakeFirstOrThrow(),
        scoped().innerJoin('usulan_event', 'usulan_event.usulan_id', 'usulan_kp.id')
          .where('usulan_event.jenis', '=', 'SELESAI').where('usulan_event.at', '>=', new Date(`${days[0]}T00:00:00+07:00`))
          .select(dayKey.as('hari')).select(sql<string>`count(distinct usulan_kp.id)`.as('n')).groupBy(dayKey).execute(),
      ]);
      const perDay = new Map(selesai.map((x) => [x.hari, Number(x.n)]));
      res.set('Cache-Control', 'no-store').json({
        total: Number(sla.total),
        perStatus: perStatus.map((x) => ({ status: x.status, label: KP_STATUS_LABELS[x.status as keyof typeof KP_STATUS_LABELS] ?? x.status, jumlah: Number(x.n) })),
        perPeriode: perPeriode.map((x) => ({ periode: x.periode, jumlah: Number(x.n) })),
        perInstansi: perInstansi.map((x) => ({ instansiId: x.instansi_id, nama: x.nama, jumlah: Number(x.n), melewatiSla: Number(x.sla) })),
        sla: { melewatiSla: Number(sla.sla), masihTerbuka: Number(sla.sla_terbuka) },
        selesaiPerHari: days.map((hari) => ({ hari, jumlah: perDay.get(hari) ?? 0 })),
      });
    })().catch(next);
  });

  return r;
}
