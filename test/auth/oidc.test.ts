import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, ConfigError } from '../../config';
import { dropDatabase, ensureDatabase } from '../../db';
import { createUser } from '../../db/repos/users';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed';
import { flowKey, openFlow, OneUseRegistry, safeReturnPath, sealFlow, type OidcFlow } from '../../identity/oidc-flow';
import { totpNow } from '../../identity/totp';
import { SSO_NOT_REGISTERED } from '../../api/auth/oidc-routes';
import { startEngine, type Engine } from '../../runtime/engine';
import { freePort, canConnect } from '../../runtime/ports';
import { NEW_OFFICIAL, startStandInIdp, type StandInIdp } from '../../runtime/stand-in-idp';
import { startTestEngine, type TestEngine } from '../helpers/harness';
import { loginFormAction, SsoBrowser, type Page } from './sso-client';

const CLIENT_ID = 'usulan-test';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

let idp: StandInIdp;
let app: TestEngine;
/** The same relying party settings, with PASSWORD_LOGIN=off. */
let ssoOnly: TestEngine;

beforeAll(async () => {
  // The engines learn the issuer from the environment, as in production; the provider comes up after them (discovery
  // is lazy), once their addresses, which its one client registers, are known.
  const idpPort = await freePort();
  const env = { OIDC_ISSUER: `http://127.0.0.1:${idpPort}`, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET };
  [app, ssoOnly] = await Promise.all([startTestEngine(env), startTestEngine({ ...env, PASSWORD_LOGIN: 'off' })]);
  idp = await startStandInIdp({ port: idpPort, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, appOrigins: [app.url, ssoOnly.url] });
});

afterAll(async () => {
  await idp?.stop();
  await Promise.all([app?.close(), ssoOnly?.close()]);
});

type App = Pick<Engine, 'url' | 'config'>;
const callbackOf = (engine: App) => `${engine.url}/auth/oidc/callback`;

/** From the login page's link to the provider's login form. */
async function openIdpLogin(b: SsoBrowser, engine: App): Promise<Page> {
  const masuk = await b.request(`${engine.url}/masuk`);
  const href = /<a id="masuk-sso"[^>]* href="([^"]+)"/.exec(masuk.body)?.[1];
  expect(href).toBe('/auth/oidc/login');
  const form = await b.follow(new URL(href!, engine.url).href);
  expect([form.status, form.url.startsWith(engine.config.sso.oidc!.issuer)]).toEqual([200, true]);
  return form;
}

/** Types the credentials into the provider's form; answers the hop that points at our callback (not followed). */
async function submitIdpLogin(b: SsoBrowser, engine: App, form: Page, username: string, password: string): Promise<Page> {
  return b.follow(loginFormAction(form), (next) => next.startsWith(callbackOf(engine)), { form: { username, password } });
}

/** The whole way through the provider up to the callback URL the provider sends the browser to. */
async function callbackUrl(b: SsoBrowser, engine: App, username: string, password = DEMO_PASSWORD): Promise<string> {
  const at = await submitIdpLogin(b, engine, await openIdpLogin(b, engine), username, password);
  expect(at.location?.startsWith(`${callbackOf(engine)}?`)).toBe(true);
  return at.location!;
}

/** With a live SSO session at the provider: no form, straight back to the callback. */
async function signInAgain(b: SsoBrowser, engine: App): Promise<Page> {
  const at = await b.follow(`${engine.url}/auth/oidc/login`, (next) => next.startsWith(callbackOf(engine)));
  expect(at.location?.startsWith(`${callbackOf(engine)}?`)).toBe(true);
  return b.request(at.location!);
}

async function signIn(b: SsoBrowser, engine: App, username: string, password = DEMO_PASSWORD): Promise<Page> {
  return b.request(await callbackUrl(b, engine, username, password));
}

async function me(b: SsoBrowser, engine: App) {
  const r = await b.request(`${engine.url}/api/v1/auth/me`, { headers: { accept: 'application/json' } });
  return { status: r.status, body: JSON.parse(r.body) };
}

