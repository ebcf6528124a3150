import path from 'node:path';
import { guardedRoutes } from '../api/guarded-route';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db';
import { actorOf } from '../api/auth/middleware';
import { parseQuery, isoDateSchema, idSchema, nipSchema, freeText, describeSent } from '../api/validate';
import type { Actor, Role } from '../domain/identity';
import { AppError } from '../api/errors';
import { sql } from 'kysely';
import { scopeEmployees, scopeUsulanKp } from '../db/scope';
import { currentValues } from '../db/repos/peremajaan-columns';
import {
  MARITAL_STATUSES, PEREMAJAAN_AREAS, PEREMAJAAN_AREA_LABELS, PEREMAJAAN_FIELDS, RELIGIONS, isPeremajaanArea, verifierFor, type FieldSpec,
} from '../domain/peremajaan';
import { DOCUMENT_TYPES, namesSeveral, peremajaanChecklist } from '../domain/documents';
import { EDUCATION_LEVELS } from '../domain/education';
import { GOLONGAN_LADDER } from '../domain/golongan';
import { KP_STATUS_LABELS } from '../domain/kp-lifecycle';
import { PEREMAJAAN_VOCABULARY } from '../domain/peremajaan-lifecycle';
import { loadKpRuleBook } from '../db/repos/kp-rule-versions';
import { kpRuleVersionFor } from '../domain/kp-rule-versions';
import { judgeKpReadiness, type KpReadiness } from '../api/kp/readiness';
import { MAX_NIPS_PER_SUBMISSION } from '../api/kp/submit';
import { findKpType } from '../domain/kp-types';
import { currentOpenPeriods } from '../domain/periods';
import { golonganById } from '../domain/golongan';
import { totpPage } from './account-page';
import { importPage } from './import-page';
import { forecastPage } from './forecast-page';
import { notificationPage, operatorUsulanPage } from './operator-usulan-page';
import { approverPage, collectivePeremajaanPage, dashboardPage, detailPage, employeePage, loginPage, operatorPage, verifierPage, verifyPage } from './pages';
import { officeTodayOf } from '../db/repos/office-dates';
import { sendCsv } from '../api/csv-file';

export const STATIC_DIR = path.join(__dirname, 'static');

const employeeListSchema = z.object({
  jenisKp: z.coerce.number().int().default(101).meta({ description: 'Jenis KP (id SIASN) yang kelayakannya dinilai' }),
  periode: isoDateSchema.optional(),
  q: freeText({ max: 100, description: 'Awal NIP atau bagian nama' }),
  unorId: idSchema.optional().meta({ description: 'Unit organisasi; termasuk unit di bawahnya' }),
  layak: z.enum(['true', 'false']).optional().meta({ description: 'true: hanya yang layak untuk jenis KP dan periode ini; false: hanya yang belum layak' }),
  siap: z.enum(['true', 'false']).optional()
    .meta({ description: 'true: hanya yang siap diajukan (layak, berkas wajib lengkap, tanpa usulan terbuka periode ini); false: hanya yang belum siap' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  format: z.enum(['json', 'csv']).default('json')
    .meta({ description: 'csv: semua pegawai yang tersaring (bukan satu halaman; batasnya batas saringan kelayakan) sebagai CSV UTF-8 berpemisah titik koma' }),
}).strict();

/** Area and field codes; the names every object has (constructor, toString) are refused, the field tables being plain objects. */
const codeSchema = (max: number) =>
  z.string().max(max)
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: (iss) => `Harus kode (huruf, angka, garis bawah); diterima ${describeSent(iss.input)}` })
    .refine((v) => !(v in Object.prototype), { error: (iss) => `Kode tidak dikenal; diterima ${describeSent(iss.input)}` });
const fieldValueSchema = z.object({ nip: nipSchema, area: codeSchema(40), field: codeSchema(60) }).strict();
const dashboardSchema = z.object({ hari: z.coerce.number().int().min(7).max(366).default(30) }).strict();

