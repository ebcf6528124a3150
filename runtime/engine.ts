import fs from 'node:fs';
import { systemClock } from '../config/clock';
import http from 'node:http';
import path from 'node:path';
import { createLogger } from '../api/observability';
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { createDb, ensureDatabase, migrateToLatest, type Db } from '../db';
import { startEmbeddedPostgres } from './embedded-postgres';
import { ensureTemporalCli } from './temporal-cli';
import { startDevServer, PortTakenError } from './temporal-dev-server';
import { ensureTemporalServer } from './temporal-server';
import { startTemporalCluster } from './temporal-cluster';
import { isPortFree } from './ports';
import { createWorkers, type WorkerSet } from './worker';
import { FsBlobStore } from '../dms/blob-store';
import { missingPdfTools } from '../dms/pdf-inspect';
import { createLocalSigner, ensureStandInPki, enrolOfficial, withUnlockCache, type SignerBackend } from '../signing';
import { createSmtpMailer, type Mailer } from '../notify/mailer';
import { startMailCapture, type MailCapture } from '../notify/capture-server';
import { createKpActivities } from '../activities/kp';
import { createKpDocumentActivities } from '../activities/kp-documents';
import { createPeremajaanActivities } from '../activities/peremajaan';
import { createImportActivities } from '../activities/master-import';
import { createRekonActivities } from '../activities/rekon';
import { createBaselineActivities } from '../activities/baseline';
import { closeApp, createApp } from '../api/app';
import { startHousekeeping } from './housekeeping';
import { type Clock } from '../domain/office-clock';
import { buildRouters } from './routers';
import { startStandInIdp } from './stand-in-idp';
import { seedDemo, DEMO_SIGNERS, todayInJakarta } from '../db/seed';
import { startStandInSiasn } from '../siasn/stand-in/server';
import { createSiasnClient, type SiasnPort } from '../siasn/client';
import { createSiasnSyncActivities } from '../activities/siasn-sync';
import { createSiasnOutboxActivities } from '../activities/siasn-outbox';
import { ensureOutboxDelivery } from './outbox-delivery';

export interface EngineOptions {
  /** What this process runs: everything (embedded mode), only the API, or only workers. */
  role?: 'all' | 'api' | 'worker';
  workerRole?: 'all' | 'workflows' | 'documents';
  log?: (msg: string) => void;
  /** Seed demo data when the database is empty (embedded mode). */
  seedIfEmpty?: boolean;
  /** Overrides for tests: an existing Temporal address and database. */
  temporalAddress?: string;
  databaseUrl?: string;
  /** Port 0 picks a free one (tests). */
  port?: number;
  mailCapturePort?: number;
  keysDir?: string;
  /** The blob store's folder (default DATA_DIR/blobs); tests share one with the seeded template. */
  blobDir?: string;
  enrolDemoSigners?: boolean;
  /** Background duties (start committed-but-unstarted workflows, metrics); false turns them off (most tests). */
  housekeeping?: false | { everyMs?: number; olderThanMs?: number };
  /** The one clock decree dates, windows and numbers read (tests stand it at 06:59 WIB). */
  clock?: Clock;
  /** Run the stand-in identity provider (runtime/stand-in-idp.ts) when OIDC_ISSUER is unset (`npm start`). */
  standInIdp?: boolean;
  /** Run the stand-in SIASN (siasn/stand-in/) when SIASN_BASE_URL is unset (`npm start`). */
  standInSiasn?: boolean;
}

export interface Engine {
  config: Readonly<Config>;
  db: Db;
  temporal: Client;
  blobs: FsBlobStore;
  signer: SignerBackend;
  keysDir: string;
  url?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  mail?: MailCapture;
  workers?: WorkerSet;
  clock: Clock;
  /** The stand-in identity provider this engine started, if any. */
  standInIdp?: { issuer: string };
  /** The stand-in SIASN this engine started, if any. */
  standInSiasn?: { url: string };
  stop(): Promise<void>;
}

