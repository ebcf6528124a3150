import { promises as fs } from 'node:fs';
import { checkAllowList, type Finding } from './pdf-allow-list';
import { checkEnvelope } from './pdf-envelope';
import { BudgetExceeded, decodedSize, isImageCodec, UnsupportedFilter, type FilterStep } from './pdf-filters';
import { isDict, isName, PdfGraph, type Dict, type Json, type QpdfJson, type QpdfStream } from './pdf-graph';
import { REASONS, refuse, type InspectResult } from './pdf-inspect-result';
import { runTool, type ToolLimits, type ToolRun } from './pdf-tools';

/**
 * The whole inspection of an uploaded file, run inside the inspection child (pdf-inspect-worker.ts): the envelope
 * (nothing outside the PDF), then the object graph as qpdf resolves it against the allow-list, the decoded size of
 * every reachable stream against a budget tied to the page count and the images' declared sizes, and poppler as a
 * second reader that must see the same document. A file that qpdf has to repair is refused: readers repair
 * differently, and what one shows may not be what another runs.
 */

export interface FileInspectOptions {
  /** Decoded bytes of everything but images: this base plus `perPageBytes` for each page, at most `maxNonImageBytes`. */
  baseBytes?: number;
  perPageBytes?: number;
  maxNonImageBytes?: number;
  /** All decoded bytes together, images included. */
  maxTotalBytes?: number;
  /** Largest image a berkas may declare (a 300 dpi A3 scan is 35 megapixels). */
  maxImagePixels?: number;
  tools?: Partial<ToolLimits>;
}

const MB = 1024 * 1024;
export const INSPECT_DEFAULTS: Required<Omit<FileInspectOptions, 'tools'>> & { tools: ToolLimits } = {
  baseBytes: 16 * MB,
  perPageBytes: 4 * MB,
  maxNonImageBytes: 256 * MB,
  maxTotalBytes: 768 * MB,
  maxImagePixels: 150_000_000,
  // Below the parent's 15 s deadline, so a slow tool is reported as such rather than as a killed inspector.
  tools: { memoryBytes: 1024 * MB, cpuSeconds: 12, deadlineMs: 12_000, maxStdoutBytes: 64 * MB },
};

const fromFinding = (f: Finding): InspectResult => refuse(f.code, f.detail, f.reason);
const firstLine = (s: string): string => s.split('\n').map((l) => l.trim()).find((l) => l.length > 0)?.slice(0, 240) ?? '';

function qpdfFailure(run: ToolRun): InspectResult {
  if (run.stopped === 'deadline') return refuse('TIMEOUT', 'qpdf melewati batas waktu');
  if (run.stopped === 'output' || run.signal === 'SIGXCPU' || /bad_alloc|out of memory/i.test(run.stderr)) {
    return refuse('DECOMPRESSION_BOMB', 'qpdf melewati batas sumber daya');
  }
  if (run.code === null && !run.signal) return refuse('INSPECTOR_FAILED', `qpdf tidak dapat dijalankan: ${run.stderr.slice(0, 200)}`);
  if (/password/i.test(run.stderr)) return refuse('ENCRYPTED', firstLine(run.stderr));
  if (run.code === 3) {
    const warnings = run.stderr.split('\n').filter((l) => l.startsWith('WARNING: ')).map((l) => l.replace(/^WARNING: [^:]*(?:\(offset \d+\))?: /, '').trim());
    return refuse('AMBIGUOUS', warnings.slice(0, 3).join('; ').slice(0, 300));
  }
  return refuse('UNPARSABLE', firstLine(run.stderr.replace(/^qpdf: [^:]*: /gm, '')));
}

function filterSteps(dict: Dict, graph: PdfGraph): FilterStep[] {
  const f = graph.resolve(dict['/Filter']);
  const names = (Array.isArray(f) ? f : f === null ? [] : [f]).map((n) => graph.resolve(n));
  const p = graph.resolve(dict['/DecodeParms']);
  const parms = Array.isArray(p) ? p.map((x) => graph.resolve(x)) : names.map(() => p);
  return names.map((n, i) => {
    const name = isName(n) ? n.slice(1) : String(n);
    const dp = parms[i];
    const early = isDict(dp) ? graph.resolve(dp['/EarlyChange']) : null;
    return { name, ...(typeof early === 'number' ? { earlyChange: early } : {}) };
  });
}

const num = (v: Json): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Bytes a reader allocates for an image's samples, from its declared size and colour space. */
function imageBytes(dict: Dict, graph: PdfGraph): { pixels: number; bytes: number } {
  const w = num(graph.resolve(dict['/Width']));
  const h = num(graph.resolve(dict['/Height']));
  const mask = graph.resolve(dict['/ImageMask']) === true;
  const bpc = mask ? 1 : num(graph.resolve(dict['/BitsPerComponent'])) || 8;
  let cs = graph.resolve(dict['/ColorSpace']);
  if (Array.isArray(cs)) cs = graph.resolve(cs[0]);
  const comps = mask || cs === '/DeviceGray' || cs === '/CalGray' || cs === '/Indexed' || cs === '/Separation' ? 1 : cs === '/DeviceRGB' || cs === '/CalRGB' || cs === '/Lab' ? 3 : 4;
  const rowBytes = Math.ceil((w * comps * Math.min(bpc, 16)) / 8);
  return { pixels: w * h, bytes: rowBytes * h };
}

