import fs from 'node:fs';
import path from 'node:path';
import { DEV_CA_PASSPHRASE } from './dev-passphrase';

/** Parses durations such as "5d", "36h", "90s", "1500ms"; SLA deadlines are days in production and seconds in tests. */
export function parseDurationMs(value: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(value.trim());
  if (!m) throw new ConfigError(`${name}: "${value}" is not a duration (examples: 5d, 12h, 30s, 500ms)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535 * 1000) throw new ConfigError(`${name}: "${raw}" is not a whole number`);
  return n;
}

function str(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

export interface SlaConfig {
  approvalMs: number;
  verificationMs: number;
  reminderBeforeMs: number;
  keppresReminderMs: number;
  claimLeaseMs: number;
  /**
   * Set when the approval and verification SLAs are given in hari kerja ("5hk"): the workflows then count working
   * days on the office calendar (domain/working-days.ts) and the *Ms values above are nominal (n × 24 h).
   */
  workingDays?: { approval: number; verification: number; reminderBefore: number };
}

const WORKING_DAYS = /^(\d+)\s*hk$/;

/** A whole number of hari kerja ("5hk"), or undefined for a plain duration. */
function parseWorkingDays(value: string, name: string): number | undefined {
  const m = WORKING_DAYS.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n < 1 || n > 365) throw new ConfigError(`${name}: "${value}" must be 1 to 365 hari kerja`);
  return n;
}

/** SLA_APPROVAL, SLA_VERIFICATION and SLA_REMINDER_BEFORE, all in hari kerja ("5hk") or all as durations ("36h"). */
function slaSteps(env: NodeJS.ProcessEnv): Pick<SlaConfig, 'approvalMs' | 'verificationMs' | 'reminderBeforeMs' | 'workingDays'> {
  const approval = str(env, 'SLA_APPROVAL', '5hk');
  const verification = str(env, 'SLA_VERIFICATION', '5hk');
  const a = parseWorkingDays(approval, 'SLA_APPROVAL');
  const v = parseWorkingDays(verification, 'SLA_VERIFICATION');
  const reminder = str(env, 'SLA_REMINDER_BEFORE', a !== undefined || v !== undefined ? '1hk' : '1d');
  const r = parseWorkingDays(reminder, 'SLA_REMINDER_BEFORE');
  const counted = [a, v, r].filter((x) => x !== undefined).length;
  if (counted !== 0 && counted !== 3) {
    throw new ConfigError('SLA_APPROVAL, SLA_VERIFICATION and SLA_REMINDER_BEFORE are either all in hari kerja (e.g. 5hk, 5hk, 1hk) or all durations (e.g. 5d, 5d, 1d)');
  }
  if (counted === 3) {
    return {
      approvalMs: a! * 86_400_000, verificationMs: v! * 86_400_000, reminderBeforeMs: r! * 86_400_000,
      workingDays: { approval: a!, verification: v!, reminderBefore: r! },
    };
  }
  return {
    approvalMs: parseDurationMs(approval, 'SLA_APPROVAL'),
    verificationMs: parseDurationMs(verification, 'SLA_VERIFICATION'),
    reminderBeforeMs: parseDurationMs(reminder, 'SLA_REMINDER_BEFORE'),
  };
}

function temporalMode(value: string): 'dev' | 'cluster' {
  if (value !== 'dev' && value !== 'cluster') throw new ConfigError(`TEMPORAL_MODE: "${value}" is neither dev (the default) nor cluster`);
  return value;
}

/** The OpenID Connect provider usulan trusts to authenticate people (SIASN's Keycloak realm, or the stand-in). */
export interface OidcConfig {
  /** OIDC_ISSUER: discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_NIP_CLAIM: the ID token claim holding the 18-digit NIP an app_user is matched by. */
  nipClaim: string;
  /** OIDC_REDIRECT_URL, else PUBLIC_BASE_URL + /auth/oidc/callback; unset: derived from the request's own address. */
  redirectUrl?: string;
}

export interface SsoConfig {
  /** Unset: no identity provider from the environment (`npm start` then runs the stand-in, runtime/stand-in-idp.ts). */
  oidc?: OidcConfig;
  /** PASSWORD_LOGIN: whether the password login stays available when OIDC is configured (without OIDC it always is). */
  passwordLogin: boolean;
  /** OIDC_STAND_IN_PORT: where `npm start` runs the stand-in identity provider (0: any free port). */
  standInPort: number;
}

/** Where the identity provider sends the browser back (api/auth/oidc-routes.ts). */
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
/** Ends our session and the provider's (RP-initiated logout); the pages' "Keluar" goes here when SSO is configured. */
export const OIDC_LOGOUT_PATH = '/auth/oidc/logout';

/** An http(s) URL; with `tls`, plain http only on this machine (tokens and the client secret travel on it). */
function httpUrl(value: string, name: string, tls: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name}: "${value}" is not a URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || !tls))) {
    throw new ConfigError(`${name}: "${value}" must be an https URL${tls ? ' (http only for localhost)' : ''}`);
  }
  return url.href;
}

function ssoSettings(env: NodeJS.ProcessEnv): SsoConfig {
  const passwordLogin = str(env, 'PASSWORD_LOGIN', 'on');
  if (passwordLogin !== 'on' && passwordLogin !== 'off') throw new ConfigError(`PASSWORD_LOGIN: "${passwordLogin}" is neither on (the default) nor off`);
  const standInPort = int(env, 'OIDC_STAND_IN_PORT', 8180);
  const issuer = optional(env, 'OIDC_ISSUER');
  if (!issuer) {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'].filter((n) => optional(env, n) !== undefined);
    if (stray.length) throw new ConfigError(`${stray.join(', ')} set without OIDC_ISSUER`);
    return { passwordLogin: passwordLogin === 'on', standInPort };
  }
  const clientId = optional(env, 'OIDC_CLIENT_ID');
  const clientSecret = optional(env, 'OIDC_CLIENT_SECRET');
  if (!clientId || !clientSecret) throw new ConfigError('OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
  const nipClaim = str(env, 'OIDC_NIP_CLAIM', 'nip');
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(nipClaim)) throw new ConfigError(`OIDC_NIP_CLAIM: "${nipClaim}" is not a claim name`);
  const explicit = optional(env, 'OIDC_REDIRECT_URL');
  const base = optional(env, 'PUBLIC_BASE_URL');
  const redirectUrl = explicit ? httpUrl(explicit, 'OIDC_REDIRECT_URL', false) : base ? `${base.replace(/\/$/, '')}${OIDC_CALLBACK_PATH}` : undefined;
  return {
    oidc: { issuer: httpUrl(issuer, 'OIDC_ISSUER', true).replace(/\/$/, ''), clientId, clientSecret, nipClaim, redirectUrl },
    passwordLogin: passwordLogin === 'on',
    standInPort,
  };
}

/** One instansi's SIASN account: its APIM consumer on the WSO2 gateway and its operator's SSO login (SIASN.md §2.2). */
export interface SiasnAccountConfig { consumerKey: string; consumerSecret: string; ssoClientId: string; username: string; password: string }

export interface SiasnConfig {
  /**
   * SIASN_BASE_URL: the gateway (e.g. https://apimws.bkn.go.id:8243), data under /apisiasn/1.0 and references under
   * /referensi_siasn/1. Unset: `npm start` runs the stand-in SIASN (siasn/stand-in/) and points these at it.
   */
  baseUrl?: string;
  /** Set with baseUrl (or by the stand-in): where the adapter calls. */
  endpoints?: { apiBase: string; referensiBase: string; apimTokenUrl: string; ssoTokenUrl: string };
  /** SIASN_ACCOUNTS_FILE: per instansi id, its account (kept in a secret file, never in the environment itself). */
  accounts: Readonly<Record<string, SiasnAccountConfig>>;
  /** SIASN_THROTTLE: spacing between one instansi's calls, which go one at a time. */
  minIntervalMs: number;
  /** Whether SIASN_THROTTLE was set; unset, the stand-in of `npm start` is called with 20 ms (SIASN's 1 s is the gateway's). */
  throttleSet: boolean;
  /** SIASN_TIMEOUT: per call. */
  timeoutMs: number;
  /** SIASN_COOKIE: a static load-balancer cookie, where the gateway needs one (SIASN.md §2.3). */
  cookie?: string;
  /** SIASN_STAND_IN_PORT: where `npm start` runs the stand-in SIASN (0: any free port). */
  standInPort: number;
}

function siasnAccounts(file: string): Record<string, SiasnAccountConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`SIASN_ACCOUNTS_FILE: ${file} cannot be read as JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('SIASN_ACCOUNTS_FILE: expected an object keyed by instansi id');
  const out: Record<string, SiasnAccountConfig> = {};
  for (const [instansiId, a] of Object.entries(parsed as Record<string, Record<string, unknown>>)) {
    const fields = ['consumerKey', 'consumerSecret', 'ssoClientId', 'username', 'password'] as const;
    const missing = fields.filter((f) => typeof a?.[f] !== 'string' || a[f] === '');
    if (missing.length) throw new ConfigError(`SIASN_ACCOUNTS_FILE: the account of ${instansiId} lacks ${missing.join(', ')}`);
    out[instansiId] = Object.freeze(Object.fromEntries(fields.map((f) => [f, a[f] as string])) as unknown as SiasnAccountConfig);
  }
  return out;
}

function siasnSettings(env: NodeJS.ProcessEnv): SiasnConfig {
  const common = {
    minIntervalMs: parseDurationMs(str(env, 'SIASN_THROTTLE', '1s'), 'SIASN_THROTTLE'),
    throttleSet: env.SIASN_THROTTLE !== undefined && env.SIASN_THROTTLE !== '',
    timeoutMs: parseDurationMs(str(env, 'SIASN_TIMEOUT', '30s'), 'SIASN_TIMEOUT'),
    cookie: optional(env, 'SIASN_COOKIE'),
    standInPort: int(env, 'SIASN_STAND_IN_PORT', 8190),
  };
  const base = optional(env, 'SIASN_BASE_URL');
  if (!base) {
    const stray = ['SIASN_ACCOUNTS_FILE', 'SIASN_APIM_TOKEN_URL', 'SIASN_SSO_TOKEN_URL'].filter((n) => optional(env, n) !== undefined);
    if (stray.length) throw new ConfigError(`${stray.join(', ')} set without SIASN_BASE_URL`);
    return { ...common, accounts: {} };
  }
  const b = httpUrl(base, 'SIASN_BASE_URL', true).replace(/\/$/, '');
  const file = optional(env, 'SIASN_ACCOUNTS_FILE');
  if (!file) throw new ConfigError('SIASN_BASE_URL needs SIASN_ACCOUNTS_FILE (the accounts of each instansi)');
  return {
    ...common,
    baseUrl: b,
    endpoints: {
      apiBase: `${b}/apisiasn/1.0`, referensiBase: `${b}/referensi_siasn/1`,
      apimTokenUrl: httpUrl(str(env, 'SIASN_APIM_TOKEN_URL', `${b}/oauth2/token`), 'SIASN_APIM_TOKEN_URL', true),
      ssoTokenUrl: httpUrl(str(env, 'SIASN_SSO_TOKEN_URL', `${b}/auth/realms/public-siasn/protocol/openid-connect/token`), 'SIASN_SSO_TOKEN_URL', true),
    },
    accounts: Object.freeze(siasnAccounts(file)),
  };
}

/** The password login stays unless an identity provider is configured and PASSWORD_LOGIN=off. */
export const passwordLoginAvailable = (sso: SsoConfig): boolean => sso.passwordLogin || !sso.oidc;

export interface Config {
  rootDir: string;
  port: number;
  host: string;
  publicBaseUrl: string;
  dataDir: string;
  /** Unset: an embedded PostgreSQL runs in dataDir. */
  databaseUrl?: string;
  embeddedPgPort: number;
  /** Unset: the Temporal CLI dev server runs in dataDir (or, with temporalMode 'cluster', a multi-process cluster). */
  temporalAddress?: string;
  /**
   * What `npm start` runs when TEMPORAL_ADDRESS is unset (TEMPORAL_MODE): 'dev', the CLI's single-process dev server
   * on SQLite; or 'cluster', Temporal's own server as frontend, matching, worker and two history nodes on PostgreSQL
   * (runtime/temporal-cluster.ts, the same shape as docker-compose.yml), its frontend on TEMPORAL_PORT, no UI.
   */
  temporalMode: 'dev' | 'cluster';
  temporalNamespace: string;
  temporalCli?: string;
  temporalPort: number;
  temporalUiPort: number;
  /** Workflow and light activities; CPU-heavy document work polls `documentsQueueOf(taskQueue)` (workflows/task-queues.ts). */
  taskQueue: string;
  /** Unset: mail goes to the embedded capture server (development). */
  smtpUrl?: string;
  smtpCapturePort: number;
  mailFrom: string;
  signingCaPassphrase: string;
  /** How long an official's unlocked key stays in memory between signatures (the passphrase is still asked each time). */
  signingSessionMs: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Sign-in through OpenID Connect (OIDC_*) and whether the password login stays (PASSWORD_LOGIN). */
  sso: SsoConfig;
  /** SIASN's web services (SIASN_*), or the stand-in `npm start` runs. */
  siasn: SiasnConfig;
  sla: SlaConfig;
  /** A KP workflow waiting on a return continues as new past this many history events (KP_HISTORY_LIMIT). */
  kpHistoryLimit: number;
  logLevel: string;
  demoSeed: boolean;
  /** Behind a reverse proxy: Express's "trust proxy" (hop count), so rate limits and the audit log see client addresses. */
  trustProxy?: number;
  /** Connections each process keeps to PostgreSQL (DB_POOL_SIZE); N API replicas use N times this of max_connections. */
  dbPoolSize: number;
  /** Rate limits as `<count>/<duration>` (RATE_LIMIT_*), shared by every API process through PostgreSQL. */
  rateLimits: { loginPerAccount: RateRule; loginPerAddress: RateRule; apiPerAddress: RateRule; apiPerActor: RateRule; apiPerToken: RateRule };
  /** Bearer token for GET /metrics on the API port; unset: /metrics there answers 404 (workers serve theirs on WORKER_HEALTH_PORT). */
  metricsToken?: string;
}

export interface RateRule {
  max: number;
  windowMs: number;
}

/** `5/15m` = five per fifteen minutes. */
export function parseRateRule(value: string, name: string): RateRule {
  const m = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(value);
  const max = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(max) || max < 1) throw new ConfigError(`${name} must look like 100/15m (count per duration), got ${JSON.stringify(value)}`);
  return { max, windowMs: parseDurationMs(m[2], name) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const rootDir = path.resolve(__dirname, '..');
  const port = int(env, 'PORT', 3000);
  const dataDir = path.resolve(rootDir, str(env, 'DATA_DIR', '.data'));
  const cfg: Config = {
    rootDir,
    port,
    host: str(env, 'HOST', '127.0.0.1'),
    publicBaseUrl: str(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: optional(env, 'DATABASE_URL'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329),
    temporalAddress: optional(env, 'TEMPORAL_ADDRESS'),
    temporalMode: temporalMode(str(env, 'TEMPORAL_MODE', 'dev')),
    temporalNamespace: str(env, 'TEMPORAL_NAMESPACE', 'default'),
    temporalCli: optional(env, 'TEMPORAL_CLI'),
    temporalPort: int(env, 'TEMPORAL_PORT', 7233),
    temporalUiPort: int(env, 'TEMPORAL_UI_PORT', 8233),
    taskQueue: str(env, 'TASK_QUEUE', 'usulan'),
        smtpUrl: optional(env, 'SMTP_URL'),
    smtpCapturePort: int(env, 'SMTP_CAPTURE_PORT', 2525),
    mailFrom: str(env, 'MAIL_FROM', 'usulan <no-reply@usulan.local>'),
    signingCaPassphrase: str(env, 'SIGNING_CA_PASSPHRASE', DEV_CA_PASSPHRASE),
    signingSessionMs: parseDurationMs(str(env, 'SIGNING_SESSION', '5m'), 'SIGNING_SESSION'),
    sessionIdleMs: parseDurationMs(str(env, 'SESSION_IDLE', '30m'), 'SESSION_IDLE'),
    sessionAbsoluteMs: parseDurationMs(str(env, 'SESSION_ABSOLUTE', '12h'), 'SESSION_ABSOLUTE'),
    sso: ssoSettings(env),
    siasn: siasnSettings(env),
    sla: {
      ...slaSteps(env),
      keppresReminderMs: parseDurationMs(str(env, 'SLA_KEPPRES_REMINDER', '7d'), 'SLA_KEPPRES_REMINDER'),
      claimLeaseMs: parseDurationMs(str(env, 'CLAIM_LEASE', '2h'), 'CLAIM_LEASE'),
    },
    kpHistoryLimit: int(env, 'KP_HISTORY_LIMIT', 2000),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    demoSeed: str(env, 'DEMO_SEED', 'true') !== 'false',
    trustProxy: optional(env, 'TRUST_PROXY') === undefined ? undefined : int(env, 'TRUST_PROXY', 0),
    rateLimits: {
      loginPerAccount: parseRateRule(str(env, 'RATE_LIMIT_LOGIN_ACCOUNT', '5/15m'), 'RATE_LIMIT_LOGIN_ACCOUNT'),
      loginPerAddress: parseRateRule(str(env, 'RATE_LIMIT_LOGIN_ADDRESS', '100/15m'), 'RATE_LIMIT_LOGIN_ADDRESS'),
      apiPerAddress: parseRateRule(str(env, 'RATE_LIMIT_API_ADDRESS', '6000/1m'), 'RATE_LIMIT_API_ADDRESS'),
      apiPerActor: parseRateRule(str(env, 'RATE_LIMIT_API_USER', '1200/1m'), 'RATE_LIMIT_API_USER'),
      apiPerToken: parseRateRule(str(env, 'RATE_LIMIT_API_TOKEN', '60000/1m'), 'RATE_LIMIT_API_TOKEN'),
    },
    metricsToken: optional(env, 'METRICS_TOKEN'),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 20),
  };
  // In hari kerja the reminder may fall on the morning of the last day (1hk of 1hk); as durations it must come before.
  const tooLate = cfg.sla.workingDays
    ? cfg.sla.workingDays.reminderBefore > Math.min(cfg.sla.workingDays.approval, cfg.sla.workingDays.verification)
    : cfg.sla.reminderBeforeMs >= Math.min(cfg.sla.approvalMs, cfg.sla.verificationMs);
  if (tooLate) throw new ConfigError('SLA_REMINDER_BEFORE must be shorter than SLA_APPROVAL and SLA_VERIFICATION');
  return Object.freeze(cfg);
}
