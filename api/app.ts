import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createAdminRouter } from './admin';
import { createAuthRouter } from './auth/routes';
import { createTotpEnrolmentRouter } from './auth/totp-enrolment';
import { sessionCookieSettings } from './auth/sessions';
import { getContext, setContext, type AppContext } from './context';
import { AppError } from './errors';
import { createDelegationRouter } from './delegations';
import type { AppDeps } from './deps';
import { docsCssHandler, docsHandler } from './docs';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { healthHandler } from './health';
import { metricsHandler, metricsMiddleware } from '../observability/metrics';
import { httpLogger, requestIdMiddleware } from './observability';
import { generateOpenApi } from './openapi';
import { rateLimit } from './rate-limit';
import { createRateLimiters } from './shared-rate-limit';
import { JSON_CONTENT_TYPES, safeJsonBody } from './validate';

export type { AppDeps } from './deps';

/** Strict by default; a page that needs more (e.g. images from a data: URL) should say so explicitly here. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'";

function securityHeaders(secure: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // Answers about people and sessions must not sit in shared caches.
    if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

/**
 * /metrics tells an outsider the shape of the traffic and of the backlog, so on the API port it needs METRICS_TOKEN as a
 * Bearer token; without one configured it does not exist there (the worker health port, internal, serves its own).
 */
function metricsGuard(token: string | undefined): express.RequestHandler {
  const expected = token ? createHash('sha256').update(token).digest() : null;
  return (req, _res, next) => {
    if (!expected) {
      next(new AppError('NOT_FOUND', 'Alamat GET /metrics tidak ada di API ini'));
      return;
    }
    const m = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '');
    const given = createHash('sha256').update(m?.[1] ?? '').digest();
    if (!m || !timingSafeEqual(given, expected)) {
      next(new AppError('UNAUTHENTICATED', 'Metrik hanya untuk pemantau: kirim Authorization: Bearer <METRICS_TOKEN>'));
      return;
    }
    next();
  };
}

/** Stops what createApp started besides the routes (the rate limits' sync timers). */
export function closeApp(app: express.Express): void {
  getContext({ app } as unknown as express.Request).limiters.stop();
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  const cookie = sessionCookieSettings(deps.config.publicBaseUrl);
  const ctx: AppContext = {
    deps,
    db: deps.db,
    config: deps.config,
    limiters: createRateLimiters(deps.db, { ...deps.config.rateLimits, ...deps.rateLimits }, { onSyncError: (err) => deps.logger.warn({ err }, 'rate-limit sync failed; limits are per process until it recovers') }),
    session: cookie,
    allowedOrigins: [new URL(deps.config.publicBaseUrl).origin],
  };
  setContext(app.locals, ctx);

  app.use(requestIdMiddleware);
  app.use(metricsMiddleware);
  app.use(httpLogger(deps.logger));
  app.use(securityHeaders(cookie.secure));
  app.use('/api', rateLimit(ctx.limiters.apiPerAddress, (req) => req.ip ?? 'unknown', 'Terlalu banyak permintaan dari alamat ini.'));
  // A SIMPEG push carries up to 5,000 records per request (api/integrasi/routes.ts); everything else stays at 1 MB.
  const json = express.json({ limit: '1mb', strict: true, type: JSON_CONTENT_TYPES });
  const integrationJson = express.json({ limit: '16mb', strict: true, type: JSON_CONTENT_TYPES });
  app.use((req, res, next) => (req.path.startsWith('/api/v1/integrasi/') ? integrationJson : json)(req, res, next));
  // Browser forms (web pages) send _csrf this way; extended:false keeps the parser from building nested objects.
  app.use(express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 200 }));
  app.use(safeJsonBody);

  app.get('/healthz', healthHandler);
  app.get('/metrics', metricsGuard(deps.config.metricsToken), metricsHandler);
  app.get('/openapi.json', (_req, res) => {
    res.json(generateOpenApi({ serverUrl: deps.config.publicBaseUrl }));
  });
  app.get('/api/docs', docsHandler);
  app.get('/api/docs/style.css', docsCssHandler);

  app.use(createAuthRouter());
  app.use(createTotpEnrolmentRouter());
  app.use(createDelegationRouter());
  app.use(createAdminRouter());
  for (const { path, router } of deps.extraRouters ?? []) app.use(path, router);

  app.use(notFoundHandler);
  app.use(errorMiddleware);
  return app;
}
