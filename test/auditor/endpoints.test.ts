import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { extractCms, verifyPdf } from '../../signing';
import { startTestEngine, type TestEngine } from '../helpers/harness';
import { ApiClient } from '../helpers/http-client';
import { plantDocument, signedBy } from './fixtures';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../..');
let engine: TestEngine;
let admin: ApiClient;
let tmp: string;

beforeAll(async () => {
  engine = await startTestEngine();
  admin = await engine.login('admin');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'usulan-auditor-'));
});

afterAll(async () => {
  await engine?.close();
});

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const write = (name: string, data: string | Uint8Array) => {
  const file = path.join(tmp, name);
  writeFileSync(file, data);
  return file;
};

/** A stray standing approval statement: no accepted approval names it (check 3), so the audit is not ok until it goes. */
async function withStrayStatement(fn: (documentId: string) => Promise<void>): Promise<void> {
  const id = await plantDocument(engine, { kind: 'PENGANTAR', usulanId: null, signer: 'pyb.jateng' });
  try {
    await fn(id);
  } finally {
    await engine.db.deleteFrom('document').where('id', '=', id).execute();
  }
}

describe('GET /api/v1/admin/konsistensi', () => {
  it('answers the admin with the report: ok on a clean database, each violation once one is planted', async () => {
    const clean = await admin.get('/api/v1/admin/konsistensi');
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, violations: [], checks: expect.arrayContaining(['signatures', 'audit-chain']) });
    await withStrayStatement(async (id) => {
      const r = await admin.get('/api/v1/admin/konsistensi?cek=signed-steps,signatures');
      expect(r.status).toBe(200);
      expect(r.body.ok).toBe(false);
      expect(r.body.checks).toEqual(['signatures', 'signed-steps']);
      expect(r.body.violations).toEqual([expect.objectContaining({ check: 'signed-steps', object: `document:${id}` })]);
    });
  });

  it('refuses other roles, anonymous callers and unknown checks', async () => {
    const operator = await engine.login('op.jateng1');
    expect((await operator.get('/api/v1/admin/konsistensi')).status).toBe(403);
    expect((await new ApiClient(engine.url).get('/api/v1/admin/konsistensi')).status).toBe(401);
    const bad = await admin.get('/api/v1/admin/konsistensi?cek=semua');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'query.cek' });
    expect((await admin.get('/api/v1/admin/konsistensi?lain=1')).status).toBe(400);
  });

  it('is described in the OpenAPI document for admins only, beside the public trust-anchor routes', async () => {
    const doc = (await new ApiClient(engine.url).get('/openapi.json')).body;
    expect(doc.paths['/api/v1/admin/konsistensi'].get['x-roles']).toEqual(['ADMIN']);
    expect(doc.paths['/pki/root.pem'].get.security).toEqual([]);
    expect(Object.keys(doc.paths['/pki/root.pem'].get.responses['200'].content)).toEqual(['application/x-pem-file']);
    expect(Object.keys(doc.paths['/pki/tsa.der'].get.responses['200'].content)).toEqual(['application/pkix-cert']);
  });
});

describe('the admin page /admin/konsistensi', () => {
  it('lists each violation, server-rendered in Bahasa Indonesia, under the strict CSP with no inline script', async () => {
    await withStrayStatement(async (id) => {
      const r = await admin.get('/admin/konsistensi');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/text\/html/);
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      const html = r.body as string;
      expect(html).toContain('Ditemukan 1 pelanggaran');
      expect(html).toContain(`document:${id}`);
      expect(html).toContain('tanpa langkah yang diterima');
      expect(html).toContain('<html lang="id">');
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\/[^"]+"/);
      expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
      expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
      const script = await admin.get('/admin/konsistensi/halaman.js');
      expect(script.headers.get('content-type')).toMatch(/javascript/);
    });
    const clean = await admin.get('/admin/konsistensi?cek=signed-steps');
    expect(clean.body).toContain('Konsisten: tidak ada pelanggaran');
  });

  it('sends a visitor who is not signed in to the sign-in page and back, and refuses other roles', async () => {
    const anon = await new ApiClient(engine.url).request('GET', '/admin/konsistensi', undefined, { headers: { accept: 'text/html' } });
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe('/masuk?lanjut=%2Fadmin%2Fkonsistensi');
    const operator = await engine.login('op.jateng1');
    const r = await operator.get('/admin/konsistensi');
    expect(r.status).toBe(403);
    expect(r.body).toContain('hanya untuk admin');
  });
});

