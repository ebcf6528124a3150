import type express from 'express';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';
import { ensureStandInPki, type SignerBackend } from '../signing';
import { createDocumentRouter } from '../api/documents/routes';
import { createPeremajaanRouter } from '../api/peremajaan/routes';
import { createBerkasRouter } from '../api/berkas/routes';
import { createNotificationRouter } from '../api/notifications/routes';
import { createWebRouter } from '../web/router';

export interface RouterDeps {
  db: Db;
  temporal: Client;
  config: Readonly<Config>;
  blobs: BlobStore;
  signer: SignerBackend;
  keysDir: string;
}

/** Routers of the other services, mounted beside the KP API. */
export async function buildRouters(deps: RouterDeps): Promise<{ path: string; router: express.Router }[]> {
  const pki = await ensureStandInPki(deps.keysDir, { caPassphrase: deps.config.signingCaPassphrase });
  return [
    { path: '/api/v1', router: createDocumentRouter({ db: deps.db, blobs: deps.blobs, trustedRootsPem: [pki.rootCertPem] }) },
    { path: '/api/v1', router: createNotificationRouter({ db: deps.db }) },
    { path: '/api/v1', router: createBerkasRouter({ db: deps.db, blobs: deps.blobs }) },
    { path: '/api/v1', router: createPeremajaanRouter({ db: deps.db, temporal: deps.temporal, config: deps.config }) },
    { path: '/', router: createWebRouter(deps) },
  ];
}
