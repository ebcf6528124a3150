import { randomBytes, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { DEMO_USERS } from '../db/seed';
import { BenchClient } from './lib/http';
import { runBench } from './lib/engine';
import { argValue, fmtMs, percentile, pool, sleep } from './lib/stats';

/**
 * npm run bench:upload [-- --files 200 --clients 8 --keep]
 *
 * Uploads a mix of berkas (small PDFs, 300 dpi scans, near-limit 5 MB files, hostile files of six classes) with concurrent clients to the engine
 * as `npm start` runs it, while a prober asks /healthz every 50 ms. A 503 from a full inspection pool is retried with
 * the same Idempotency-Key after its Retry-After, as a careful client does; the upload's time includes that wait.
 * Last line: `upload_p99_ms=… upload_5mb_p99_ms=… healthz_p99_ms=…`.
 */
const FILES = argValue('files', 200);
const CLIENTS = argValue('clients', 8);
const out = (s = '') => process.stdout.write(s + '\n');
const log = (s: string) => out(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

async function smallScan(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) doc.addPage([595, 842]).drawText(`Halaman ${p + 1} ${randomUUID()}`, { x: 50, y: 780, size: 12, font });
  return Buffer.from(await doc.save());
}

/** Near the 5 MB limit: random text does not compress, so the content streams stay large. */
async function nearLimit(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  for (let p = 0; p < 10; p++) {
    const page = doc.addPage([595, 842]);
    for (let l = 0; l < 4800; l++) page.drawText(randomBytes(64).toString('base64'), { x: 10, y: 830 - (l % 800), size: 1, font });
  }
  return Buffer.from(await doc.save());
}

/** A 300 dpi A4 scan of `pages` pages, 1-bit lossless (Flate), as office scanners write them. */
async function bilevelScan(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const [w, h] = [2480, 3508];
  const row = Math.ceil(w / 8);
  for (let p = 0; p < pages; p++) {
    const samples = Buffer.alloc(row * h, 0xff);
    for (let y = 300 + p; y < h - 300; y += 47) samples.fill(0, y * row + 30, y * row + row - 30 - (y % 97));
    const image = doc.context.register(doc.context.flateStream(samples, { Type: 'XObject', Subtype: 'Image', Width: w, Height: h, ColorSpace: 'DeviceGray', BitsPerComponent: 1 }));
    const page = doc.addPage([595, 842]);
    page.node.setXObject(PDFName.of('Im0'), image);
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream('q 595 0 0 842 0 0 cm /Im0 Do Q')));
  }
  return Buffer.from(await doc.save());
}

/** One of each class the gate refuses: script, not a PDF, encrypted, a Flate bomb, a PDF+ZIP polyglot, a launch link. */
async function hostileFiles(): Promise<Buffer[]> {
  const bomb = await PDFDocument.create();
  bomb.addPage().node.set(PDFName.of('Contents'), bomb.context.register(bomb.context.stream(deflateSync(Buffer.alloc(60 * 1024 * 1024)), { Filter: 'FlateDecode' })));
  const launch = await PDFDocument.create();
  const page = launch.addPage();
  page.node.set(PDFName.of('Annots'), launch.context.obj([launch.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 9, 9], A: { S: 'Launch', F: 'cmd.exe' } })]));
  return [
    Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
    Buffer.from('GIF89a bukan pdf'),
    Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF\n', 'latin1'),
    Buffer.from(await bomb.save()),
    Buffer.concat([await smallScan(1), Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]),
    Buffer.from(await launch.save()),
  ];
}

runBench('bench-upload', log, async (engine, db) => {
  const op = await new BenchClient(engine.baseUrl, DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!.username).login();
  const nips = (await db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').orderBy('nip').limit(FILES).execute()).map((e) => e.nip);
  const big = await nearLimit();
  const scan = await bilevelScan(10);
  const hostile = await hostileFiles();
  log(`files: ${FILES} (60% small PDFs of 1-3 pages, 10% 10-page 300 dpi scans of ${(scan.length / 1024).toFixed(0)} KB, 15% near-limit ${(big.length / 1024 / 1024).toFixed(1)} MB, 15% hostile of ${hostile.length} classes), ${CLIENTS} clients`);
  const jobs = await Promise.all(Array.from({ length: FILES }, async (_, i) => {
    const kind = i % 20 < 12 ? 'small' : i % 20 < 14 ? 'scan' : i % 20 < 17 ? 'big' : 'hostile';
    const bytes = kind === 'small' ? await smallScan(1 + (i % 3)) : kind === 'scan' ? scan : kind === 'big' ? big : hostile[i % hostile.length];
    return { i, kind, bytes, nip: nips[i % nips.length] };
  }));

  const health: number[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const t0 = performance.now();
      await fetch(`${engine.baseUrl}/healthz`).then((r) => r.arrayBuffer()).catch(() => undefined);
      health.push(performance.now() - t0);
      await sleep(50);
    }
  })();

  const times: Record<string, number[]> = { small: [], scan: [], big: [], hostile: [] };
  const statuses = new Map<string, number>();
  let busy = 0;
  const t0 = Date.now();
  await pool(jobs, CLIENTS, async (job) => {
    const key = randomUUID();
    const started = performance.now();
    for (;;) {
      const res = await fetch(`${engine.baseUrl}/api/v1/pegawai/${job.nip}/berkas?kode=SERTIFIKAT_DIKLAT&nama=b${job.i}.pdf`, {
        method: 'POST', body: job.bytes,
        headers: { 'content-type': 'application/pdf', cookie: op.cookieHeader(), 'x-csrf-token': op.csrfToken ?? '', 'idempotency-key': key },
      });
      await res.arrayBuffer();
      if (res.status === 503 || res.status === 409) {
        busy += 1;
        await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
        continue;
      }
      statuses.set(`${job.kind} ${res.status}`, (statuses.get(`${job.kind} ${res.status}`) ?? 0) + 1);
      break;
    }
    times[job.kind].push(performance.now() - started);
  });
  const wall = (Date.now() - t0) / 1000;
  probing = false;
  await prober;

  const all = Object.values(times).flat();
  const validRefused = [...statuses.entries()].filter(([k]) => !k.startsWith('hostile') && !k.endsWith(' 201')).reduce((n, [, v]) => n + v, 0);
  const hostileAccepted = statuses.get('hostile 201') ?? 0;
  out('');
  out(`== ${FILES} uploads, ${CLIENTS} clients, ${wall.toFixed(1)} s wall; answered 503 (pool full) then retried: ${busy}`);
  for (const [k, v] of [...statuses.entries()].sort()) out(`   ${k.padEnd(14)} ${v}`);
  for (const k of Object.keys(times)) out(`   ${k.padEnd(8)} p50 ${fmtMs(percentile(times[k], 50))}  p99 ${fmtMs(percentile(times[k], 99))}  max ${fmtMs(Math.max(...times[k]))}`);
  out(`   /healthz during the run: ${health.length} probes, p50 ${fmtMs(percentile(health, 50))}, p99 ${fmtMs(percentile(health, 99))}, max ${fmtMs(Math.max(...health))}`);
  out(`   valid files refused: ${validRefused}; hostile files accepted: ${hostileAccepted}`);
  out(`upload_p99_ms=${percentile(all, 99).toFixed(0)} upload_5mb_p99_ms=${percentile(times.big, 99).toFixed(0)} healthz_p99_ms=${percentile(health, 99).toFixed(0)}`);
});
