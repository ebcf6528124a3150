import { Router, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { Role } from '../../db/types';
import { officeToday } from '../../db/repos/users';
import { actorOf, requireAuth } from '../auth/middleware';
import { idempotent } from '../idempotency';
import { idSchema, nipSchema, parseBody, parseParams, parseQuery } from '../validate';
import {
  MAX_CHANGES_PER_USULAN, MAX_NIPS_PER_KOLEKTIF, getPeremajaanDetail, listPeremajaan, submitPeremajaan, submitPeremajaanKolektif,
} from './service';
import { decidePeremajaanChange, startPeremajaanWorkflows, withdrawPeremajaan } from './starter';

export interface PeremajaanRouterDeps {
  db: Db;
  temporal: Client;
  config: Readonly<Pick<Config, 'taskQueue' | 'sla'>>;
  /** Overridable for tests that mount the router on a bare app; defaults to the real middleware. */
  auth?: (roles?: Role[]) => RequestHandler;
  idempotency?: () => RequestHandler;
  today?: () => string;
}

const changeSchema = z.strictObject({
  area: z.string().min(1).max(40),
  field: z.string().min(1).max(60),
  value: z.unknown().refine((v) => v !== undefined && v !== null, { error: 'Nilai baru wajib diisi' }),
  documents: z.array(idSchema).max(20).default([]),
});

const submitSchema = z.strictObject({
  nip: nipSchema,
  changes: z.array(changeSchema).min(1).max(MAX_CHANGES_PER_USULAN),
});

const kolektifSchema = z.strictObject({
  nips: z.array(nipSchema).min(1).max(MAX_NIPS_PER_KOLEKTIF),
  change: changeSchema,
});

const decisionSchema = z.strictObject({
  action: z.enum(['APPROVE', 'REJECT']),
  reason: z.string().max(1000).optional(),
});

const withdrawSchema = z.strictObject({ alasan: z.string().max(1000).optional() });

const listSchema = z.strictObject({
  status: z.enum(['MENUNGGU_VERIFIKASI', 'SELESAI', 'DITARIK']).optional(),
  nip: nipSchema.optional(),
  area: z.string().max(40).optional(),
  q: z.string().max(100).optional(),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const idParams = z.strictObject({ id: idSchema });
const decisionParams = z.strictObject({ id: idSchema, changeId: idSchema });

/** Peremajaan data: mounted under /api/v1. */
export function createPeremajaanRouter(deps: PeremajaanRouterDeps): Router {
  const r = Router();
  const auth = deps.auth ?? ((roles?: Role[]) => requireAuth({ roles }));
  const once = deps.idempotency ?? (() => idempotent());
  const today = deps.today ?? (() => officeToday());
  const wf = { db: deps.db, temporal: deps.temporal, taskQueue: deps.config.taskQueue, sla: { verificationMs: deps.config.sla.verificationMs, reminderBeforeMs: deps.config.sla.reminderBeforeMs } };

  r.post('/peremajaan', auth(['EMPLOYEE', 'OPERATOR']), once(), async (req, res) => {
    const body = parseBody(submitSchema, req);
    const result = await submitPeremajaan(deps.db, actorOf(req), body, today());
    await startPeremajaanWorkflows(wf, [result.usulanId]);
    res.status(201).location(`${req.baseUrl}/peremajaan/${encodeURIComponent(result.usulanId)}`).json(result);
  });

  r.post('/peremajaan/kolektif', auth(['OPERATOR']), once(), async (req, res) => {
    const body = parseBody(kolektifSchema, req);
    const result = await submitPeremajaanKolektif(deps.db, actorOf(req), body, today());
    const ids = result.items.flatMap((i) => (i.usulanId ? [i.usulanId] : []));
    await startPeremajaanWorkflows(wf, ids);
    res.status(ids.length ? 201 : 200).json(result);
  });

  r.get('/peremajaan', auth(), async (req, res) => {
    const q = parseQuery(listSchema, req);
    res.json(await listPeremajaan(deps.db, actorOf(req), q));
  });

  r.get('/peremajaan/:id', auth(), async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getPeremajaanDetail(deps.db, actorOf(req), id));
  });

  r.post('/peremajaan/:id/changes/:changeId/decision', auth(['APPROVER', 'VERIFIER']), async (req, res) => {
    const { id, changeId } = parseParams(decisionParams, req);
    const body = parseBody(decisionSchema, req);
    res.json(await decidePeremajaanChange(deps, actorOf(req), id, changeId, body));
  });

  r.post('/peremajaan/:id/withdraw', auth(['EMPLOYEE', 'OPERATOR']), async (req, res) => {
    const { id } = parseParams(idParams, req);
    // The reason is optional, so an empty request is a withdrawal without one.
    req.body ??= {};
    const body = parseBody(withdrawSchema, req);
    res.json(await withdrawPeremajaan(deps, actorOf(req), id, body.alasan));
  });

  return r;
}
