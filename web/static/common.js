// Shared helpers of the pages: API calls with the session cookie, CSRF token and Idempotency-Key, and small DOM helpers.

export const HOME_BY_ROLE = {
  OPERATOR: '/operator', APPROVER: '/persetujuan', VERIFIER: '/verifikasi-bkn', EMPLOYEE: '/saya',
  BKN_HEAD: '/persetujuan', KANREG_HEAD: '/verifikasi-bkn', ADMIN: '/operator',
};
const NAV_BY_ROLE = {
  OPERATOR: [['/operator', 'Usulan KP'], ['/operator/usulan', 'Usulan instansi'], ['/operator/peremajaan-kolektif', 'Peremajaan kolektif'], ['/operator/impor', 'Impor data'], ['/operator/prakiraan', 'Prakiraan kelayakan']],
  APPROVER: [['/persetujuan', 'Persetujuan'], ['/persetujuan#peremajaan', 'Peremajaan data'], ['/dasbor', 'Dasbor'], ['/akun/2fa', 'Keamanan akun']],
  BKN_HEAD: [['/persetujuan', 'TTE SK'], ['/dasbor', 'Dasbor'], ['/akun/2fa', 'Keamanan akun']],
  VERIFIER: [['/verifikasi-bkn', 'Antrean verifikasi'], ['/verifikasi-bkn#peremajaan', 'Peremajaan data'], ['/akun/2fa', 'Keamanan akun']],
  KANREG_HEAD: [['/verifikasi-bkn', 'Antrean verifikasi'], ['/dasbor', 'Dasbor'], ['/akun/2fa', 'Keamanan akun']],
  EMPLOYEE: [['/saya', 'Usulan saya'], ['/saya#peremajaan', 'Perbaikan data']],
  ADMIN: [['/operator', 'Usulan KP'], ['/persetujuan', 'Persetujuan'], ['/verifikasi-bkn', 'Verifikasi'], ['/dasbor', 'Dasbor'], ['/akun/2fa', 'Keamanan akun']],
};

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `Permintaan gagal (${status})`);
    this.status = status;
    this.body = body;
  }
}

let csrf = sessionStorage.getItem('csrfToken') || '';
export function setCsrf(token) {
  csrf = token || '';
  if (csrf) sessionStorage.setItem('csrfToken', csrf); else sessionStorage.removeItem('csrfToken');
}

export async function api(method, path, body, opts = {}) {
  // opts.headers: what a call adds of its own (an upload's file name); the CSRF and content headers stay ours.
  const headers = { ...opts.headers, Accept: 'application/json' };
  if (method !== 'GET') {
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (method === 'POST' && opts.idempotencyKey !== null) headers['Idempotency-Key'] = opts.idempotencyKey || crypto.randomUUID();
  }
  let payload;
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    payload = body;
    headers['Content-Type'] = opts.contentType || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    if (!opts.noRedirect && (res.status === 401 || (res.status === 403 && data && data.mfaRequired))) {
      location.assign(`/masuk?lanjut=${encodeURIComponent(location.pathname + location.search)}`);
    }
    throw new ApiError(res.status, data);
  }
  return data;
}

/** The signed-in user (and a fresh CSRF token); sends to /masuk when nobody is. */
export async function whoAmI() {
  const me = await api('GET', '/api/v1/auth/me');
  if (me.csrfToken) setCsrf(me.csrfToken);
  if (me.mfaPending) location.assign('/masuk');
  return me;
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : String(c));
  return el;
}

/**
 * A picked file's name as the server stores it: no path separators or control characters, and no invisible or
 * direction-changing characters (an RTL override makes "berkas\u202Efdp.exe" look like "berkasexe.pdf"), at most 200.
 */
export const storedFileName = (file) => file.name
  .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
  .replace(/[\\/\u0000-\u001f\u007f]/g, '_').slice(0, 200);

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function say(text, kind = 'info') {
  const box = $('#pesan');
  if (!box) return;
  box.className = kind === 'error' ? 'error' : '';
  box.textContent = text;
}
export const sayError = (err) => {
  const extra = err && err.body && Array.isArray(err.body.errors) && err.body.errors.length
    ? ' — ' + err.body.errors.map((e) => e.reason).join('; ') : '';
  say((err && err.message ? err.message : String(err)) + extra, 'error');
};

export const fmtDateTime = (s) => (s ? new Date(s).toLocaleString('id-ID', { dateStyle: 'medium', timeStyle: 'short' }) : '');
export const fmtDate = (s) => (s ? new Date(s).toLocaleDateString('id-ID', { dateStyle: 'long' }) : '');

