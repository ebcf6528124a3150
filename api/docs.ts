import type { Request, Response } from 'express';
import { generateOpenApi } from './openapi';
import { PROBLEM_TITLES, problemType, type ProblemCode } from './problem';

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const PROBLEM_MEANING: Record<ProblemCode, string> = {
  BAD_REQUEST: 'Isi atau parameter permintaan salah; kolom errors menyebut kolom dan alasannya.',
  UNAUTHENTICATED: 'Belum masuk, sesi berakhir, atau token tidak berlaku.',
  FORBIDDEN: 'Peran, cakupan token, TOTP atau token CSRF tidak memenuhi.',
  NOT_FOUND: 'Data tidak ada atau di luar kewenangan Anda.',
  CONFLICT: 'Keadaan data tidak mengizinkan tindakan ini sekarang (mis. Idempotency-Key masih diproses).',
  PAYLOAD_TOO_LARGE: 'Isi permintaan melebihi batas (JSON 1 MB, kiriman integrasi SIMPEG 16 MB; unggahan PDF 5 MB, berkas impor CSV/XLSX 10 MB).',
  UNSUPPORTED_MEDIA_TYPE: 'Kirim JSON dengan Content-Type: application/json.',
  UNPROCESSABLE: 'Permintaan terbaca, tetapi ditolak oleh aturan (alasan di detail).',
  RATE_LIMITED: 'Terlalu banyak permintaan; tunggu sesuai header Retry-After.',
  UNAVAILABLE: 'Layanan pendukung sedang tidak tersedia.',
  INTERNAL: 'Kesalahan tak terduga; sampaikan requestId kepada admin.',
};

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}code{background:#f4f4f4;padding:0 .25rem}
.op{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;margin:.6rem 0}.m{font-weight:700;text-transform:uppercase;display:inline-block;min-width:4.5rem}
.get{color:#0a6}.post{color:#06c}.delete{color:#c30}.put,.patch{color:#a60}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
pre{background:#f7f7f7;padding:.5rem;overflow:auto;max-height:20rem}`;

/** A small self-contained reference page (no scripts, no CDN), rendered from the same document as /openapi.json. */
export function docsHandler(_req: Request, res: Response): void {
  const doc = generateOpenApi() as { info: { title: string; description: string }; paths: Record<string, Record<string, any>> };
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters as { name: string; in: string; required?: boolean; description?: string }[])
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'wajib' : ''}</td><td>${esc(p.description)}</td></tr>`)
        .join('');
      const body = op.requestBody?.content?.['application/json']?.schema;
      const upload = Object.keys(op.requestBody?.content ?? {}).find((t) => t !== 'application/json');
      const responses = Object.entries(op.responses as Record<string, { description: string }>)
        .map(([s, r]) => `<code>${esc(s)}</code> ${esc(r.description)}`)
        .join('<br>');
      ops.push(`<div class="op" id="${esc(op.operationId)}"><span class="m ${esc(method)}">${esc(method)}</span> <code>${esc(path)}</code>
<p>${esc(op.summary)}${op.description ? `<br><small>${esc(op.description)}</small>` : ''}</p>
${params ? `<table><tr><th>Parameter</th><th>Di</th><th></th><th>Keterangan</th></tr>${params}</table>` : ''}
${body ? `<details><summary>Isi permintaan${op.requestBody.required ? '' : ' (boleh tidak dikirim)'} (JSON Schema)</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ''}
${upload ? `<p><small>Isi permintaan: <code>${esc(upload)}</code> ${esc(op.requestBody.description)}</small></p>` : ''}
<p><small>${responses}</small></p></div>`);
    }
  }
  const problems = (Object.keys(PROBLEM_TITLES) as ProblemCode[])
    .map((c) => `<tr id="${esc(problemType(c).split('#')[1])}"><td><code>${esc(problemType(c))}</code></td><td>${esc(PROBLEM_TITLES[c])}</td><td>${esc(PROBLEM_MEANING[c])}</td></tr>`)
    .join('');
  const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)}</title><link rel="stylesheet" href="/api/docs/style.css"></head><body>
<h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p><p>Dokumen mesin: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operasi</h2>${ops.join('\n')}
<h2>Jenis masalah</h2><table><tr><th>type</th><th>title</th><th>Arti</th></tr>${problems}</table>
</body></html>`;
  res.type('html').set('Cache-Control', 'no-store').send(html);
}

export function docsCssHandler(_req: Request, res: Response): void {
  res.type('css').set('Cache-Control', 'public, max-age=300').send(DOCS_CSS);
}
