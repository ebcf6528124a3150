import { X509Certificate } from 'node:crypto';
import { guardedRoutes } from '../api/guarded-route';
import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';
import { runConsistencyAudit } from '../auditor/consistency';
import { CHECK_NAMES, isCheckName, type AuditOptions, type CheckName, type ConsistencyReport } from '../auditor/types';
import { mountConsistencyPage } from './consistency-page';
import { AppError } from '../api/errors';
import { parseQuery } from '../api/validate';

export interface ConsistencyRouterDeps {
  db: Db;
  temporal: Client;
  blobs: Pick<BlobStore, 'get'>;
  keysDir: string;
  /** The stand-in PKI's public certificates (the engine opened the PKI once at start). */
  pki: { rootCertPem: string; issuingCaCertPem: string; tsaCertPem: string };
  namespace?: string;
  /** Defaults for an on-demand audit of a live system (it settles for 2 s before reporting). */
  auditOptions?: Omit<AuditOptions, 'checks'>;
}

const konsistensiQuery = z.strictObject({
  cek: z.string().max(200).regex(/^[a-z-]+(,[a-z-]+)*$/, { error: 'Nama pemeriksaan dipisah koma, huruf kecil dan tanda hubung saja' }).optional()
    .meta({ description: `Pemeriksaan yang dijalankan, dipisah koma (bawaan: semua): ${CHECK_NAMES.join(', ')}` }),
});
const violationSchema = z.object({
  check: z.enum(CHECK_NAMES),
  object: z.string().meta({ description: 'Yang melanggar, sebagai <jenis>:<id>, mis. document:DOC-…, usulan:…, nomor:…, workflow:…, audit_log:…' }),
  message: z.string(),
});
export const consistencyReportSchema = z.object({
  ok: z.boolean(),
  violations: z.array(violationSchema),
  checked: z.record(z.string(), z.number()).meta({ description: 'Jumlah yang diperiksa per jenis objek' }),
  checks: z.array(z.enum(CHECK_NAMES)),
  startedAt: z.string(),
  durationMs: z.number(),
});

/** After the schema's pattern, names hold only a-z and '-', so echoing an unknown one back is safe. */
function parseChecks(raw: string | undefined): CheckName[] | undefined {
  const asked = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((c) => !isCheckName(c));
  if (unknown.length) {
    throw new AppError('BAD_REQUEST', 'Pemeriksaan tidak dikenal', unknown.map((c) => ({ field: 'query.cek', reason: `"${c.slice(0, 40)}" bukan salah satu dari ${CHECK_NAMES.join(', ')}` })));
  }
  return asked.length ? asked.filter(isCheckName) : undefined;
}

/** One audit at a time per set of checks: a second request while one runs gets the same answer. */
function singleFlight(deps: ConsistencyRouterDeps): (checks?: CheckName[]) => Promise<ConsistencyReport> {
  const running = new Map<string, Promise<ConsistencyReport>>();
  return (checks) => {
    const key = (checks ?? []).join(',');
    let p = running.get(key);
    if (!p) {
      p = runConsistencyAudit({
        db: deps.db, blobs: deps.blobs, temporal: deps.temporal, namespace: deps.namespace, keysDir: deps.keysDir,
        trustedRootsPem: [deps.pki.rootCertPem], settleMs: 2000, ...deps.auditOptions, checks,
      }).finally(() => running.delete(key));
      running.set(key, p);
    }
    return p;
  };
}

interface Anchor {
  name: 'root' | 'issuing-ca' | 'tsa';
  label: string;
  pem: string;
}

const PEM_TYPE = 'application/x-pem-file';
/** RFC 2585 §4.1. */
const DER_TYPE = 'application/pkix-cert';

/**
 * The admin consistency audit (JSON and page) and the public trust anchor: the stand-in root, issuing CA and TSA
 * certificates, so that a relying party can check a decree's chain with its own tools and without our disk.
 */
