import type express from 'express';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';
import type { SignerBackend } from '../signing';
import { createDocumentRouter } from '../api/documents/routes';
import { createPeremajaanRouter } from '../api/peremajaan/routes';
import { createBerkasRouter } from '../api/berkas/routes';
import { createNotificationRouter } from '../api/notifications/routes';
import { createWebRouter } from '../web/router';
import { createConsistencyRouter } from '../web/consistency-routes';
import type { StandInPki } from '../signing';

export interface RouterDeps {
  db: Db;
  temporal: Client;
  config: Readonly<Config>;
  blobs: BlobStore;
  signer: SignerBackend;
  /** The stand-in root the verification page trusts (the engine opened the PKI once at start). */
  trustedRootsPem: string[];
  /** The key store and the stand-in PKI's public certificates: the consistency audit and the trust-anchor routes. */
  keysDir: string;
  pki: StandInPki;
}

/** Routers of the other services, mounted beside the KP API. */
export function buildRouters(deps: RouterDeps): { path: string; router: express.Router }[] {
  return [
    { path: '/api/v1', router: createDocumentRouter({ db: deps.db, blobs: deps.blobs, trustedRootsPem: deps.trustedRootsPem }) },
    { path: '/api/v1', router: createNotificationRouter({ db: deps.db }) },
    { path: '/api/v1', router: createBerkasRouter({ db: deps.db, blobs: deps.blobs }) },
    { path: '/api/v1', router: createPeremajaanRouter({ db: deps.db, temporal: deps.temporal, config: deps.config }) },
    { path: '/', router: createConsistencyRouter({ ...deps, namespace: deps.config.temporalNamespace }) },
    { path: '/', router: createWebRouter(deps) },
  ];
}
