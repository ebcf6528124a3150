// Peremajaan (data correction) helpers shared by the employee page and the verifiers' queues.
import { api, h, $, say, sayError, toneClass, bindSelectAll } from './common.js';

/**
 * The peremajaan lifecycle as the server defines it (domain/peremajaan-lifecycle.ts, GET /web-api/peremajaan/referensi):
 * loaded once; the helpers answer synchronously after that.
 */
const vocab = { usulan: {}, changes: {}, pending: new Set() };
let loaded = null;
export function loadPeremajaanReference() {
  if (!loaded) {
    loaded = api('GET', '/web-api/peremajaan/referensi').then((ref) => {
      for (const st of ref.status) vocab.usulan[st.kode] = st.label;
      for (const c of ref.statusPerubahan) {
        vocab.changes[c.kode] = c;
        if (c.menunggu) vocab.pending.add(c.kode);
      }
      return ref;
    });
  }
  return loaded;
}
export const usulanStatusLabel = (s) => vocab.usulan[s] || s;
export const changeStatusLabel = (s) => (vocab.changes[s] ? vocab.changes[s].label : s);
export const changeStatusClass = (s) => toneClass(vocab.changes[s] && vocab.changes[s].nada);
const isPending = (s) => vocab.pending.has(s);

/** The input for a new value of field `f` (its type, bounds and choices from the reference), with the given id. */
export function valueControl(f, id) {
  const common = { id, required: true };
  if (f.type === 'enum') return h('select', common, h('option', { value: '', text: '— pilih —' }), f.options.map((o) => h('option', { value: o.kode, text: o.label })));
  if (f.type === 'date') return h('input', { ...common, type: 'date' });
  if (f.type === 'integer') return h('input', { ...common, type: 'number', min: f.min, max: f.max, step: 1, inputmode: 'numeric' });
  return h('input', { ...common, type: 'text', maxlength: f.maxLength, autocomplete: 'off' });
}

/** A stored value (JSON: text, number, date string or null) for people. */
export function fmtValue(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Fills #tabel-peremajaan with the changes waiting for `authority` ('INSTANSI' for approvers, 'BKN' for verifiers;
 * null shows both, read-only for who cannot decide). The list is scoped by the API; the detail gives labels and values.
 */
const countSelected = () => {
  const n = document.querySelectorAll('#tabel-peremajaan tbody input.pilih-perubahan:checked').length;
  const label = $('#peremajaan-terpilih');
  if (label) label.textContent = `${n} dipilih`;
};

/** Approves every selected change in one request; each is decided on its own and refusals come back per change. */
async function approveSelected(authority) {
  const picked = [.../** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#tabel-peremajaan tbody input.pilih-perubahan:checked'))];
  const box = $('#peremajaan-pesan');
  const tell = (text, kind = 'info') => { box.className = kind === 'error' ? 'error' : ''; box.textContent = text; };
  if (!picked.length) return tell('Pilih perubahan yang akan disetujui dahulu.', 'error');
  const btn = $('#setujui-terpilih');
  btn.disabled = true;
  try {
    const res = await api('POST', '/api/v1/peremajaan/keputusan-massal', {
      keputusan: picked.map((cb) => ({ usulanId: cb.dataset.usulanId, changeId: cb.dataset.changeId, action: 'APPROVE' })),
    });
    const refused = res.items.filter((i) => i.status !== 'DIPUTUS');
    tell(`${res.diputus} perubahan disetujui${refused.length ? `; ${refused.length} tidak: ${refused.slice(0, 3).map((i) => `${i.changeId} (${i.alasan})`).join('; ')}` : ''}.`, refused.length ? 'error' : 'info');
    await loadPeremajaanQueue(authority);
  } catch (err) {
    tell(err && err.message ? err.message : String(err), 'error');
  } finally { btn.disabled = false; }
}

let queueWired = false;
function wireQueue(authority) {
  if (queueWired) return;
  queueWired = true;
  const table = $('#tabel-peremajaan');
  const all = $('#semua-peremajaan');
  if (all && table) bindSelectAll(all, table, countSelected);
  const btn = $('#setujui-terpilih');
  if (btn) btn.addEventListener('click', () => { approveSelected(authority).catch(sayError); });
}

export async function loadPeremajaanQueue(authority) {
  wireQueue(authority);
  const [list] = await Promise.all([api('GET', '/api/v1/peremajaan?status=MENUNGGU_VERIFIKASI&open=true&limit=200'), loadPeremajaanReference()]);
  const mine = (c) => isPending(c.status) && (!authority || c.authority === authority);
  const waiting = list.items.filter((u) => u.changes.some(mine));
  const details = await Promise.all(waiting.map((u) => api('GET', `/api/v1/peremajaan/${encodeURIComponent(u.id)}`).catch(() => null)));
  const rows = details.filter(Boolean).flatMap((u) => u.changes.filter(mine).map((c) => ({ u, c })));
  $('#n-peremajaan').textContent = String(rows.length);
  const body = $('#tabel-peremajaan tbody');
  if (!rows.length) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '7', text: 'Tidak ada perubahan data yang menunggu keputusan.' })));
    countSelected();
    return;
  }
  body.replaceChildren(...rows.map(({ u, c }) => {
    const noteId = `alasan-${c.id}`;
    const decide = (action) => async (ev) => {
      const reason = $(`#${CSS.escape(noteId)}`).value.trim();
      if (action === 'REJECT' && !reason) return say(`Tuliskan alasan penolakan untuk ${c.label} ${u.nama}.`, 'error');
      ev.target.disabled = true;
      try {
        await api('POST', `/api/v1/peremajaan/${encodeURIComponent(u.id)}/changes/${encodeURIComponent(c.id)}/decision`,
          reason ? { action, reason } : { action });
        say(`Perubahan ${c.label} ${u.nama} ${action === 'APPROVE' ? 'disetujui' : 'ditolak'}.`);
        await loadPeremajaanQueue(authority);
      } catch (err) { sayError(err); ev.target.disabled = false; }
    };
    return h('tr', { 'data-id': u.id, 'data-change-id': c.id, 'data-nip': u.nip },
      h('td', {}, h('input', { type: 'checkbox', class: 'pilih-perubahan', 'aria-label': `Pilih ${c.label} ${u.nama}`, 'data-usulan-id': u.id, 'data-change-id': c.id })),
      h('td', {}, u.nama, h('br'), h('span', { class: 'muted', text: u.nip })),
      h('td', { text: c.label }),
      h('td', { text: fmtValue(c.oldValue) }),
      h('td', { text: fmtValue(c.newValue) }),
      h('td', {}, c.documents.length
        ? h('ul', {}, c.documents.map((d, i) => h('li', {}, h('a', { href: `/api/v1/documents/${encodeURIComponent(d)}`, text: `Dokumen ${i + 1}` }))))
        : '—'),
      h('td', {}, h('div', { class: 'item-actions' },
        h('button', { type: 'button', class: 'setujui-perubahan', 'aria-label': `Setujui ${c.label} ${u.nama}`, onclick: decide('APPROVE') }, 'Setujui'),
        h('label', { for: noteId, class: 'sr-only', text: `Alasan penolakan ${c.label} ${u.nama}` }),
        h('input', { id: noteId, placeholder: 'Alasan penolakan' }),
        h('button', { type: 'button', class: 'danger tolak-perubahan', 'aria-label': `Tolak ${c.label} ${u.nama}`, onclick: decide('REJECT') }, 'Tolak'))));
  }));
  const all = $('#semua-peremajaan');
  if (all) all.checked = false;
  countSelected();
}