export function createConsistencyRouter(deps: ConsistencyRouterDeps): Router {
  const router = Router();
  const route = guardedRoutes(router, '');
  const audit = singleFlight(deps);

  route(
    {
      method: 'get',
      path: '/api/v1/admin/konsistensi',
      summary: 'Periksa konsistensi global (tanda tangan, nomor, SK, workflow, tenggat, log audit)',
      description: 'Hanya membaca, tidak memperbaiki. Pelanggaran yang hilang dalam 2 detik (workflow di tengah langkah) tidak dilaporkan. '
        + 'Pemeriksaan yang tidak dapat dijalankan (mis. Temporal tidak terjangkau) dilaporkan sebagai pelanggaran.',
      tags: ['admin'],
      security: { roles: ['ADMIN'] },
      request: { query: konsistensiQuery },
      responses: { 200: { description: 'Hasil pemeriksaan; ok=false bila ada pelanggaran', schema: consistencyReportSchema } },
    },
    async (req: Request, res: Response) => {
      const q = parseQuery(konsistensiQuery, req);
      res.set('Cache-Control', 'no-store').json(await audit(parseChecks(q.cek)));
    },
  );

  const anchors: Anchor[] = [
    { name: 'root', label: 'akar (root CA)', pem: deps.pki.rootCertPem },
    { name: 'issuing-ca', label: 'CA penerbit sertifikat pejabat dan TSA', pem: deps.pki.issuingCaCertPem },
    { name: 'tsa', label: 'otoritas cap waktu (TSA)', pem: deps.pki.tsaCertPem },
  ];
  const described = anchors.map((a) => {
    const x = new X509Certificate(a.pem);
    return {
      nama: a.name, keterangan: a.label, subjek: x.subject.replace(/\n/g, ', '), penerbit: x.issuer.replace(/\n/g, ', '),
      serial: x.serialNumber, sidikJariSha256: x.fingerprint256, berlakuDari: new Date(x.validFrom).toISOString(), berlakuSampai: new Date(x.validTo).toISOString(),
      pem: `/pki/${a.name}.pem`, der: `/pki/${a.name}.der`,
    };
  });
  const anchorSchema = z.object({
    nama: z.enum(['root', 'issuing-ca', 'tsa']), keterangan: z.string(), subjek: z.string(), penerbit: z.string(), serial: z.string(),
    sidikJariSha256: z.string().meta({ description: 'Bandingkan dengan sidik jari yang diumumkan melalui saluran lain sebelum mempercayai akar' }),
    berlakuDari: z.string(), berlakuSampai: z.string(), pem: z.string(), der: z.string(),
  });
  const publicCache = (res: Response) => res.set('Cache-Control', 'public, max-age=3600');

  route(
    {
      method: 'get', path: '/pki', summary: 'Sertifikat jangkar kepercayaan PKI stand-in (akar, CA penerbit, TSA) dan sidik jarinya',
      description: 'PKI ini tiruan untuk pengembangan, BUKAN BSrE. Pihak yang memeriksa dokumen mempercayai akar ini untuk memverifikasi tanda tangan.',
      tags: ['pki'], security: 'none',
      responses: { 200: { description: 'Sertifikat', schema: z.object({ sertifikat: z.array(anchorSchema) }) } },
    },
    (_req: Request, res: Response) => {
      publicCache(res).json({ sertifikat: described });
    },
  );
  for (const a of anchors) {
    const der = new X509Certificate(a.pem).raw;
    route(
      {
        method: 'get', path: `/pki/${a.name}.pem`, summary: `Sertifikat ${a.label} PKI stand-in (PEM)`, tags: ['pki'], security: 'none',
        responses: { 200: { description: 'Sertifikat X.509, PEM', contentType: PEM_TYPE, schema: z.string() } },
      },
      (_req: Request, res: Response) => {
        publicCache(res).attachment(`bsre-stand-in-${a.name}.pem`).type(PEM_TYPE).send(a.pem);
      },
    );
    route(
      {
        method: 'get', path: `/pki/${a.name}.der`, summary: `Sertifikat ${a.label} PKI stand-in (DER)`, tags: ['pki'], security: 'none',
        responses: { 200: { description: 'Sertifikat X.509, DER', contentType: DER_TYPE, schema: z.string().meta({ format: 'binary' }) } },
      },
      (_req: Request, res: Response) => {
        publicCache(res).attachment(`bsre-stand-in-${a.name}.cer`).type(DER_TYPE).send(der);
      },
    );
  }

  mountConsistencyPage(router, audit);
  return router;
}
