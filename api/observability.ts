import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import pino from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * Secrets never reach the logs: these paths are censored by the logger itself, whichever module logs the object
 * (request bodies, errors carrying a request, objects with a password or token member).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...['password', 'passphrase', 'token', 'sessionId', 'sid', 'csrfToken', 'totpSecret', 'totp_secret', 'password_hash', 'secret', 'cookie', 'authorization']
    .flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): pino.Logger {
  return pino(
    { level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[disembunyikan]' }, base: { service: 'usulan-api' } },
    opts.destination,
  );
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Honours a client's X-Request-Id when it looks like an id (so it cannot inject into logs), else makes one. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/**
 * Access log through pino-http. The request serializer keeps only harmless fields, so a logger built without
 * createLogger's redaction still never sees cookies or authorization headers.
 */
export function httpLogger(logger: pino.Logger) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => (req as Request).id ?? randomUUID(),
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => {
        const raw = req.raw ?? req;
        return {
          id: req.id,
          method: raw.method,
          url: (raw.url ?? '').split('?')[0],
          userAgent: raw.headers['user-agent'],
          remoteAddress: raw.socket?.remoteAddress,
        };
      },
      res: (res: ServerResponse & { raw?: ServerResponse }) => ({ statusCode: (res.raw ?? res).statusCode }),
      err: pino.stdSerializers.err,
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customProps: (req) => {
      const actor = (req as Request).actor;
      return actor ? { actor: { id: actor.userId, role: actor.role, via: actor.via } } : {};
    },
  });
}
