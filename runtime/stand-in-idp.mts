/**
 * STAND-IN identity provider, for development and tests only: an OpenID Connect provider built on the certified
 * `oidc-provider` library, playing the part of SIASN's Keycloak realm (shared/SIASN.md). It knows the demo users of
 * db/seed (same usernames and passwords as the README) plus one official who has no usulan account yet, checks their
 * passwords on its own login page and issues ID tokens carrying the `nip` claim. One confidential client, PKCE (S256)
 * required, consent implied for that client, everything in memory: a restart forgets every session.
 *
 * Run as its own process (oidc-provider is ESM-only; the engine and jest run CommonJS) by runtime/stand-in-idp.ts,
 * which writes the settings as one JSON line on stdin and reads `READY <json>` from stdout. The process ends when
 * its stdin closes, so it never outlives the engine that started it.
 */
import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import readline from 'node:readline';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import peopleModule from './stand-in-idp-people.js';

interface Settings {
  host: string;
  port: number;
  /** The issuer's host as browsers reach it: the issuer is http://<publicHost>:<port>. */
  publicHost: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

type Person = ReturnType<typeof peopleModule.standInPeople>[number];

function samePassword(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,sans-serif;background:#eef1f4;margin:0}main{max-width:24rem;margin:3rem auto;background:#fff;
padding:1.5rem;border-radius:8px;border:1px solid #cfd6de}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.note{font-size:.85rem;color:#555}.error{color:#a40000;font-weight:600}`;

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — SSO stand-in</title><style>${STYLE}</style></head>
<body><main>
<p class="note">Penyedia identitas <strong>pengganti (stand-in)</strong> untuk pengembangan dan pengujian, bukan SSO SIASN.</p>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

function loginForm(uid: string, error?: string, username = ''): string {
  return shell('Masuk SSO', `
${error ? `<p id="galat" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaksi/${escapeHtml(uid)}/masuk" autocomplete="off">
  <label for="username">Nama pengguna</label><input id="username" name="username" value="${escapeHtml(username)}" autocomplete="username" required autofocus>
  <label for="password">Kata sandi</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Masuk</button>
</form>
<form method="post" action="/interaksi/${escapeHtml(uid)}/batal"><button type="submit">Batal</button></form>`);
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16_384) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function configuration(s: Settings, accounts: Map<string, Person>): Configuration {
  const bySub = new Map([...accounts.values()].map((p) => [p.sub, p]));
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return {
    clients: [{
      client_id: s.clientId,
      client_secret: s.clientSecret,
      client_name: 'usulan',
      redirect_uris: s.redirectUris,
      post_logout_redirect_uris: s.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    // Every client, confidential or not, must send an S256 code challenge: usulan always does.
    pkce: { required: () => true },
    jwks: { keys: [{ ...signing, kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' } as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'nip'], email: ['email'] },
    // Keycloak puts the mapped claims (here the NIP) into the ID token itself; so does the stand-in.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile', 'email'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = shell('Keluar dari SSO', `${form}
<p>Keluar juga dari sesi SSO di peramban ini?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Ya, keluar</button>
<button type="submit" form="op.logoutForm">Tidak, tetap masuk</button>`);
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = shell('Sudah keluar', '<p>Anda sudah keluar dari SSO.</p>');
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaksi/${interaction.uid}` },
    // Consent is implied: the one client is our own application.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const p = bySub.get(sub);
      if (!p) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, name: p.nama, preferred_username: p.username, email: p.email, ...(p.nip ? { nip: p.nip } : {}) }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = shell('Permintaan ditolak', `<p class="error" role="alert">${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
  };
}

async function main(): Promise<void> {
  const lines = readline.createInterface({ input: process.stdin });
  const first = await new Promise<string>((resolve) => lines.once('line', resolve));
  const s = JSON.parse(first) as Settings;
  // The engine holds our stdin; when it goes (stopped, or crashed), so do we.
  lines.on('close', () => process.exit(0));

  const accounts = new Map(peopleModule.standInPeople().map((p) => [p.username, p]));
  let handle: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(s.port, s.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : s.port;
  const issuer = `http://${s.publicHost}:${port}`;
  const provider = new Provider(issuer, configuration(s, accounts));
  const oidc = provider.callback();

  handle = (req, res) => {
    const m = /^\/interaksi\/([A-Za-z0-9_-]{1,100})(?:\/(masuk|batal))?$/.exec((req.url ?? '').split('?')[0]);
    if (!m) return void oidc(req, res);
    void interaction(req, res, m[2]).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(shell('Permintaan ditolak', `<p class="error" role="alert">${escapeHtml(err instanceof Error ? err.message : String(err))}</p>`));
    });
  };

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const send = (status: number, html: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
      res.end(html);
    };
    if (!action && req.method === 'GET') {
      if (details.prompt.name === 'login') return send(200, loginForm(details.uid));
      // Any other prompt (consent): implied for our one client.
      const grant = new provider.Grant({ clientId: details.params.client_id as string, accountId: details.session!.accountId });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      return;
    }
    if (req.method !== 'POST') return send(405, shell('Permintaan ditolak', '<p class="error">Metode tidak diizinkan</p>'));
    if (action === 'batal') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Pengguna membatalkan masuk' }, { mergeWithLastSubmission: false });
      return;
    }
    const form = await readForm(req);
    const username = (form.get('username') ?? '').trim();
    const person = accounts.get(username);
    const ok = samePassword(form.get('password') ?? '', person?.password ?? randomBytes(16).toString('hex')) && person !== undefined;
    if (!ok) return send(401, loginForm(details.uid, 'Nama pengguna atau kata sandi salah', username));
    await provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
  }

  process.stdout.write(`READY ${JSON.stringify({ issuer, port })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`stand-in IdP could not start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