function checkSizes(graph: PdfGraph, streams: Array<{ ref: string; stream: QpdfStream }>, o: typeof INSPECT_DEFAULTS): InspectResult | null {
  const nonImageLimit = Math.min(o.maxNonImageBytes, o.baseBytes + o.perPageBytes * graph.pageCount);
  let nonImage = 0;
  let total = 0;
  for (const { ref, stream } of streams) {
    if (stream.data === undefined) continue;
    const at = `objek ${ref.replace(/ R$/, '')}`;
    const isImage = stream.dict['/Subtype'] === '/Image';
    const steps = filterSteps(stream.dict, graph);
    let limit: number;
    if (isImage) {
      const { pixels, bytes } = imageBytes(stream.dict, graph);
      if (pixels > o.maxImagePixels) {
        return refuse('DECOMPRESSION_BOMB', `${at}: gambar ${Math.round(pixels / 1e6)} megapiksel`, `${REASONS.DECOMPRESSION_BOMB} Gambar di dalamnya berukuran tidak wajar.`);
      }
      // Rows may carry a predictor byte; anything well beyond the samples is never read by a reader.
      limit = bytes + num(graph.resolve(stream.dict['/Height'])) + 64 * 1024;
    } else {
      limit = nonImageLimit - nonImage;
    }
    limit = Math.min(limit, o.maxTotalBytes - total);
    const raw = Buffer.from(stream.data, 'base64');
    let size: number;
    try {
      size = decodedSize(raw, steps, limit);
    } catch (err) {
      if (err instanceof BudgetExceeded) {
        return refuse('DECOMPRESSION_BOMB', `${at}: ${isImage ? 'data gambar melebihi ukuran yang dinyatakan' : `lebih dari ${Math.round(nonImageLimit / MB)} MB untuk ${graph.pageCount} halaman`}`);
      }
      if (err instanceof UnsupportedFilter) return refuse('UNPARSABLE', `${at}: ${err.message}`, `${REASONS.UNPARSABLE} (filter stream ${err.filter} tidak dikenal)`);
      throw err;
    }
    if (!isImage || !steps.some((s) => isImageCodec(s.name))) total += size;
    if (!isImage) nonImage += size;
  }
  return null;
}

interface PopplerView {
  pages: number | null;
  encrypted: boolean;
  javascript: boolean;
  attachments: number | null;
  failed?: string;
}

async function popplerView(file: string, limits: ToolLimits): Promise<PopplerView> {
  const [info, detach] = await Promise.all([runTool('pdfinfo', [file], limits), runTool('pdfdetach', ['-list', file], limits)]);
  const text = info.stdout.toString('utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
  const pages = field('Pages');
  const listed = /^(\d+) embedded files?/m.exec(detach.stdout.toString('utf8'));
  return {
    pages: pages !== undefined ? Number(pages) : null,
    encrypted: /^yes/i.test(field('Encrypted') ?? ''),
    javascript: /^yes/i.test(field('JavaScript') ?? ''),
    attachments: listed ? Number(listed[1]) : null,
    ...(info.code !== 0 ? { failed: firstLine(info.stderr) || `pdfinfo ${info.signal ?? info.code}` } : {}),
  };
}

export async function inspectPdfFile(file: string, options: FileInspectOptions = {}): Promise<InspectResult> {
  const o = { ...INSPECT_DEFAULTS, ...options, tools: { ...INSPECT_DEFAULTS.tools, ...options.tools } };
  const { size } = await fs.stat(file);
  const envelope = await checkEnvelope(file, size);
  if (envelope) return fromFinding(envelope);

  // qpdf's JSON is indented: raw stream data grows by a third (base64), small objects up to several times.
  const qpdfLimits = { ...o.tools, maxStdoutBytes: Math.min(o.tools.maxStdoutBytes, size * 6 + 16 * MB) };
  const [qpdf, poppler] = await Promise.all([
    runTool('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=none', '--json-key=pages', '--json-key=encrypt', '--json-key=qpdf', file, '-'], qpdfLimits),
    popplerView(file, o.tools),
  ]);
  if (qpdf.code !== 0) return qpdfFailure(qpdf);
  let json: QpdfJson;
  try {
    json = JSON.parse(qpdf.stdout.toString('utf8')) as QpdfJson;
  } catch {
    return refuse('INSPECTOR_FAILED', 'keluaran qpdf tidak terbaca');
  }
  if (json.encrypt?.encrypted || poppler.encrypted) return refuse('ENCRYPTED');
  const graph = new PdfGraph(json);

  const { finding, streams } = checkAllowList(graph);
  if (finding) return fromFinding(finding);
  const sizes = checkSizes(graph, streams, o);
  if (sizes) return sizes;

  if (graph.pageCount < 1) return refuse('UNPARSABLE', 'tidak ada halaman');
  if (poppler.failed) return refuse('AMBIGUOUS', `poppler: ${poppler.failed}`);
  if (poppler.javascript) return refuse('ACTIVE_CONTENT', 'poppler menemukan JavaScript', `${REASONS.ACTIVE_CONTENT}: JavaScript.`);
  if (poppler.attachments) return refuse('ACTIVE_CONTENT', `poppler menemukan ${poppler.attachments} lampiran`, `${REASONS.ACTIVE_CONTENT}: berkas sisipan (lampiran).`);
  if (poppler.pages !== graph.pageCount) return refuse('AMBIGUOUS', `qpdf membaca ${graph.pageCount} halaman, poppler ${poppler.pages ?? '?'}`);
  return { ok: true, pages: graph.pageCount };
}