/** Fills the navigation for the signed-in user and wires "Keluar". */
export async function initSignedInPage(allowedRoles) {
  const me = await whoAmI();
  await loadVocabulary();
  const role = me.user.role;
  const nav = $('#nav-menu');
  if (nav) {
    for (const [href, label] of NAV_BY_ROLE[role] || []) {
      nav.append(h('li', {}, h('a', { href, 'aria-current': location.pathname === href ? 'page' : undefined, text: label })));
    }
  }
  // Everyone's inbox, with what is unread counted in the navigation (a return waits there for the operator).
  if (nav) {
    nav.append(h('li', {}, h('a', { href: '/notifikasi', id: 'nav-notifikasi', 'aria-current': location.pathname === '/notifikasi' ? 'page' : undefined },
      'Notifikasi ', h('span', { id: 'n-notifikasi', class: 'badge', hidden: true }))));
    refreshUnread();
  }
  for (const a of $$('a[data-csv-form]')) bindCsvLink(a);
  const who = $('#who');
  if (who) who.textContent = `${me.user.nama} (${role})`;
  const out = $('#keluar');
  if (out) out.addEventListener('click', async () => {
    setCsrf('');
    // Signed in through SSO: the provider's session ends too, or the next "Masuk dengan SSO" would pass silently.
    if (me.keluarUrl) return location.assign(me.keluarUrl);
    try { await api('POST', '/api/v1/auth/logout', {}, { idempotencyKey: null, noRedirect: true }); } catch { /* already out */ }
    location.assign('/masuk');
  });
  if (allowedRoles && !allowedRoles.includes(role)) {
    say(`Halaman ini bukan untuk peran ${role}.`, 'error');
    const home = HOME_BY_ROLE[role];
    if (home && home !== location.pathname) location.assign(home);
  }
  return me;
}

/** The unread count beside "Notifikasi" in the navigation; pages call it again after marking something read. */
export async function refreshUnread() {
  const link = $('#nav-notifikasi');
  const badge = $('#n-notifikasi');
  if (!link || !badge) return;
  try {
    const { belumDibaca } = await api('GET', '/api/v1/notifikasi?belumDibaca=true&limit=1', undefined, { noRedirect: true });
    badge.textContent = String(belumDibaca);
    badge.hidden = belumDibaca === 0;
    link.setAttribute('aria-label', belumDibaca ? `Notifikasi, ${belumDibaca} belum dibaca` : 'Notifikasi, tidak ada yang belum dibaca');
  } catch { /* the navigation works without the count */ }
}

/**
 * A download link that carries the filters of a form on the page (data-csv-form="<form id>"): its address is the
 * link's own (e.g. ?format=csv) plus the form's filled fields, except page size and position, so the file holds the
 * whole filtered set. Kept current as the form changes, and once more at the click.
 */
export function bindCsvLink(a) {
  const form = document.getElementById(a.dataset.csvForm);
  if (!(form instanceof HTMLFormElement)) return;
  const base = new URL(a.getAttribute('href'), location.origin);
  const update = () => {
    const qs = new URLSearchParams(base.search);
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() && k !== 'limit' && k !== 'offset') qs.set(k, v.trim());
    a.setAttribute('href', `${base.pathname}?${qs}`);
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  a.addEventListener('click', update);
  update();
}

/**
 * The lifecycle vocabulary the server defines once (domain/kp-lifecycle.ts, served by GET /api/v1/kp/referensi):
 * status labels and tones, event labels, reasons and the golongan ladder. initSignedInPage loads it, so the helpers
 * below can answer synchronously; before that they show the raw code.
 */
const vocab = { labels: {}, tones: {}, events: {}, reasons: {}, golongan: {}, actions: {}, groups: [] };
let vocabLoaded = null;
export function loadVocabulary() {
  if (!vocabLoaded) {
    vocabLoaded = api('GET', '/api/v1/kp/referensi').then((ref) => {
      for (const s of ref.status) { vocab.labels[s.kode] = s.label; vocab.tones[s.kode] = s.nada; }
      for (const e of ref.peristiwa) vocab.events[e.kode] = e.label;
      for (const a of ref.tindakan) vocab.actions[a.kode] = a;
      for (const r of [...ref.alasanBts, ...ref.alasanTms]) vocab.reasons[r.code] = r.text;
      for (const g of ref.golongan) vocab.golongan[g.id] = g.kode;
      vocab.groups = ref.kelompokStatus || [];
      return vocab;
    });
  }
  return vocabLoaded;
}

/** The CSS class of a tone: in progress shows plain. */
export const toneClass = (tone) => (tone === 'ok' || tone === 'bad' || tone === 'warn' ? tone : '');
export const statusClass = (status) => toneClass(vocab.tones[status]);
export const statusLabel = (status) => vocab.labels[status] || status;
export const eventLabel = (kind) => vocab.events[kind] || kind;
export const reasonText = (code) => vocab.reasons[code];
/** The states a step can be taken from (e.g. RESUBMIT: the usulan sent back to the operator). */
export const actionFrom = (action) => (vocab.actions[action] ? vocab.actions[action].dari : []);

/** The status groups of an operator's list (waiting for them, under way, ended with or without an SK), with their states. */
export const statusGroups = () => vocab.groups;

/** Checkbox "select all" bound to the enabled row checkboxes of a table. */
export function bindSelectAll(master, table, onChange) {
  master.addEventListener('change', () => {
    for (const cb of $$('tbody input[type=checkbox]:not(:disabled)', table)) cb.checked = master.checked;
    if (onChange) onChange();
  });
  table.addEventListener('change', (e) => { if (e.target !== master && onChange) onChange(); });
}

/** SIASN golongan id (31) → "III/a", from the ladder the server serves. */
export const golLabel = (id) => vocab.golongan[id] || String(id);