async function lastAudit(engine: TestEngine | Engine, action: string) {
  return engine.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

const flowCookieOf = (b: SsoBrowser, engine: App) => /(?:^|; )oidc_flow=([^;]+)/.exec(b.cookieHeader(engine.url!))?.[1];
const key = () => flowKey(CLIENT_SECRET, idp.issuer, CLIENT_ID);

describe('signing in through the stand-in identity provider', () => {
  it('a demo operator follows the login page link, signs in at the provider and gets the session of her own account', async () => {
    const b = new SsoBrowser();
    const done = await signIn(b, app, 'op.jateng1');
    expect([done.status, done.location]).toEqual([303, `${app.url}/masuk?sso=1`]);
    const who = await me(b, app);
    expect(who.status).toBe(200);
    const op = DEMO_USERS.find((u) => u.username === 'op.jateng1')!;
    expect(who.body).toMatchObject({ via: 'session', mfaPending: false, user: { username: 'op.jateng1', role: 'OPERATOR', instansiId: 'I-3300', nip: op.nip } });
    // The pages' "Keluar" ends the provider's session too.
    expect(who.body.keluarUrl).toBe('/auth/oidc/logout');
    const audit = await lastAudit(app, 'auth.login');
    expect([audit?.actor_id, audit?.data]).toEqual([op.id, expect.objectContaining({ via: 'oidc', mfaPending: false })]);
    // The session is the password login's: the operator's API answers.
    const list = await b.request(`${app.url}/web-api/pegawai?limit=1`, { headers: { accept: 'application/json' } });
    expect(list.status).toBe(200);
  });

  it('the page to open afterwards (lanjut) survives the trip through the provider', async () => {
    const b = new SsoBrowser();
    const form = await b.follow(`${app.url}/auth/oidc/login?lanjut=${encodeURIComponent('/usulan/ABC-1')}`);
    const at = await submitIdpLogin(b, app, form, 'op.jateng1', DEMO_PASSWORD);
    const done = await b.request(at.location!);
    expect(done.location).toBe(`${app.url}/masuk?sso=1&lanjut=%2Fusulan%2FABC-1`);
  });

  it('an approver (an MFA role) comes back with mfaPending and must still send a TOTP code', async () => {
    const b = new SsoBrowser();
    const pyb = DEMO_USERS.find((u) => u.username === 'pyb.jateng')!;
    await signIn(b, app, 'pyb.jateng');
    const who = await me(b, app);
    expect(who.body).toMatchObject({ mfaPending: true, user: { role: 'APPROVER', instansiId: 'I-3300' } });
    const blocked = await b.request(`${app.url}/web-api/pegawai?limit=1`, { headers: { accept: 'application/json' } });
    expect([blocked.status, JSON.parse(blocked.body).mfaRequired]).toEqual([403, true]);
    const totp = await b.request(`${app.url}/api/v1/auth/totp`, { json: { code: totpNow(pyb.totpSecret!) }, headers: { 'x-csrf-token': who.body.csrfToken } });
    expect(totp.status).toBe(200);
    expect((await me(b, app)).body).toMatchObject({ mfaPending: false, user: { username: 'pyb.jateng' } });
    expect((await lastAudit(app, 'auth.login'))?.data).toEqual(expect.objectContaining({ via: 'oidc', mfaPending: true }));
  });

  it('an official without TOTP yet gets the enrol-only session, as with the password, and is sent to /akun/2fa', async () => {
    const sekda = DEMO_USERS.find((u) => u.username === 'sekda.sleman')!;
    await app.db.updateTable('app_user').set({ totp_secret: null }).where('id', '=', sekda.id).execute();
    const b = new SsoBrowser();
    const done = await signIn(b, app, 'sekda.sleman');
    expect([done.status, done.location]).toEqual([303, `${app.url}/akun/2fa`]);
    expect((await me(b, app)).body).toMatchObject({ mfaPending: true, user: { username: 'sekda.sleman' } });
    const status = await b.request(`${app.url}/api/v1/auth/totp/status`, { headers: { accept: 'application/json' } });
    expect([status.status, JSON.parse(status.body).enrolled]).toEqual([200, false]);
    expect((await lastAudit(app, 'auth.login'))?.data).toEqual(expect.objectContaining({ via: 'oidc', mfaPending: true, totpEnrolmentRequired: true }));
  });

  it('a wrong password is refused by the provider itself, and nothing reaches usulan', async () => {
    const b = new SsoBrowser();
    const refused = await submitIdpLogin(b, app, await openIdpLogin(b, app), 'op.jateng1', 'Salah#2026');
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('Nama pengguna atau kata sandi salah');
    expect(refused.location).toBeUndefined();
    expect((await me(b, app)).status).toBe(401);
  });

  it('the new official has an SSO account but no usulan account: refused in Bahasa Indonesia and audited, until an admin creates it', async () => {
    const employee = await app.db.selectFrom('employee').select(['nip', 'instansi_id', 'nama']).where('nip', '=', NEW_OFFICIAL.nip).executeTakeFirst();
    expect(employee?.instansi_id).toBe('I-3300');
    expect(await app.db.selectFrom('app_user').select('id').where('nip', '=', NEW_OFFICIAL.nip).executeTakeFirst()).toBeUndefined();

    const b = new SsoBrowser();
    const refused = await signIn(b, app, NEW_OFFICIAL.username, NEW_OFFICIAL.password);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/text\/html/);
    expect(refused.body).toContain(SSO_NOT_REGISTERED);
    expect(SSO_NOT_REGISTERED).toBe('Akun SSO ini belum terdaftar di usulan; hubungi admin');
    expect((await me(b, app)).status).toBe(401);
    const audit = await lastAudit(app, 'auth.login_failed');
    expect(audit?.data).toEqual(expect.objectContaining({ via: 'oidc', reason: 'no_account', nip: NEW_OFFICIAL.nip }));

    // An API client gets the same refusal as a problem document.
    const api = new SsoBrowser();
    const json = await api.request(await callbackUrl(api, app, NEW_OFFICIAL.username, NEW_OFFICIAL.password), { headers: { accept: 'application/json' } });
    expect([json.status, JSON.parse(json.body)]).toEqual([403, expect.objectContaining({ status: 403, detail: SSO_NOT_REGISTERED })]);

    const created = await createUser(app.db, { username: 'pejabat.baru', password: randomBytes(12).toString('hex'), nama: employee!.nama, role: 'OPERATOR', nip: NEW_OFFICIAL.nip, instansiId: 'I-3300', kanregId: 'KR01' });
    // Still signed in at the provider: this time no password is asked.
    await signInAgain(b, app);
    expect((await me(b, app)).body).toMatchObject({ mfaPending: false, user: { id: created.id, role: 'OPERATOR', instansiId: 'I-3300' } });
    // An account switched off is refused too, with its own reason.
    await app.db.updateTable('app_user').set({ active: false }).where('id', '=', created.id).execute();
    const off = await signIn(new SsoBrowser(), app, NEW_OFFICIAL.username, NEW_OFFICIAL.password);
    expect([off.status, off.body.includes('Akun tidak aktif; hubungi admin')]).toEqual([403, true]);
    expect((await lastAudit(app, 'auth.login_failed'))?.data).toEqual(expect.objectContaining({ reason: 'inactive' }));
  });

  it('a provider account without a NIP (the administrator) is refused: usulan matches people by NIP only', async () => {
    const refused = await signIn(new SsoBrowser(), app, 'admin', DEMO_USERS.find((u) => u.username === 'admin')!.password);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('tidak membawa NIP');
    expect((await lastAudit(app, 'auth.login_failed'))?.data).toEqual(expect.objectContaining({ reason: 'no_nip_claim' }));
  });
});