describe('the trust anchor over HTTP', () => {
  it('serves the root, issuing CA and TSA certificates publicly as PEM and DER, with their fingerprints', async () => {
    const anon = new ApiClient(engine.url);
    const index = await anon.get('/pki');
    expect(index.status).toBe(200);
    for (const name of ['root', 'issuing-ca', 'tsa']) {
      const pem = await anon.request('GET', `/pki/${name}.pem`, undefined, { raw: true });
      const der = await anon.request('GET', `/pki/${name}.der`, undefined, { raw: true });
      expect(pem.status).toBe(200);
      expect(pem.headers.get('content-type')).toMatch(/^application\/x-pem-file/);
      expect(der.headers.get('content-type')).toBe('application/pkix-cert');
      const x = new X509Certificate(pem.body);
      expect(Buffer.compare(x.raw, der.body)).toBe(0);
      expect(index.body.sertifikat.find((c: any) => c.nama === name).sidikJariSha256).toBe(x.fingerprint256);
    }
  });

  it('lets openssl, trusting only the downloaded root, verify a signed decree\'s CMS and the TSA\'s chain; a foreign root fails', async () => {
    const anon = new ApiClient(engine.url);
    const fetchText = async (p: string) => (await anon.request('GET', p, undefined, { raw: true })).body.toString('latin1');
    const root = write('root.pem', await fetchText('/pki/root.pem'));
    const rootDer = write('root.der', (await anon.request('GET', '/pki/root.der', undefined, { raw: true })).body);
    const issuing = write('issuing-ca.pem', await fetchText('/pki/issuing-ca.pem'));
    const tsa = write('tsa.pem', await fetchText('/pki/tsa.pem'));

    const pdf = await signedBy(engine, 'kepala.bkn', 'SK untuk pihak yang memeriksa');
    // Only to find the signature's byte range; the verification itself is openssl's.
    const [sig] = (await verifyPdf(pdf, { trustedRootsPem: [] })).signatures;
    const [a, b, c, d] = sig.byteRange;
    const cms = write('sk.p7s', extractCms(pdf, sig.byteRange));
    const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const signed = write('sk-signed-bytes.bin', signedBytes);

    const ok = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', signed, '-CAfile', root, '-purpose', 'any', '-out', '/dev/null']);
    expect(ok.out).toMatch(/Verification successful/);
    expect(ok.status).toBe(0);
    const tsaChain = run('openssl', ['verify', '-CAfile', root, '-untrusted', issuing, tsa]);
    expect(tsaChain.out).toMatch(/: OK/);
    const derRoot = run('openssl', ['x509', '-inform', 'DER', '-in', rootDer, '-noout', '-fingerprint', '-sha256']);
    expect(derRoot.out.replace(/^.*=/, '').trim()).toBe(new X509Certificate(await fetchText('/pki/root.pem')).fingerprint256);

    const other = write('other-root.pem', await fetchText('/pki/tsa.pem'));
    const refused = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', signed, '-CAfile', other, '-purpose', 'any', '-out', '/dev/null']);
    expect(refused.status).not.toBe(0);
    const changed = Buffer.from(signedBytes);
    changed[7] ^= 1;
    const tampered = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', write('tampered.bin', changed), '-CAfile', root, '-purpose', 'any', '-out', '/dev/null']);
    expect(tampered.status).not.toBe(0);
  });

  it('is linked from the public verification page', async () => {
    const html = (await new ApiClient(engine.url).get('/verifikasi')).body as string;
    expect(html).toContain('href="/pki/root.pem"');
    expect(html).toContain('href="/pki/tsa.pem"');
  });
});

describe('npm run audit:consistency', () => {
  const cli = () => run(process.execPath, [require.resolve('tsx/cli'), 'scripts/audit-consistency.ts'], {
    DATABASE_URL: engine.config.databaseUrl!, TEMPORAL_ADDRESS: engine.temporalAddress, TEMPORAL_NAMESPACE: engine.config.temporalNamespace,
    KEYS_DIR: engine.keysDir, BLOB_DIR: engine.blobs.root, DATA_DIR: tmp, LOG_LEVEL: 'silent',
  });

  it('prints OK and exits 0 on a consistent database; prints each violation on its own line and exits 1 otherwise', async () => {
    const clean = cli();
    expect(clean.out).toMatch(/konsistensi: OK/);
    expect(clean.status).toBe(0);
    const last = await engine.db.selectFrom('audit_log').select(['id', 'action']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(engine.db);
    await engine.db.updateTable('audit_log').set({ action: 'diubah' }).where('id', '=', last.id).execute();
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(engine.db);
    try {
      await withStrayStatement(async (id) => {
        const broken = cli();
        expect(broken.status).toBe(1);
        const lines = broken.out.split('\n');
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[signed-steps\\] document:${id}: `)));
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[audit-chain\\] audit_log:${last.id}: rantai log audit putus`)));
      });
    } finally {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(engine.db);
      await engine.db.updateTable('audit_log').set({ action: last.action }).where('id', '=', last.id).execute();
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(engine.db);
    }
  });
});
