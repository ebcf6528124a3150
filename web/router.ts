import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RouterDeps } from '../runtime/routers';
import { requireAuth, actorOf } from '../api/auth/middleware';
import { parseQuery, isoDateSchema, idSchema } from '../api/validate';
import { AppError } from '../api/errors';
import { scopeEmployees } from '../db/scope';
import { loadEmployeeFacts } from '../db/repos/employee-facts';
import { checkKpEligibility } from '../domain/eligibility';
import { findKpType } from '../domain/kp-types';
import { currentOpenPeriods } from '../domain/periods';
import { golonganById } from '../domain/golongan';
import { approverPage, detailPage, employeePage, loginPage, operatorPage, verifierPage, verifyPage } from './pages';

export const STATIC_DIR = path.join(__dirname, 'static');

const employeeListSchema = z.object({
  jenisKp: z.coerce.number().int().default(101),
  periode: isoDateSchema.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();

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

  return r;
}
