import { PDFDocument } from 'pdf-lib';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_CASES } from '../../db/seed';

jest.setTimeout(120_000);

let engine: TestEngine;
let operator: ApiClient;
const op = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!;
const missingSkp = DEMO_CASES.find((c) => c.key === 'BERKAS_KURANG_SKP')!;
const foreign = DEMO_CASES.find((c) => c.instansiId !== 'I-3300')!;

async function onePagePdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return Buffer.from(await doc.save());
}

function upload(client: ApiClient, nip: string, kode: string, body: Buffer | string, type = 'application/pdf', tahun?: number) {
  return client.request('POST', `/api/v1/pegawai/${nip}/berkas?kode=${kode}${tahun ? `&tahun=${tahun}` : kode === 'SKP' ? '&tahun=2025' : ''}`, body, { headers: { 'content-type': type } });
}

beforeAll(async () => {
  engine = await startTestEngine();
  operator = await engine.login(op.username);
});
afterAll(async () => {
  await engine?.close();
});

describe('berkas: upload, versions and the completeness gate', () => {
  it('shows the missing SKP, accepts the uploaded PDF as a new version, and the checklist becomes complete', async () => {
    const before = await operator.get(`/api/v1/pegawai/${missingSkp.nip}/berkas?jenisKp=101`);
    expect(before.status).toBe(200);
    expect(before.body.lengkap).toBe(false);
    expect(before.body.daftar.find((i: { code: string }) => i.code === 'SKP')).toMatchObject({ lengkap: false });
    const have = await engine.db.selectFrom('document').select('tahun').where('owner_nip', '=', missingSkp.nip).where('doc_code', '=', 'SKP').execute();
    const year = [2026, 2025, 2024, 2023].find((y) => !have.some((h) => h.tahun === y))!;
    const res = await upload(operator, missingSkp.nip, 'SKP', await onePagePdf(`SKP ${year}`), 'application/pdf', year);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ doc_code: 'SKP', siasn_id: 891, tahun: year, halaman: 1 });
    const after = await operator.get(`/api/v1/pegawai/${missingSkp.nip}/berkas?jenisKp=101`);
    expect(after.body.lengkap).toBe(true);
    const periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
    const submitted = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [missingSkp.nip] });
    expect(submitted.body.items[0].status).toBe('DITERIMA');
  });

  it('keeps the old version when a document is uploaded again (nothing overwritten)', async () => {
    const first = await upload(operator, missingSkp.nip, 'IJAZAH', await onePagePdf('ijazah v1'));
    const second = await upload(operator, missingSkp.nip, 'IJAZAH', await onePagePdf('ijazah v2'));
    expect(second.body.version).toBe(first.body.version + 1);
    const rows = await engine.db.selectFrom('document').select(['id', 'status', 'supersedes_id']).where('owner_nip', '=', missingSkp.nip).where('doc_code', '=', 'IJAZAH').orderBy('version').execute();
    expect(rows.at(-1)).toMatchObject({ status: 'BERLAKU', supersedes_id: rows.at(-2)!.id });
    expect(rows.at(-2)!.status).toBe('DIKOREKSI');
  });

  it('refuses a PDF carrying JavaScript with the reason, and stores nothing', async () => {
    const count = async () => (await engine.db.selectFrom('document').select('id').where('owner_nip', '=', missingSkp.nip).execute()).length;
    const n = await count();
    const evil = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const res = await upload(operator, missingSkp.nip, 'SKP', evil);
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/\S/);
    const notPdf = await upload(operator, missingSkp.nip, 'SKP', Buffer.from('GIF89a not a pdf'));
    expect(notPdf.status).toBe(422);
    const wrongType = await upload(operator, missingSkp.nip, 'SKP', await onePagePdf('x'), 'image/png');
    expect(wrongType.status).toBe(415);
    const tooBig = await upload(operator, missingSkp.nip, 'SKP', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6 * 1024 * 1024, 32)]));
    expect(tooBig.status).toBe(413);
    expect(await count()).toBe(n);
  });

  it('answers 404 for an employee of another instansi and for an unknown document type', async () => {
    expect((await upload(operator, foreign.nip, 'SKP', await onePagePdf('x'))).status).toBe(404);
    expect((await operator.get(`/api/v1/pegawai/${foreign.nip}/berkas`)).status).toBe(404);
    expect((await upload(operator, missingSkp.nip, 'FOTO_SELFIE', await onePagePdf('x'))).status).toBe(400);
  });
});