describe('misuse of the callback is refused', () => {
  async function refusedWith(page: Page, status: number, reason: string) {
    expect([page.status, page.body.includes('Kembali ke halaman masuk')]).toEqual([status, true]);
    expect((await lastAudit(app, 'auth.login_failed'))?.data).toEqual(expect.objectContaining({ via: 'oidc', reason }));
  }

  it('a wrong state', async () => {
    const b = new SsoBrowser();
    const url = new URL(await callbackUrl(b, app, 'op.jateng1'));
    url.searchParams.set('state', randomBytes(16).toString('base64url'));
    await refusedWith(await b.request(url.href), 401, 'state_mismatch');
    expect((await me(b, app)).status).toBe(401);
  });

  it('an absent state', async () => {
    const b = new SsoBrowser();
    const url = new URL(await callbackUrl(b, app, 'op.jateng1'));
    url.searchParams.delete('state');
    await refusedWith(await b.request(url.href), 401, 'state_mismatch');
  });

  it('a callback URL from another browser (login CSRF): this browser never started that sign-in', async () => {
    const attacker = new SsoBrowser();
    const url = await callbackUrl(attacker, app, 'op.jateng1');
    const victim = new SsoBrowser();
    await victim.request(`${app.url}/masuk`);
    await refusedWith(await victim.request(url), 400, 'no_flow');
    // The victim who started a sign-in of her own does not get the attacker's either.
    await victim.follow(`${app.url}/auth/oidc/login`);
    await refusedWith(await victim.request(url), 401, 'state_mismatch');
    expect((await me(victim, app)).status).toBe(401);
  });

  it('a replayed state: the same callback with the same flow cookie a second time', async () => {
    const b = new SsoBrowser();
    const url = await callbackUrl(b, app, 'op.jateng1');
    const cookie = b.cookieHeader(app.url);
    expect((await b.request(url, { cookie })).status).toBe(303);
    await refusedWith(await b.request(url, { cookie }), 400, 'flow_replayed');
    // Without the cookie (the first answer cleared it) there is nothing to resume.
    await refusedWith(await new SsoBrowser().request(url), 400, 'no_flow');
  });

  it('an authorization code used twice: the provider refuses the second exchange, even from a freshly sealed flow', async () => {
    const b = new SsoBrowser();
    const url = await callbackUrl(b, app, 'op.jateng1');
    const flow = openFlow(flowCookieOf(b, app)!, key())!;
    expect((await b.request(url)).status).toBe(303);
    // Another API process would not know the flow was used: its only defence is the provider's one-time code.
    const again: OidcFlow = { ...flow, id: randomBytes(16).toString('base64url') };
    await refusedWith(await b.request(url, { cookie: `oidc_flow=${sealFlow(again, key())}` }), 401, 'idp_refused');
    expect((await lastAudit(app, 'auth.login_failed'))?.data).toEqual(expect.objectContaining({ error: 'invalid_grant' }));
    // Straight at the token endpoint, with the right verifier and client credentials: still refused.
    const code = new URL(url).searchParams.get('code')!;
    const token = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: flow.redirectUri, code_verifier: flow.codeVerifier }),
    });
    expect([token.status, ((await token.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
  });

  it('a nonce mismatch: the ID token was issued for another nonce than this browser kept', async () => {
    const b = new SsoBrowser();
    const url = await callbackUrl(b, app, 'op.jateng1');
    const flow = openFlow(flowCookieOf(b, app)!, key())!;
    const tampered: OidcFlow = { ...flow, nonce: randomBytes(16).toString('base64url') };
    await refusedWith(await b.request(url, { cookie: `oidc_flow=${sealFlow(tampered, key())}` }), 401, 'nonce_mismatch');
    expect((await me(b, app)).status).toBe(401);
  });

  it('a flow cookie altered without the key is not a flow', async () => {
    const b = new SsoBrowser();
    const url = await callbackUrl(b, app, 'op.jateng1');
    const sealed = flowCookieOf(b, app)!;
    const flipped = sealed.slice(0, 20) + (sealed[20] === 'A' ? 'B' : 'A') + sealed.slice(21);
    await refusedWith(await b.request(url, { cookie: `oidc_flow=${flipped}` }), 400, 'no_flow');
  });

  it('a missing PKCE verifier: the provider requires PKCE, at the authorization request and at the token exchange', async () => {
    const b = new SsoBrowser();
    const url = await callbackUrl(b, app, 'op.jateng1');
    const flow = openFlow(flowCookieOf(b, app)!, key())!;
    const noVerifier = { ...flow, codeVerifier: undefined } as unknown as OidcFlow;
    await refusedWith(await b.request(url, { cookie: `oidc_flow=${sealFlow(noVerifier, key())}` }), 401, 'idp_refused');

    // An authorization request without a code challenge goes back to the client as an error, no code issued.
    const bare = new URL(`${idp.issuer}/auth`);
    bare.search = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: callbackOf(app), state: 's', nonce: 'n' }).toString();
    const r = await new SsoBrowser().request(bare.href);
    const back = new URL(r.location!);
    expect([back.origin + back.pathname, back.searchParams.get('error'), back.searchParams.get('code')]).toEqual([callbackOf(app), 'invalid_request', null]);
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('the provider refuses a redirect URI it has not registered', async () => {
    const bad = new URL(`${idp.issuer}/auth`);
    bad.search = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: 'http://127.0.0.1:1/auth/oidc/callback', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString();
    const r = await new SsoBrowser().request(bad.href);
    expect([r.status, r.location]).toEqual([400, undefined]);
  });
});