export async function startEngine(config: Readonly<Config>, opts: EngineOptions = {}): Promise<Engine> {
  const log = opts.log ?? ((m: string) => process.stdout.write(m + '\n'));
  const role = opts.role ?? 'all';
  const clock = opts.clock ?? systemClock;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`shutdown: ${String(e)}`));
  };
  try {
    await checkPortsFree(config, opts, role);
    let standInIdp: { issuer: string } | undefined;
    if (opts.standInIdp && !config.sso.oidc && role !== 'worker') {
      const port = opts.port ?? config.port;
      if (port === 0) throw new Error('The stand-in identity provider registers the app\'s address: give PORT a number, or set OIDC_ISSUER');
      const idp = await startStandInIdp({
        port: config.sso.standInPort, host: config.host, log,
        appOrigins: [config.publicBaseUrl, `http://localhost:${port}`, `http://127.0.0.1:${port}`, ...(config.host === '0.0.0.0' ? [] : [`http://${config.host}:${port}`])],
      });
      stops.push(idp.stop);
      standInIdp = { issuer: idp.issuer };
      config = Object.freeze({ ...config, sso: { ...config.sso, oidc: idp.oidc } });
    }
    let standInSiasn: { url: string } | undefined;
    if (opts.standInSiasn && !config.siasn.baseUrl && role !== 'api') {
      const s = await startStandInSiasn({ port: config.siasn.standInPort, today: todayInJakarta(new Date(clock.now())), log });
      stops.push(s.stop);
      standInSiasn = { url: s.url };
      config = Object.freeze({ ...config, siasn: {
        ...config.siasn, endpoints: s.endpoints, accounts: s.accounts,
        // The stand-in is no gateway with a quota: a demo pull of an instansi takes seconds, not 20 minutes.
        minIntervalMs: config.siasn.throttleSet ? config.siasn.minIntervalMs : 20,
      } });
    }
    fs.mkdirSync(config.dataDir, { recursive: true });

    let databaseUrl = opts.databaseUrl ?? config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
      stops.push(pg.stop);
      databaseUrl = await ensureDatabase(pg.url, 'usulan');
      log(`PostgreSQL (embedded) on 127.0.0.1:${config.embeddedPgPort}, data in ${path.join(config.dataDir, 'pg')}`);
    }
    const blobs = new FsBlobStore(opts.blobDir ?? path.join(config.dataDir, 'blobs'));
    const missingReaders = missingPdfTools();
    if (missingReaders.length > 0) log(`WARNING: uploads will be refused (503) until these are installed: ${missingReaders.join(', ')}`);
    const db = createDb(databaseUrl, { max: config.dbPoolSize });
    stops.push(() => db.destroy());
    await migrateToLatest(db);
    if (opts.seedIfEmpty && config.demoSeed) {
      const any = await db.selectFrom('kanreg').select('id').limit(1).executeTakeFirst();
      if (!any) {
        await seedDemo(db, { putBlob: (b) => blobs.put(b) });
        log('Demo data seeded (see README for the demo users).');
      }
    }

    let temporalAddress = opts.temporalAddress ?? config.temporalAddress;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress && config.temporalMode === 'cluster') {
      const cluster = await startTemporalCluster({
        binaries: await ensureTemporalServer({ rootDir: config.rootDir, log }), databaseUrl, namespace: config.temporalNamespace,
        dataDir: path.join(config.dataDir, 'temporal-cluster'), frontendPort: config.temporalPort, log,
      });
      stops.push(cluster.stop);
      temporalAddress = cluster.address;
      log(`Temporal cluster (frontend, matching, worker, 2 history nodes) on PostgreSQL ready in ${(cluster.startMs / 1000).toFixed(1)} s`);
    }
    if (!temporalAddress) {
      const cli = await ensureTemporalCli({ rootDir: config.rootDir, explicit: config.temporalCli, log });
      const server = await startDevServer({
        cliPath: cli, dbFile: path.join(config.dataDir, 'temporal', 'temporal.sqlite'), port: config.temporalPort, uiPort: config.temporalUiPort,
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }
    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.temporalNamespace });

    const keysDir = opts.keysDir ?? path.join(config.dataDir, 'keys');
    const pki = await ensureStandInPki(keysDir, { caPassphrase: config.signingCaPassphrase });
    if (opts.enrolDemoSigners ?? opts.seedIfEmpty) {
      for (const s of DEMO_SIGNERS) {
        await enrolOfficial(keysDir, { id: s.signerId, name: s.nama, nip: s.nip, jabatan: s.jabatan, passphrase: s.passphrase }, { caPassphrase: config.signingCaPassphrase });
      }
    }
    const signer = withUnlockCache(createLocalSigner(keysDir, { caPassphrase: config.signingCaPassphrase }), { ttlMs: config.signingSessionMs });

    let mailer: Mailer | undefined;
    let mail: MailCapture | undefined;
    if (role !== 'api') {
      let smtpUrl = config.smtpUrl;
      if (!smtpUrl) {
        mail = await startMailCapture(opts.mailCapturePort ?? config.smtpCapturePort);
        stops.push(mail.stop);
        smtpUrl = `smtp://127.0.0.1:${mail.port}`;
      }
      mailer = createSmtpMailer(smtpUrl, config.mailFrom);
      const m = mailer;
      stops.push(async () => m.close());
    }

    let workers: WorkerSet | undefined;
    if (role !== 'api') {
      workers = await createWorkers({
        address: temporalAddress, namespace: config.temporalNamespace, taskQueue: config.taskQueue, role: opts.workerRole ?? 'all',
        activities: { ...createKpActivities({ db, mailer, publicBaseUrl: config.publicBaseUrl }), ...extraActivities(db, mailer, config), ...createBaselineActivities() },
        documentActivities: createKpDocumentActivities({ db, blobs, clock }),
      });
      const w = workers;
      // The process entry points add their own listener (exit non-zero); onFatal replays a failure that came first.
      w.onFatal((e) => log(`worker stopped: ${e.message}`));
      // Its failure is reported through onFatal, once, with the queue it happened on.
      void w.run().catch(() => undefined);
      stops.push(() => w.shutdown());
    }

    let url: string | undefined;
    if (role !== 'worker') {
      const logger = createLogger({ level: config.logLevel });
      const app = createApp({
        db, config, temporal, logger, trustProxy: config.trustProxy,
        extraRouters: buildRouters({ db, temporal, config, blobs, signer, trustedRootsPem: [pki.rootCertPem], keysDir, pki, clock }),
      });
      // PASSWORD_LOGIN=off: the password login is refused in front of the app (api/auth/oidc-routes.ts says why).
      const server = http.createServer(app);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE'
          ? new Error(`Port ${opts.port ?? config.port} (PORT) is already in use. Choose another with PORT=<port>.`) : e));
        server.listen(opts.port ?? config.port, config.host, () => resolve());
      });
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
      stops.push(() => new Promise<void>((resolve) => { closeApp(app); server.closeAllConnections(); server.close(() => resolve()); }));
      if (opts.housekeeping !== false) {
        const stopHousekeeping = startHousekeeping({ db, temporal, config }, { log, ...opts.housekeeping });
        stops.push(async () => stopHousekeeping());
        await ensureOutboxDelivery(temporal, config.taskQueue);
      }
    }

    return { config, db, temporal, blobs, signer, keysDir, url, temporalAddress, temporalUiUrl, mail, workers, clock, standInIdp, standInSiasn, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Fails before anything starts when a port this process would listen on is taken, naming the setting to change. */
async function checkPortsFree(config: Readonly<Config>, opts: EngineOptions, role: string): Promise<void> {
  const wanted: [string, number][] = [];
  if (role !== 'worker' && (opts.port ?? config.port) !== 0) wanted.push(['PORT', opts.port ?? config.port]);
  if (!(opts.databaseUrl ?? config.databaseUrl)) wanted.push(['EMBEDDED_PG_PORT', config.embeddedPgPort]);
  if (!(opts.temporalAddress ?? config.temporalAddress)) {
    wanted.push(['TEMPORAL_PORT', config.temporalPort], ...(config.temporalMode === 'cluster' ? [] : [['TEMPORAL_UI_PORT', config.temporalUiPort] as [string, number]]));
  }
  if (role !== 'api' && !config.smtpUrl && (opts.mailCapturePort ?? config.smtpCapturePort) !== 0) wanted.push(['SMTP_CAPTURE_PORT', opts.mailCapturePort ?? config.smtpCapturePort]);
  if (opts.standInIdp && !config.sso.oidc && role !== 'worker' && config.sso.standInPort !== 0) wanted.push(['OIDC_STAND_IN_PORT', config.sso.standInPort]);
  if (opts.standInSiasn && !config.siasn.baseUrl && role !== 'api' && config.siasn.standInPort !== 0) wanted.push(['SIASN_STAND_IN_PORT', config.siasn.standInPort]);
  for (const [name, port] of wanted) {
    if (!(await isPortFree(port, name === 'PORT' ? config.host : '127.0.0.1'))) {
      throw new PortTakenError(`Port ${port} (${name}) is already in use. Stop whatever uses it, or choose another port with ${name}=<port>.`);
    }
  }
}

/** Activities of other services (peremajaan) merged into the one main worker. */
function extraActivities(db: Db, mailer: Mailer | undefined, config: Readonly<Config>): object {
  // One SIASN client for the pull and the outbox: one throttle and one pair of tokens per instansi.
  const siasn = siasnPortOf(config);
  return {
    ...createPeremajaanActivities({ db, mailer, publicBaseUrl: config.publicBaseUrl }), ...createImportActivities({ db }), ...createRekonActivities({ db }),
    ...createSiasnSyncActivities({ db, siasn }), ...createSiasnOutboxActivities({ db, siasn }),
  };
}

/** The SIASN port of this process: the configured gateway or the stand-in; none when neither is there. */
function siasnPortOf(config: Readonly<Config>): SiasnPort | undefined {
  const s = config.siasn;
  if (!s.endpoints) return undefined;
  return createSiasnClient({ endpoints: s.endpoints, accountOf: (id) => s.accounts[id], minIntervalMs: s.minIntervalMs, timeoutMs: s.timeoutMs, cookie: s.cookie });
}
