import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OIDC_CALLBACK_PATH, type OidcConfig } from '../config';

export { NEW_OFFICIAL } from './stand-in-idp-people';

export interface StandInIdpOptions {
  /** 0: any free port. */
  port: number;
  host?: string;
  /** The issuer's host name as browsers reach it (default: host; never 0.0.0.0). */
  publicHost?: string;
  clientId?: string;
  /** Default: new random bytes per start. */
  clientSecret?: string;
  /** Origins of the app (e.g. http://localhost:3000); the client's redirect and post-logout URIs are made from them. */
  appOrigins: string[];
  log?: (line: string) => void;
  /** How long to wait for the provider to listen. */
  startTimeoutMs?: number;
}

export interface StandInIdp {
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** The settings the engine's relying party needs (config.sso.oidc). */
  oidc: OidcConfig;
  pid: number;
  stop(): Promise<void>;
}

const ENTRY = path.join(__dirname, 'stand-in-idp.mts');

/**
 * Starts the stand-in identity provider (runtime/stand-in-idp.mts) as a child process: a real HTTP server on its own
 * port speaking real OpenID Connect, so the relying party is tested against the protocol and not against a mock.
 * Its settings (with the client secret) travel on stdin, not in the environment or the command line.
 */
export async function startStandInIdp(opts: StandInIdpOptions): Promise<StandInIdp> {
  const host = opts.host ?? '127.0.0.1';
  const clientId = opts.clientId ?? 'usulan';
  const clientSecret = opts.clientSecret ?? randomBytes(32).toString('base64url');
  const origins = [...new Set(opts.appOrigins.map((o) => new URL(o).origin))];
  const log = opts.log ?? (() => undefined);
  // tsx with both hooks: the entry (.mts) and the provider library are ES modules, the seed it reads is CommonJS.
  const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, ENTRY], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (!line.startsWith('READY ')) log(`[stand-in SSO] ${line}`);
    }
  };
  child.stderr.on('data', remember);
  child.stdin.write(`${JSON.stringify({
    host, publicHost: opts.publicHost ?? (host === '0.0.0.0' ? 'localhost' : host), port: opts.port, clientId, clientSecret,
    redirectUris: origins.map((o) => `${o}${OIDC_CALLBACK_PATH}`),
    postLogoutRedirectUris: origins.map((o) => `${o}/masuk`),
  })}\n`);

  const ready = await new Promise<{ issuer: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stand-in IdP did not start in ${opts.startTimeoutMs ?? 30_000} ms: ${tail.join(' | ')}`)), opts.startTimeoutMs ?? 30_000);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      remember(chunk);
      buffered += chunk.toString('utf8');
      const m = /^READY (\{.*\})$/m.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]) as { issuer: string; port: number });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`stand-in IdP exited (${code}) before it was ready: ${tail.join(' | ')}`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });

  return {
    issuer: ready.issuer,
    port: ready.port,
    clientId,
    clientSecret,
    oidc: { issuer: ready.issuer, clientId, clientSecret, nipClaim: 'nip' },
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Closing stdin is the child's signal to exit; SIGKILL if it does not within 5 s.
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