/** Filtering by eligibility evaluates every candidate (the rules are code, not SQL); past this many, narrow first. */
export const ELIGIBILITY_SCAN_LIMIT = 20_000;
const EMPLOYEE_LISTERS: Role[] = ['OPERATOR', 'ADMIN'];
const DASHBOARD_ROLES: Role[] = ['ADMIN', 'APPROVER', 'KANREG_HEAD', 'BKN_HEAD'];
const employeeItem = z.object({
  nip: z.string(), nama: z.string(), jabatan: z.string(), golongan: z.string(), unorId: z.string().nullable(), sedangDiusulkan: z.boolean(), layak: z.boolean(),
  alasan: z.array(z.string()), peringatan: z.array(z.unknown()),
  berkasKurang: z.array(z.string()).meta({ description: 'Dokumen wajib yang belum diunggah untuk jenis KP ini' }),
  siap: z.boolean().meta({ description: 'Layak, berkas lengkap dan tanpa usulan terbuka: pengajuan tidak akan menahannya' }),
});
const readyListSchema = employeeListSchema.omit({ layak: true, siap: true, limit: true, offset: true, format: true });
const readyAnswer = z.object({ periode: z.string(), jenisKp: z.number(), total: z.number(), items: z.array(z.object({ nip: z.string(), nama: z.string() })), belumSiap: z.number() });
const employeePageSchema = z.object({ periode: z.string(), jenisKp: z.number(), total: z.number(), limit: z.number(), offset: z.number(), items: z.array(employeeItem) });

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
export interface WebRouterDeps {
  db: Db;
}

