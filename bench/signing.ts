/**
 * Signing throughput: N SK-like PDFs signed through one unlocked session of the local stand-in (PAdES-B-T:
 * CAdES signed attributes, RFC 3161 time-stamp, visible stamp with QR code) against @signpdf/signpdf +
 * @signpdf/signer-p12 + @signpdf/placeholder-plain as shipped (PAdES-less adbe.pkcs7.detached, no stamp, no
 * time-stamp), on the same PDFs in the same run. PDF generation is not timed.
 *
 *   npm run bench:signing [-- N]        (or BENCH_N=N)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf from '@signpdf/signpdf';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { skSample } from '../test/documents/fixtures';
import { createLocalSigner, enrolOfficial, ensureStandInPki, verifyPdf, type StampRect } from '../signing';

interface SkPdf {
  bytes: Uint8Array;
  stamp?: { pageIndex: number; rect: StampRect };
}

type RenderSkKp = (data: unknown) => Promise<{ bytes: Uint8Array; signatureField: { pageIndex: number; rect: [number, number, number, number] } }>;

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 200);
const WARMUP = Math.min(20, N);

/** The SK renderer of documents/ when it is there; resolved at run time so the bench runs without it. */
function loadRenderer(): RenderSkKp | null {
  const file = path.join(__dirname, '..', 'documents', 'sk-kp');
  if (!existsSync(`${file}.ts`) && !existsSync(`${file}.js`)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { renderSkKp?: RenderSkKp };
  return typeof mod.renderSkKp === 'function' ? mod.renderSkKp : null;
}

function skData(i: number): unknown {
  const sample = skSample();
  const nip = `1994011320220320${String(i % 100).padStart(2, '0')}`;
  return {
    ...sample,
    nomor: `800.1.3.2/${String(1000 + i)}/BKD/2026`,
    pegawai: { ...sample.pegawai, nama: `Pegawai Uji Nomor ${i + 1}, S.Kom.`, nip },
    pertek: { ...sample.pertek, nomor: `IG-2630500${String(i).padStart(4, '0')}` },
    penandatangan: { ...sample.penandatangan, nama: 'PEJABAT PENANDA TANGAN' },
    tembusan: undefined,
  };
}

async function simpleSk(i: number): Promise<SkPdf> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([595.28, 841.89]);
  const lines = [
    'KEPUTUSAN GUBERNUR JAWA TENGAH',
    `NOMOR 800.1.3.2/${1000 + i}/BKD/2026`,
    'TENTANG KENAIKAN PANGKAT PEGAWAI NEGERI SIPIL',
    `Menetapkan kenaikan pangkat Pegawai Uji Nomor ${i + 1} menjadi Penata Muda Tingkat I (III/b)`,
    'terhitung mulai tanggal 1 April 2026 dengan gaji pokok Rp3.089.300,00.',
  ];
  lines.forEach((t, k) => page.drawText(t, { x: 72, y: 760 - k * 18, size: 11, font }));
  return { bytes: await doc.save({ useObjectStreams: false }) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const f = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'usulan-bench-signing-'));
  const keysDir = path.join(tmp, 'keys');
  const passphrase = 'bench-passphrase-2026';
  try {
    const pki = await ensureStandInPki(keysDir);
    await enrolOfficial(keysDir, { id: 'gubernur', name: 'PEJABAT PENANDA TANGAN', nip: '196609271987031001', jabatan: 'Gubernur Jawa Tengah', passphrase });

    const render = loadRenderer();
    const docs: SkPdf[] = [];
    const renderTimes: number[] = [];
    let source = render ? 'documents/sk-kp renderSkKp' : 'built-in one-page pdf-lib SK';
    for (let i = 0; i < N; i++) {
      const t0 = process.hrtime.bigint();
      if (render) {
        try {
          const r = await render(skData(i));
          const [x1, y1, x2, y2] = r.signatureField.rect;
          docs.push({ bytes: r.bytes, stamp: { pageIndex: r.signatureField.pageIndex, rect: [x1, y1, x2 - x1, y2 - y1] } });
        } catch (err) {
          console.warn(`renderSkKp failed (${(err as Error).message}); using the built-in SK`);
          source = 'built-in one-page pdf-lib SK';
          docs.push(await simpleSk(i));
        }
      } else {
        docs.push(await simpleSk(i));
      }
      renderTimes.push(ms(t0));
    }
    const avgKb = docs.reduce((s, d) => s + d.bytes.length, 0) / docs.length / 1024;
    console.log(`documents: ${N} from ${source}, ${avgKb.toFixed(1)} KiB on average, generation median ${f(median(renderTimes))} ms (not included below)`);

    const backend = createLocalSigner(keysDir);
    let t0 = process.hrtime.bigint();
    const session = await backend.unlock('gubernur', passphrase);
    console.log(`unlock (PKCS#12, once per session): ${f(ms(t0))} ms`);
    const opts = (d: SkPdf, i: number) => ({
      reason: 'Penetapan keputusan kenaikan pangkat',
      location: 'Semarang',
      verificationUrl: `https://usulan.example.go.id/verifikasi/DOC-${String(i).padStart(16, '0')}`,
      stamp: d.stamp,
    });

    for (let i = 0; i < WARMUP; i++) await session.sign(docs[i].bytes, opts(docs[i], i));
    const ours: number[] = [];
    let lastSigned: Uint8Array = new Uint8Array();
    for (let i = 0; i < N; i++) {
      t0 = process.hrtime.bigint();
      lastSigned = await session.sign(docs[i].bytes, opts(docs[i], i));
      ours.push(ms(t0));
    }
    session.close();
    const check = await verifyPdf(lastSigned, { trustedRootsPem: [pki.rootCertPem] });
    if (!check.allValid) throw new Error(`our last signature does not verify: ${JSON.stringify(check.signatures.map((s) => s.problems))}`);

    const p12 = readFileSync(path.join(keysDir, 'officials', 'gubernur.p12'));
    const baselineSign = async (d: SkPdf): Promise<Buffer> => {
      const withPlaceholder = plainAddPlaceholder({
        pdfBuffer: Buffer.from(d.bytes),
        reason: 'Penetapan keputusan kenaikan pangkat',
        contactInfo: '',
        name: 'PEJABAT PENANDA TANGAN',
        location: 'Semarang',
      });
      // A P12Signer consumes its forge buffer on first use, so it is made per document, as its README does.
      return signpdf.sign(withPlaceholder, new P12Signer(p12, { passphrase }));
    };
    for (let i = 0; i < Math.min(5, N); i++) await baselineSign(docs[i]);
    const baseline: number[] = [];
    for (let i = 0; i < N; i++) {
      t0 = process.hrtime.bigint();
      await baselineSign(docs[i]);
      baseline.push(ms(t0));
    }

    const oursMedian = median(ours);
    const baseMedian = median(baseline);
    console.log(`ours  (PAdES-B-T, stamp+QR, session): median ${f(oursMedian)} ms, p95 ${f(p95(ours))} ms, ${(1000 / oursMedian).toFixed(0)} SK/s on one core`);
    console.log(`@signpdf (placeholder-plain + signer-p12): median ${f(baseMedian)} ms, p95 ${f(p95(baseline))} ms`);
    console.log(`sk_ms=${f(oursMedian)} baseline_ms=${f(baseMedian)} speedup=${(baseMedian / oursMedian).toFixed(1)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