describe('KP eligibility and open peremajaan', () => {
  it('warns on the KP explanation while a pendidikan change is open, and uses the verified data meanwhile', async () => {
    const c = DEMO_CASES.find((x) => x.key === 'REGULER_MEMENUHI_SYARAT')!;
    const ids: string[] = [];
    for (const kode of ['IJAZAH', 'TRANSKRIP']) {
      const up = await upload(operator, c.nip, kode, await onePagePdf(`${kode} S2`));
      expect(up.status).toBe(201);
      ids.push(up.body.id);
    }
    const before = await operator.get(`/api/v1/kp/kelayakan?nip=${c.nip}&jenisKp=101`);
    expect(before.body.eligible).toBe(true);
    expect(before.body.warnings.join(' ')).not.toMatch(/peremajaan/i);
    const proposal = await operator.post('/api/v1/peremajaan', { nip: c.nip, changes: [{ area: 'PENDIDIKAN', field: 'jurusan', value: 'Administrasi Publik', documents: ids }] });
    expect(proposal.status).toBe(201);
    const after = await operator.get(`/api/v1/kp/kelayakan?nip=${c.nip}&jenisKp=101`);
    expect(after.body.eligible).toBe(true);
    expect(after.body.targetGolonganId).toBe(before.body.targetGolonganId);
    expect(after.body.warnings.join(' ')).toMatch(/peremajaan|perbaikan data/i);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(engine));
});

describe('uploads streamed to disk', () => {
  const spoolDir = () => engine.blobs.spoolDir;
  const spooled = async () => (await import('node:fs')).promises.readdir(spoolDir()).catch(() => [] as string[]);
  // Other suites may upload through the same blob store meanwhile: only files that appeared since `before` count.
  const spoolSettles = async (before: string[]) => eventually(async () => ((await spooled()).every((f) => before.includes(f)) ? true : undefined));
  const docCount = async () => (await engine.db.selectFrom('document').select('id').where('owner_nip', '=', missingSkp.nip).execute()).length;

  it('refuses a body over 5 MB naming that limit, whether Content-Length says so or the body runs on without one', async () => {
    const n = await docCount();
    const before = await spooled();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024, 32)]);
    const declared = await upload(operator, missingSkp.nip, 'IJAZAH', big);
    expect(declared.status).toBe(413);
    expect(declared.body.detail).toMatch(/5 MB/);
    expect(declared.body.detail).not.toMatch(/1 MB/);
    // Chunked: no Content-Length, so the limit is found while the bytes arrive.
    const chunks = [Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 12 }, () => Buffer.alloc(512 * 1024, 32))];
    const body = new ReadableStream({ pull(c) { const next = chunks.shift(); if (next) c.enqueue(next); else c.close(); } });
    const client = operator as unknown as { csrfToken?: string };
    const res = await fetch(`${engine.url}/api/v1/pegawai/${missingSkp.nip}/berkas?kode=IJAZAH`, {
      method: 'POST', body, duplex: 'half',
      headers: { 'content-type': 'application/pdf', cookie: operator.cookieHeader(), 'x-csrf-token': client.csrfToken ?? '', 'idempotency-key': `chunked-${Date.now()}`, accept: 'application/json' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/5 MB/);
    expect(await docCount()).toBe(n);
    await spoolSettles(before);
  });

  it('checks the type and the parameters before reading the body', async () => {
    const pdf = await onePagePdf('dokumen');
    expect((await upload(operator, missingSkp.nip, 'IJAZAH', pdf, 'text/html')).status).toBe(415);
    const rtl = await operator.request('POST', `/api/v1/pegawai/${missingSkp.nip}/berkas?kode=IJAZAH&nama=${encodeURIComponent('ijazah\u202Efdp.exe')}`, pdf, { headers: { 'content-type': 'application/pdf' } });
    expect(rtl.status).toBe(400);
    expect(JSON.stringify(rtl.body.errors)).toMatch(/U\+202E/);
    const skpNoYear = await operator.request('POST', `/api/v1/pegawai/${missingSkp.nip}/berkas?kode=SKP`, pdf, { headers: { 'content-type': 'application/pdf' } });
    expect(skpNoYear.status).toBe(400);
    expect(skpNoYear.body.errors[0].field).toBe('query.tahun');
  });

  it('refuses a PDF+ZIP polyglot with its reason, audits the refusal, stores nothing and leaves no spooled file', async () => {
    const n = await docCount();
    const before = await spooled();
    const zipTail = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]);
    const res = await upload(operator, missingSkp.nip, 'IJAZAH', Buffer.concat([await onePagePdf('ijazah'), zipTail]));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ kode: 'POLYGLOT' });
    expect(res.body.detail).toMatch(/di luar struktur PDF/);
    const audit = await engine.db.selectFrom('audit_log').select(['action', 'data']).where('action', '=', 'UPLOAD_REFUSED').where('object_id', '=', missingSkp.nip).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ code: 'POLYGLOT' });
    expect(await docCount()).toBe(n);
    await spoolSettles(before);
  });

  it('stores an accepted upload under its hash, byte for byte, and the spool is empty afterwards', async () => {
    const before = await spooled();
    const pdf = await onePagePdf(`ijazah ${Date.now()}`);
    const res = await upload(operator, missingSkp.nip, 'IJAZAH', pdf);
    expect(res.status).toBe(201);
    expect(res.body.sha256).toBe((await import('node:crypto')).createHash('sha256').update(pdf).digest('hex'));
    expect((await engine.blobs.get(res.body.sha256)).equals(pdf)).toBe(true);
    await spoolSettles(before);
  });
});