describe('signing out', () => {
  it('ends the usulan session, then the SSO session at the provider (RP-initiated logout), and back to /masuk', async () => {
    const b = new SsoBrowser();
    await signIn(b, app, 'op.jateng1');
    expect((await me(b, app)).status).toBe(200);
    const out = await b.request(`${app.url}/auth/oidc/logout`);
    expect(out.status).toBe(303);
    const end = new URL(out.location!);
    expect([end.origin, end.searchParams.get('client_id'), end.searchParams.get('post_logout_redirect_uri')]).toEqual([idp.issuer, CLIENT_ID, `${app.url}/masuk`]);
    expect((await me(b, app)).status).toBe(401);
    expect((await lastAudit(app, 'auth.logout'))?.data).toEqual(expect.objectContaining({ via: 'oidc' }));

    const confirm = await b.follow(out.location!);
    const action = /<form[^>]* action="([^"]+)"/.exec(confirm.body)?.[1];
    const xsrf = /name="xsrf"[^>]* value="([^"]+)"/.exec(confirm.body)?.[1];
    expect([confirm.body.includes('Ya, keluar'), !!action, !!xsrf]).toEqual([true, true, true]);
    const done = await b.follow(new URL(action!, confirm.url).href, (next) => next.startsWith(app.url), { form: { xsrf: xsrf!, logout: 'yes' } });
    expect(done.location).toBe(`${app.url}/masuk`);
    // The provider forgot the person: the next sign-in asks for the password again.
    await openIdpLogin(b, app);
  });

  it('a sign-out another site starts (Sec-Fetch-Site: cross-site) is refused and the session stays', async () => {
    const b = new SsoBrowser();
    await signIn(b, app, 'op.jateng1');
    const r = await b.request(`${app.url}/auth/oidc/logout`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(r.status).toBe(403);
    expect((await me(b, app)).status).toBe(200);
  });
});

