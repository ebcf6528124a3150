import type { Request, RequestHandler, Response, Router } from 'express';
import { CHECK_LABELS, CHECK_NAMES, isCheckName, type CheckName, type ConsistencyReport } from '../auditor/types';
import { requireAuth } from '../api/auth/middleware';
import { AppError } from '../api/errors';
import { escapeHtml, page } from './pages';

export const CONSISTENCY_PAGE_PATH = '/admin/konsistensi';
/** The page's one script (navigation and sign-out); served beside the page, no inline script. */
const PAGE_SCRIPT_PATH = '/admin/konsistensi/halaman.js';
const PAGE_SCRIPT = "import { initSignedInPage } from '/static/common.js';\ninitSignedInPage(['ADMIN']);\n";

const COUNT_LABELS: Record<string, string> = {
  documents: 'Dokumen berlaku diperiksa tanda tangannya',
  numbers: 'Nomor yang diberikan',
  numberedUsulan: 'Usulan bernomor',
  commitEvents: 'Langkah bertanda tangan yang diterima',
  standingSignedDocuments: 'Dokumen bertanda tangan yang berlaku',
  pendingSignatures: 'Tanda tangan menunggu',
  usulan: 'Usulan KP',
  finishedUsulan: 'Usulan KP selesai',
  workflows: 'Workflow dibandingkan',
  workflowsSkipped: 'Workflow selesai tidak diambil sampelnya',
  runningWorkflows: 'Workflow berjalan',
  pendingActivities: 'Kegiatan tertunda',
  overdueUsulan: 'Usulan melewati tenggat',
  stuckUsulan: 'Usulan dengan langkah terhenti',
  auditEntries: 'Entri log audit',
};

const fmtWib = (iso: string) => new Date(iso).toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'medium' }) + ' WIB';

/** The report as a server-rendered page: one section per check, each violation on its own row. */
export function consistencyPage(r: ConsistencyReport): string {
  const verdict = r.ok
    ? `<p class="verdict ok">Konsisten: tidak ada pelanggaran pada ${r.checks.length} pemeriksaan.</p>`
    : `<p class="verdict bad">Ditemukan ${r.violations.length} pelanggaran.</p>`;
  const counts = Object.entries(r.checked)
    .map(([k, n]) => `<dt>${escapeHtml(COUNT_LABELS[k] ?? k)}</dt><dd>${n.toLocaleString('id-ID')}</dd>`).join('');
  const sections = r.checks.map((check) => {
    const found = r.violations.filter((v) => v.check === check);
    const rows = found.map((v) => `<tr><td data-label="Objek"><code>${escapeHtml(v.object)}</code></td><td data-label="Pelanggaran">${escapeHtml(v.message)}</td></tr>`).join('');
    const body = found.length
      ? `<div class="table-wrap"><table class="stack"><caption class="sr-only">Pelanggaran: ${escapeHtml(CHECK_LABELS[check])}</caption>
  <thead><tr><th scope="col">Objek</th><th scope="col">Pelanggaran</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : '<p class="ok">Tidak ada pelanggaran.</p>';
    return `<section class="card" aria-labelledby="h-${check}">
  <h2 id="h-${check}">${escapeHtml(CHECK_LABELS[check])} <span class="badge">${found.length}</span></h2>
  <p class="muted">Pemeriksaan <code>${check}</code> · <a href="${CONSISTENCY_PAGE_PATH}?cek=${check}">periksa ini saja</a></p>
  ${body}
</section>`;
  }).join('\n');
  return page({
    title: 'Pemeriksaan konsistensi',
    script: 'common',
    signedIn: true,
    body: `<script type="module" src="${PAGE_SCRIPT_PATH}"></script>
<section class="card" aria-labelledby="h-ringkasan">
  <h2 id="h-ringkasan">Ringkasan</h2>
  ${verdict}
  <p>Diperiksa ${escapeHtml(fmtWib(r.startedAt))}, selama ${(r.durationMs / 1000).toLocaleString('id-ID', { maximumFractionDigits: 1 })} detik.
    <a href="${CONSISTENCY_PAGE_PATH}">Periksa ulang semua</a> · <a href="/api/v1/admin/konsistensi">hasil sebagai JSON</a></p>
  <dl class="dl">${counts}</dl>
</section>
${sections}`,
  });
}

function messagePage(title: string, text: string): string {
  return page({ title, script: 'common', signedIn: true, body: `<script type="module" src="${PAGE_SCRIPT_PATH}"></script><p class="error">${escapeHtml(text)}</p>` });
}

/** requireAuth for a page: a person who is not signed in is sent to the sign-in page and back, not given JSON. */
function adminPageGate(): (req: Request, res: Response) => Promise<boolean> {
  const gate: RequestHandler = requireAuth({ roles: ['ADMIN'] });
  return async (req, res) => {
    try {
      await new Promise<void>((resolve, reject) => {
        Promise.resolve(gate(req, res, (err?: unknown) => (err ? reject(err) : resolve()))).catch(reject);
      });
      return true;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      res.set('Cache-Control', 'no-store');
      if (err.code === 'UNAUTHENTICATED' || err.extra?.mfaRequired) {
        res.redirect(302, `/masuk?lanjut=${encodeURIComponent(req.originalUrl)}`);
      } else if (err.code === 'FORBIDDEN') {
        res.status(403).type('html').send(messagePage('Tidak berwenang', 'Halaman pemeriksaan konsistensi hanya untuk admin.'));
      } else {
        throw err;
      }
      return false;
    }
  };
}

/** Mounts the admin page (and its script) on a router; `audit` runs the checks named in ?cek=a,b (all when absent). */
export function mountConsistencyPage(router: Router, audit: (checks?: CheckName[]) => Promise<ConsistencyReport>): void {
  const allowed = adminPageGate();
  router.get(PAGE_SCRIPT_PATH, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/javascript').send(PAGE_SCRIPT);
  });
  router.get(CONSISTENCY_PAGE_PATH, async (req, res) => {
    if (!(await allowed(req, res))) return;
    const raw = req.query.cek === undefined ? '' : req.query.cek;
    const asked = typeof raw === 'string' && /^[a-z-]*(,[a-z-]+)*$/.test(raw) && raw.length <= 200 ? raw.split(',').filter(Boolean) : null;
    res.set('Cache-Control', 'no-store');
    if (!asked || !asked.every(isCheckName)) {
      res.status(400).type('html').send(messagePage('Pemeriksaan konsistensi', `Pemeriksaan tidak dikenal. Yang ada: ${CHECK_NAMES.join(', ')}.`));
      return;
    }
    const report = await audit(asked.length ? asked.filter(isCheckName) : undefined);
    res.type('html').send(consistencyPage(report));
  });
}