describe('uploads under load and repeated uploads', () => {
  it('an Idempotency-Key covers the query: the same file sent again as another document type is refused, not replayed', async () => {
    const pdf = await onePagePdf('ijazah atau transkrip');
    const key = `up-${Date.now()}`;
    const send = (kode: string) => operator.request('POST', `/api/v1/pegawai/${missingSkp.nip}/berkas?kode=${kode}`, pdf, { headers: { 'content-type': 'application/pdf' }, idempotencyKey: key });
    const first = await send('IJAZAH');
    expect(first.status).toBe(201);
    const again = await send('IJAZAH');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await send('TRANSKRIP');
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('header.Idempotency-Key');
  });

  it('many uploads at once: each is stored or answered 503 with Retry-After and nothing stored; the API keeps answering; a retry gets through', async () => {
    const count = async () => (await engine.db.selectFrom('document').select('id').where('owner_nip', '=', missingSkp.nip).execute()).length;
    const before = await count();
    const pdf = await onePagePdf('SKP serentak');
    const keys = Array.from({ length: 24 }, (_, i) => `flood-${Date.now()}-${i}`);
    const send = (key: string, i: number) => operator.request('POST', `/api/v1/pegawai/${missingSkp.nip}/berkas?kode=SKP&tahun=${2000 + i}`, pdf, { headers: { 'content-type': 'application/pdf' }, idempotencyKey: key });
    const health = (async () => {
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push((await fetch(`${engine.url}/healthz`)).status);
      return answers;
    })();
    const answers = await Promise.all(keys.map(send));
    expect(await health).toEqual([200, 200, 200, 200, 200]);
    for (const a of answers) {
      expect([201, 503]).toContain(a.status);
      if (a.status === 503) {
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(a.body.detail).toMatch(/Pemeriksa berkas sedang penuh/);
      }
    }
    const stored = answers.filter((a) => a.status === 201).length;
    expect(await count()).toBe(before + stored);
    // The busy ones, sent again with their own key, are stored once each.
    for (const [i, a] of answers.entries()) {
      if (a.status !== 503) continue;
      const retry = await eventually(async () => {
        const r = await send(keys[i], i);
        return r.status === 201 ? r : undefined;
      });
      expect(retry.status).toBe(201);
    }
    expect(await count()).toBe(before + keys.length);
  });
});