export function createWebRouter(deps: WebRouterDeps): express.Router {
  const r = express.Router();
  const route = guardedRoutes(r, '');

  r.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false, fallthrough: false }));

  r.get('/', (_req, res) => res.redirect(302, '/masuk'));
  r.get('/masuk', html(loginPage));
  r.get('/operator', html(operatorPage));
  r.get('/operator/peremajaan-kolektif', html(collectivePeremajaanPage));
  r.get('/operator/impor', html(importPage));
  r.get('/operator/prakiraan', html(forecastPage));
  r.get('/operator/usulan', html(operatorUsulanPage));
  r.get('/notifikasi', html(notificationPage));
  r.get('/persetujuan', html(approverPage));
  r.get('/verifikasi-bkn', html(verifierPage));
  r.get('/saya', html(employeePage));
  r.get('/dasbor', html(dashboardPage));
  r.get('/akun/2fa', html(totpPage));
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

  /** The employees in the actor's scope that match the list's search and unit filters (both list routes use it). */
  const filteredEmployees = (actor: Actor, q: { q?: string; unorId?: string }) => {
    let base = scopeEmployees(deps.db.selectFrom('employee'), actor);
    if (q.q) {
      const term = q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
      base = /^\d+$/.test(q.q) ? base.where('employee.nip', 'like', `${term}%`) : base.where((eb) => eb(eb.fn('lower', ['employee.nama']), 'like', `%${term}%`));
    }
    if (q.unorId) {
      base = base.where(sql<boolean>`employee.unor_id IN (
        WITH RECURSIVE sub(id) AS (SELECT id FROM unor WHERE id = ${q.unorId} UNION SELECT u.id FROM unor u JOIN sub ON u.parent_id = sub.id)
        SELECT id FROM sub)`);
    }
    return base;
  };
  /** The KP type, period and rule version a list judges by, and a judge that remembers each employee's readiness. */
  const readinessJudge = async (actor: Actor, q: { jenisKp: number; periode?: string }) => {
    const jenis = findKpType(q.jenisKp);
    if (!jenis) throw new AppError('BAD_REQUEST', `Jenis KP ${q.jenisKp} tidak dikenal`, [{ field: 'query.jenisKp', reason: `Tidak dikenal; diterima angka ${q.jenisKp}` }]);
    const periode = q.periode ?? currentOpenPeriods(await officeTodayOf(deps.db, actor))[0];
    const ruleVersion = kpRuleVersionFor(periode, await loadKpRuleBook(deps.db));
    const judged = new Map<string, KpReadiness>();
    const judge = async (nips: string[]) => {
      for (const [nip, r] of await judgeKpReadiness(deps.db, nips, { jenis: jenis.code, periode, ruleVersion })) judged.set(nip, r);
    };
    return { jenis, periode, judged, judge };
  };
  /** Judges every matching employee, in batches, in name order; refuses past ELIGIBILITY_SCAN_LIMIT (narrow first). */
  const judgeAll = async (base: ReturnType<typeof filteredEmployees>, judge: (nips: string[]) => Promise<void>): Promise<string[]> => {
    const candidates = await base.select('employee.nip').orderBy('employee.nama').orderBy('employee.nip').limit(ELIGIBILITY_SCAN_LIMIT + 1).execute();
    if (candidates.length > ELIGIBILITY_SCAN_LIMIT) {
      throw new AppError('UNPROCESSABLE', `Lebih dari ${ELIGIBILITY_SCAN_LIMIT} pegawai untuk disaring menurut kelayakan: persempit dengan unorId atau q`, [
        { field: 'query.layak', reason: 'Terlalu banyak pegawai untuk dinilai sekaligus' },
      ]);
    }
    const nips = candidates.map((c) => c.nip);
    for (let i = 0; i < nips.length; i += 1000) await judge(nips.slice(i, i + 1000));
    return nips;
  };

  route({
    method: 'get', path: '/web-api/pegawai', tags: ['Pegawai'],
    summary: 'Pegawai dalam wewenang beserta kelayakan KP-nya (halaman operator), berhalaman',
    description: `Disaring menurut unit organisasi (unorId, termasuk unit di bawahnya), NIP/nama (q) dan kelayakan (layak) untuk jenis KP dan periode yang diminta. Saringan kelayakan menilai paling banyak ${ELIGIBILITY_SCAN_LIMIT} pegawai; persempit dengan unorId atau q bila lebih.`,
    request: { query: employeeListSchema }, security: { roles: EMPLOYEE_LISTERS },
    responses: { 200: { description: 'Satu halaman pegawai', schema: employeePageSchema }, 422: { description: 'Terlalu banyak pegawai untuk saringan kelayakan' } },
  }, (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const q = parseQuery(employeeListSchema, req);
      const actor = actorOf(req);
      const { jenis, periode, judged, judge } = await readinessJudge(actor, q);
      const base = filteredEmployees(actor, q);
      const keep = (nip: string) => {
        const r = judged.get(nip);
        return (q.layak === undefined || (r?.eligibility?.eligible ?? false) === (q.layak === 'true'))
          && (q.siap === undefined || (r?.ready ?? false) === (q.siap === 'true'));
      };
      if (q.format === 'csv') {
        await judgeAll(base, judge);
        const all = await base.leftJoin('unor', 'unor.id', 'employee.unor_id')
          .select(['employee.nip', 'employee.nama', 'employee.golongan_id', 'employee.jabatan_nama', 'unor.nama as unor_nama'])
          .orderBy('employee.nama').orderBy('employee.nip').limit(ELIGIBILITY_SCAN_LIMIT).execute();
        const yes = (b: boolean) => (b ? 'Ya' : 'Tidak');
        sendCsv(res, `kelayakan-kp-${jenis.siasnId}-${periode}.csv`, [
          ['nip', 'nama', 'jabatan', 'golongan', 'unit_kerja', 'jenis_kp', 'periode', 'layak', 'siap_diajukan', 'sedang_diusulkan', 'alasan_belum_layak', 'berkas_kurang'],
          ...all.filter((e) => keep(e.nip)).map((e) => {
            const r = judged.get(e.nip);
            const result = r?.eligibility ?? null;
            return [e.nip, e.nama, e.jabatan_nama, golonganById(e.golongan_id)?.code ?? e.golongan_id, e.unor_nama, jenis.name, periode,
              yes(result?.eligible ?? false), yes(r?.ready ?? false), yes(!!r?.openUsulanId),
              (result ? result.failures.map((x) => x.message) : ['Data kepegawaian tidak lengkap']).join(' | '), (r?.missingBerkas ?? []).join(' | ')];
          }),
        ]);
        return;
      }
      let total: number;
      let page = base;
      if (q.layak === undefined && q.siap === undefined) {
        const [{ n }] = await base.select((eb) => eb.fn.countAll<string>().as('n')).execute();
        total = Number(n);
        page = base.orderBy('employee.nama').orderBy('employee.nip').limit(q.limit).offset(q.offset);
      } else {
        const nips = await judgeAll(base, judge);
        const matching = nips.filter(keep);
        total = matching.length;
        const shown = matching.slice(q.offset, q.offset + q.limit);
        page = base.where('employee.nip', 'in', shown.length ? shown : ['']).orderBy('employee.nama').orderBy('employee.nip');
      }
      const rows = await page
        .select(['employee.nip', 'employee.nama', 'employee.golongan_id', 'employee.jabatan_nama', 'employee.unor_id'])
        .execute();
      await judge(rows.map((e) => e.nip).filter((nip) => !judged.has(nip)));
      res.set('Cache-Control', 'no-store').json({
        periode, jenisKp: jenis.siasnId, total, limit: q.limit, offset: q.offset,
        items: rows.map((e) => {
          const r = judged.get(e.nip);
          const result = r?.eligibility ?? null;
          return {
            nip: e.nip, nama: e.nama, jabatan: e.jabatan_nama, golongan: golonganById(e.golongan_id)?.code ?? String(e.golongan_id), unorId: e.unor_id,
            sedangDiusulkan: !!r?.openUsulanId,
            layak: result?.eligible ?? false,
            alasan: result ? result.failures.map((x) => x.message) : ['Data kepegawaian tidak lengkap'],
            peringatan: result?.warnings ?? [],
            berkasKurang: r?.missingBerkas ?? [],
            siap: r?.ready ?? false,
          };
        }),
      });
    })().catch(next);
  });

  // "Pilih semua yang siap": every NIP the submission would accept under the current filter, for one click.
  route({
    method: 'get', path: '/web-api/pegawai/siap', tags: ['Pegawai'],
    summary: 'Semua NIP yang siap diajukan (layak, berkas lengkap, tanpa usulan terbuka) menurut saringan yang sama',
    description: `Paling banyak ${MAX_NIPS_PER_SUBMISSION} NIP, batas satu pengajuan kolektif.`,
    request: { query: readyListSchema }, security: { roles: EMPLOYEE_LISTERS },
    responses: { 200: { description: 'NIP yang siap', schema: readyAnswer }, 422: { description: 'Terlalu banyak pegawai untuk dinilai' } },
  }, (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const q = parseQuery(readyListSchema, req);
      const actor = actorOf(req);
      const { jenis, periode, judged, judge } = await readinessJudge(actor, q);
      const nips = await judgeAll(filteredEmployees(actor, q), judge);
      const ready = nips.filter((n) => judged.get(n)?.ready).slice(0, MAX_NIPS_PER_SUBMISSION);
      const names = new Map(ready.length ? (await deps.db.selectFrom('employee').select(['nip', 'nama']).where('nip', 'in', ready).execute()).map((e) => [e.nip, e.nama]) : []);
      res.set('Cache-Control', 'no-store').json({
        periode, jenisKp: jenis.siasnId, total: ready.length, items: ready.map((nip) => ({ nip, nama: names.get(nip) ?? '' })), belumSiap: nips.length - ready.length,
      });
    })().catch(next);
  });

  /** The peremajaan areas and fields with labels, input types, choices, authority and the supporting documents each needs. */
  route({
    method: 'get', path: '/web-api/peremajaan/referensi', tags: ['Peremajaan'],
    summary: 'Area dan kolom peremajaan (label, jenis isian, pilihan, kewenangan, dokumen pendukung) dan siklus usulan (status, status perubahan, tindakan, peristiwa, notifikasi)', responses: { 200: { description: 'Referensi formulir' } },
  }, (_req: Request, res: Response) => {
    res.set('Cache-Control', 'private, max-age=300').json({
      ...PEREMAJAAN_VOCABULARY,
      areas: PEREMAJAAN_AREAS.map((area) => ({
        kode: area, label: PEREMAJAAN_AREA_LABELS[area],
        fields: Object.entries(PEREMAJAAN_FIELDS[area]).map(([field, spec]) => ({
          kode: field, label: spec.label, kewenangan: verifierFor({ area, field }), ...fieldForForm(spec),
          dokumen: peremajaanChecklist(area, [field]).map((i) => ({
            kode: i.code, nama: i.name, wajib: i.mandatory, bersama: namesSeveral(i.code),
            alternatif: i.alternatives.map((a) => ({ kode: a, nama: DOCUMENT_TYPES[a].name, bersama: namesSeveral(a) })),
          })),
        })),
      })),
    });
  });

  /** The unit tree of the instansi the actor works for, to pick the people of a unit for a collective change. */
  route({
    method: 'get', path: '/web-api/unor', tags: ['Pegawai'], summary: 'Pohon unit organisasi instansi dalam wewenang (id, nama, induk, jumlah pegawai)',
    security: { roles: EMPLOYEE_LISTERS }, responses: { 200: { description: 'Unit organisasi, induk sebelum anak' } },
  }, (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const actor = actorOf(req);
      let qb = deps.db.selectFrom('unor').select(['unor.id', 'unor.nama', 'unor.parent_id', 'unor.instansi_id'])
        .select((eb) => eb.selectFrom('employee').select((e) => e.fn.countAll<string>().as('n')).whereRef('employee.unor_id', '=', 'unor.id').as('pegawai'));
      if (actor.role !== 'ADMIN') qb = qb.where('unor.instansi_id', 'in', [actor.instansiId ?? '', ...actor.delegatedInstansiIds]);
      const rows = await qb.orderBy('unor.instansi_id').orderBy('unor.nama').execute();
      const byParent = new Map<string | null, typeof rows>();
      const listed = new Set(rows.map((u) => u.id));
      for (const u of rows) {
        const parent = u.parent_id && listed.has(u.parent_id) ? u.parent_id : null;
        byParent.set(parent, [...(byParent.get(parent) ?? []), u]);
      }
      const items: { id: string; nama: string; parentId: string | null; instansiId: string; tingkat: number; pegawai: number }[] = [];
      const walk = (parent: string | null, depth: number) => {
        for (const u of byParent.get(parent) ?? []) {
          items.push({ id: u.id, nama: u.nama, parentId: u.parent_id, instansiId: u.instansi_id, tingkat: depth, pegawai: Number(u.pegawai ?? 0) });
          walk(u.id, depth + 1);
        }
      };
      walk(null, 0);
      res.set('Cache-Control', 'no-store').json({ items });
    })().catch(next);
  });

  /** The current value of one field of one person in the actor's scope (404 outside it). */
  route({
    method: 'get', path: '/web-api/peremajaan/nilai', tags: ['Peremajaan'], summary: 'Nilai sekarang satu kolom data seorang pegawai dalam wewenang',
    request: { query: fieldValueSchema }, responses: { 200: { description: 'Nilai' }, 404: { description: 'Pegawai tidak ada atau di luar wewenang' } },
  }, (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const q = parseQuery(fieldValueSchema, req);
      if (!isPeremajaanArea(q.area) || !Object.hasOwn(PEREMAJAAN_FIELDS[q.area], q.field)) {
        throw new AppError('BAD_REQUEST', `Kolom ${q.area}.${q.field} tidak dikenal`, [{ field: isPeremajaanArea(q.area) ? 'query.field' : 'query.area', reason: `Tidak dikenal; diterima "${q.area}.${q.field}"` }]);
      }
      const emp = await scopeEmployees(deps.db.selectFrom('employee').select('employee.nip'), actorOf(req)).where('employee.nip', '=', q.nip).executeTakeFirst();
      if (!emp) throw new AppError('NOT_FOUND', 'Pegawai tidak ditemukan');
      const values = await currentValues(deps.db, q.nip, [{ area: q.area, field: q.field }]);
      res.set('Cache-Control', 'no-store').json({ nip: q.nip, area: q.area, field: q.field, nilai: values.get(`${q.area}.${q.field}`) ?? null });
    })().catch(next);
  });

  /** Aggregates of the KP usulan the actor may see: per status, periode and instansi, SLA breaches and completions per day. */
  route({
    method: 'get', path: '/web-api/dasbor', tags: ['Dasbor'], summary: 'Ringkasan usulan KP dalam wewenang: per status, periode, instansi, SLA dan selesai per hari',
    request: { query: dashboardSchema }, security: { roles: DASHBOARD_ROLES }, responses: { 200: { description: 'Ringkasan' } },
  }, (req: Request, res: Response, next: NextFunction) => {
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
        scoped().select([count.as('total'), breached.as('sla'), openBreached.as('sla_terbuka'), sql<string>`count(*) filter (where usulan_kp.stuck_since is not null)`.as('macet')]).executeTakeFirstOrThrow(),
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
        // Steps stopped on a failure no retry healed (LANGKAH_MACET): each needs someone to fix its cause.
        macet: Number(sla.macet),
        selesaiPerHari: days.map((hari) => ({ hari, jumlah: perDay.get(hari) ?? 0 })),
      });
    })().catch(next);
  });

  return r;
}