describe('PASSWORD_LOGIN=off', () => {
  it('the password login is refused with a reason, the page offers only SSO, and SSO still signs people in', async () => {
    const r = await fetch(`${ssoOnly.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'op.jateng1', password: DEMO_PASSWORD }) });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { detail: string }).detail).toMatch(/PASSWORD_LOGIN=off/);
    for (const variant of ['/API/v1/auth/login', '/api/v1/auth/login/', '/api/v1/auth/login?x=1']) {
      expect((await fetch(`${ssoOnly.url}${variant}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    }
    const page = await (await fetch(`${ssoOnly.url}/masuk`)).text();
    expect([page.includes('id="masuk-sso"'), page.includes('id="form-masuk"'), page.includes('id="form-totp"')]).toEqual([true, false, true]);

    const b = new SsoBrowser();
    await signIn(b, ssoOnly, 'op.jateng1');
    expect((await me(b, ssoOnly)).body).toMatchObject({ user: { username: 'op.jateng1' } });
  });

  it('with password login on, /masuk shows both ways in', async () => {
    const page = await (await fetch(`${app.url}/masuk`)).text();
    expect([page.includes('id="masuk-sso"'), page.includes('id="form-masuk"')]).toEqual([true, true]);
  });
});

describe('npm start: the engine runs the stand-in itself when OIDC_ISSUER is unset', () => {
  it('starts it on OIDC_STAND_IN_PORT, signs a demo user in through it, and stops it with the engine', async () => {
    const server = process.env.TEST_PG_SERVER_URL!;
    const dbName = `usulan_t_${randomBytes(5).toString('hex')}`;
    const databaseUrl = await ensureDatabase(server, dbName, process.env.TEST_TEMPLATE_DB);
    const [port, idpPort] = [await freePort(), await freePort()];
    let engine: Engine | undefined;
    try {
      const config = loadConfig({
        ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, TASK_QUEUE: `tq-${dbName}`,
        DATA_DIR: path.join(process.env.TEST_TMP_DIR!, dbName), SMTP_URL: '', LOG_LEVEL: 'silent', PORT: String(port), OIDC_STAND_IN_PORT: String(idpPort),
        OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET: '',
      });
      engine = await startEngine(config, {
        role: 'api', standInIdp: true, mailCapturePort: 0, keysDir: path.join(process.env.TEST_TMP_DIR!, 'keys'),
        blobDir: path.join(process.env.TEST_TMP_DIR!, 'blobs'), housekeeping: false, log: () => undefined,
      });
      expect(engine.standInIdp?.issuer).toBe(`http://127.0.0.1:${idpPort}`);
      expect(engine.config.sso.oidc?.issuer).toBe(engine.standInIdp?.issuer);
      const b = new SsoBrowser();
      await signIn(b, engine, 'op.sleman');
      expect((await me(b, engine)).body).toMatchObject({ user: { username: 'op.sleman', instansiId: 'I-3404' } });
    } finally {
      await engine?.stop();
      await dropDatabase(server, dbName).catch(() => undefined);
    }
    expect(await canConnect(idpPort)).toBe(false);
  });
});

