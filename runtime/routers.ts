import type express from 'express';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';
import type { SignerBackend } from '../signing';
import type { Clock } from '../domain/office-clock';
import { createKpRouter } from '../api/kp/routes';
import { createDocumentRouter } from '../api/documents/routes';
import { createPeremajaanRouter } from '../api/peremajaan/routes';
import { createBerkasRouter } from '../api/berkas/routes';
import { createNotificationRouter } from '../api/notifications/routes';
import { createWebRouter } from '../web/router';
import { createConsistencyRouter } from '../web/consistency-routes';
import { createOidcRouter } from '../api/auth/oidc-routes';
import { createIntegrasiRouter } from '../api/integrasi/routes';
import { createSiasnRouter } from '../api/siasn/routes';
import { createRekonRouter } from '../api/rekon/routes';
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
  /** Office dates (the SK's date); the wall clock unless a test fixes the day. */
  clock?: Clock;
}

/** Every router the engine mounts, in order: the one assembly the engine and the tests share. */
export function buildRouters(deps: RouterDeps): { path: string; router: express.Router }[] {
  return [
    { path: '/api/v1', router: createKpRouter({ db: deps.db, temporal: deps.temporal, config: deps.config, blobs: deps.blobs, signer: deps.signer, clock: deps.clock }) },
    { path: '/api/v1', router: createDocumentRouter({ db: deps.db, blobs: deps.blobs, trustedRootsPem: deps.trustedRootsPem }) },
    { path: '/api/v1', router: createNotificationRouter({ db: deps.db }) },
    { path: '/api/v1', router: createBerkasRouter({ db: deps.db, blobs: deps.blobs }) },
    { path: '/api/v1', router: createPeremajaanRouter({ db: deps.db, temporal: deps.temporal, config: deps.config }) },
    { path: '/api/v1', router: createIntegrasiRouter({ db: deps.db, temporal: deps.temporal, config: deps.config, spoolDir: deps.blobs.spoolDir }) },
    { path: '/api/v1', router: createRekonRouter({ db: deps.db, temporal: deps.temporal, config: deps.config }) },
    { path: '/api/v1', router: createSiasnRouter({ db: deps.db, temporal: deps.temporal, config: deps.config }) },
    { path: '/', router: createConsistencyRouter({ ...deps, namespace: deps.config.temporalNamespace }) },
    // Sign-in through the identity provider, when one is configured (OIDC_ISSUER or the stand-in of `npm start`).
    ...(deps.config.sso.oidc ? [{ path: '/', router: createOidcRouter({ db: deps.db, oidc: deps.config.sso.oidc }) }] : []),
    { path: '/', router: createWebRouter(deps) },
  ];
}
