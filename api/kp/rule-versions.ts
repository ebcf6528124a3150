import type { Request, Response, RequestHandler } from 'express';
import { z } from 'zod';
import type { Db } from '../../db';
import type { RouteSpec } from '../openapi';
import { parseBody, isoDateSchema, freeText, requireJson } from '../validate';
import { idempotent } from '../idempotency';
import { AppError } from '../errors';
import { appendAudit } from '../../db/repos/audit-log';
import { loadKpRuleBook, publishKpRuleVersion, KpRuleVersionRefused } from '../../db/repos/kp-rule-versions';
import { KP_RULE_VERSIONS, kpRuleVersionFor, type KpRuleVersion } from '../../domain/kp-rule-versions';
import { ANGKA_KREDIT_REQUIRED, isKpTypeModelled } from '../../domain/eligibility';
import { KP_TYPES, type KpTypeCode } from '../../domain/kp-types';
import { DOCUMENT_TYPES, type DocumentCode } from '../../domain/documents';
import { currentOpenPeriods } from '../../domain/periods';
import type { Actor } from '../../domain/identity';

const RATINGS = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
const MODELLED = KP_TYPES.map((t) => t.code).filter(isKpTypeModelled) as [KpTypeCode, ...KpTypeCode[]];
const DOCUMENT_CODES = Object.keys(DOCUMENT_TYPES) as [DocumentCode, ...DocumentCode[]];
const JF_LEVELS = Object.keys(ANGKA_KREDIT_REQUIRED) as [keyof typeof ANGKA_KREDIT_REQUIRED, ...(keyof typeof ANGKA_KREDIT_REQUIRED)[]];

const typeParameters = z.strictObject({
  minYearsInPangkat: z.number().int().min(0).max(10).nullable().optional(),
  ratingYears: z.number().int().min(0).max(5).optional(),
  minRating: z.enum(RATINGS).optional(),
});

/** Only the parameters that differ between regulations can be published; the rules themselves are code. */
export const publishSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9._-]{2,39}$/, { error: 'Id versi: huruf besar, angka, titik, garis bawah atau tanda hubung (3-40), diawali huruf' }),
  validFrom: isoDateSchema.meta({ description: 'Tanggal periode pertama yang diatur versi ini' }),
  regulation: freeText({ max: 300, required: true, description: 'Peraturan yang menetapkan versi ini' }),
  summary: freeText({ max: 500, required: true, description: 'Apa yang berubah' }),
  dasarHukum: z.array(freeText({ max: 400, required: true })).min(1).max(15).meta({ description: 'Konsiderans Mengingat SK di bawah versi ini' }),
  superiorCap: z.boolean().meta({ description: 'KP reguler dibatasi pangkat atasan langsung' }),
  typeRules: z.partialRecord(z.enum(MODELLED), typeParameters).optional(),
  angkaKreditRequired: z.partialRecord(z.enum(JF_LEVELS), z.number().int().min(0).max(1000)).optional(),
  documents: z.partialRecord(z.enum(MODELLED), z.strictObject({
    add: z.array(z.enum(DOCUMENT_CODES)).max(20).optional(),
    optional: z.array(z.enum(DOCUMENT_CODES)).max(20).optional(),
  })).optional().meta({ description: 'Perubahan berkas per jenis KP: dokumen wajib tambahan, dokumen yang tidak lagi wajib' }),
  skNumberFormat: z.string().regex(/^[A-Za-z0-9./_{}:-]{1,100}$/, { error: 'Format nomor SK: huruf, angka, . / _ - : dan placeholder {seq} {unit} {office} {year}' }).optional().meta({ description: 'Format nomor SK yang ditetapkan versi ini, mis. 800.1.3.2/{seq}/{unit}-{office}/{year}' }),
  appliesToOpen: z.boolean().default(false).meta({ description: 'Berlaku juga bagi usulan yang sudah terbuka untuk periodenya' }),
});

const view = (v: KpRuleVersion, builtIn: boolean) => ({ ...v, builtIn });

/** How a submission, an usulan and its explanation name the version they were judged by. */
export const aturanOf = (v: KpRuleVersion) => ({ id: v.id, berlakuMulai: v.validFrom, regulasi: v.regulation, ringkasan: v.summary });

type Route = (spec: RouteSpec, ...handlers: RequestHandler[]) => void;

/**
 * The KP rule book over HTTP: everyone who judges or follows an usulan can read which rules govern which period;
 * an administrator publishes a new version (a regulation that changes a parameter), audited.
 */
export function kpRuleVersionRoutes(route: Route, deps: { db: Db; today: (req: Request) => Promise<string> }, common: {
  actorOf: (req: Request) => Actor; ok: (d: string) => Record<number, { description: string }>; errs: Record<number, { description: string }>;
  wrap: (fn: (req: Request, res: Response) => Promise<void>) => RequestHandler;
}): void {
  const { actorOf, ok, errs, wrap } = common;
  const builtIn = new Set(KP_RULE_VERSIONS.map((v) => v.id));

  route({ method: 'get', path: '/kp/aturan', summary: 'Versi aturan KP menurut tanggal berlaku, dan versi yang mengatur tiap periode yang sedang terbuka', tags: ['KP'], responses: { ...ok('Versi aturan'), ...errs }, security: { roles: ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN', 'KANREG_HEAD', 'BKN_HEAD'] } },
  wrap(async (req, res) => {
    const book = await loadKpRuleBook(deps.db);
    const periodeTerbuka = currentOpenPeriods(await deps.today(req)).map((periode) => ({ periode, aturan: kpRuleVersionFor(periode, book).id }));
    res.json({ periodeTerbuka, items: book.map((v) => view(v, builtIn.has(v.id))) });
  }));

  route({ method: 'post', path: '/admin/aturan-kp', summary: 'Terbitkan versi aturan KP baru (berlaku menurut tanggal periode)', tags: ['admin'], request: { body: publishSchema }, responses: { 201: { description: 'Versi diterbitkan' }, ...errs }, security: { roles: ['ADMIN'] }, idempotent: 'optional' },
  requireJson, idempotent({ optional: true }), wrap(async (req, res) => {
    const body = parseBody(publishSchema, req);
    const actor = actorOf(req);
    const version: KpRuleVersion = body;
    try {
      await publishKpRuleVersion(deps.db, version, actor.userId);
    } catch (err) {
      if (err instanceof KpRuleVersionRefused) {
        throw new AppError(err.taken ? 'CONFLICT' : 'UNPROCESSABLE', err.message, err.problems.map((reason) => ({ field: 'body', reason })));
      }
      throw err;
    }
    await appendAudit(deps.db, { actorId: actor.userId, action: 'KP_RULE_VERSION_PUBLISH', objectType: 'kp_rule_version', objectId: version.id, ip: req.ip, data: { ...version } });
    res.status(201).json(view(version, false));
  }));
}