describe('settings and the sealed flow', () => {
  const base = { OIDC_ISSUER: 'https://sso-siasn.example/auth/realms/public-siasn', OIDC_CLIENT_ID: 'usulan', OIDC_CLIENT_SECRET: 's' };

  it('reads the OIDC settings with their defaults, and refuses incomplete or unsafe ones', () => {
    expect(loadConfig({}).sso).toEqual({ passwordLogin: true, standInPort: 8180 });
    expect(loadConfig(base).sso.oidc).toEqual({ issuer: base.OIDC_ISSUER, clientId: 'usulan', clientSecret: 's', nipClaim: 'nip', redirectUrl: undefined });
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: 'https://usulan.example/' }).sso.oidc?.redirectUrl).toBe('https://usulan.example/auth/oidc/callback');
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: 'https://a.example', OIDC_REDIRECT_URL: 'https://b.example/sso/cb', OIDC_NIP_CLAIM: 'nip_baru' }).sso.oidc)
      .toMatchObject({ redirectUrl: 'https://b.example/sso/cb', nipClaim: 'nip_baru' });
    expect(loadConfig({ ...base, PASSWORD_LOGIN: 'off' }).sso.passwordLogin).toBe(false);
    expect(() => loadConfig({ OIDC_ISSUER: base.OIDC_ISSUER, OIDC_CLIENT_ID: 'usulan' })).toThrow(ConfigError);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'usulan' })).toThrow(/without OIDC_ISSUER/);
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'http://sso.example/realms/x' })).toThrow(/https/);
    expect(loadConfig({ ...base, OIDC_ISSUER: 'http://127.0.0.1:8180' }).sso.oidc?.issuer).toBe('http://127.0.0.1:8180');
    expect(() => loadConfig({ ...base, PASSWORD_LOGIN: 'no' })).toThrow(/PASSWORD_LOGIN/);
    expect(() => loadConfig({ ...base, OIDC_NIP_CLAIM: 'nip claim' })).toThrow(/OIDC_NIP_CLAIM/);
  });

  it('a sealed flow opens only with its key and before it expires; each id is used once; return paths stay on this site', () => {
    const k = flowKey('secret', 'https://idp', 'usulan');
    const flow: OidcFlow = { id: 'f1', state: 's', nonce: 'n', codeVerifier: 'v', redirectUri: 'https://app/cb', expiresAt: Date.now() + 60_000 };
    const sealed = sealFlow(flow, k);
    expect(openFlow(sealed, k)).toEqual(flow);
    expect(openFlow(sealed, flowKey('other secret', 'https://idp', 'usulan'))).toBeUndefined();
    expect(openFlow(sealed, k, flow.expiresAt + 1)).toBeUndefined();
    expect(openFlow('AAAA', k)).toBeUndefined();
    const used = new OneUseRegistry();
    expect([used.consume('f1', flow.expiresAt), used.consume('f1', flow.expiresAt), used.consume('f2', flow.expiresAt)]).toEqual([true, false, true]);
    expect(['/usulan/1?x=2', '//evil.example', '/\\evil.example', 'https://evil.example', '/a b', undefined].map(safeReturnPath))
      .toEqual(['/usulan/1?x=2', undefined, undefined, undefined, undefined, undefined]);
  });
});
