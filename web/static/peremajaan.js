// Peremajaan (data correction) helpers shared by the employee page and the verifiers' queues.
import { api, h, $, say, sayError } from './common.js';

export const CHANGE_STATUS_LABEL = {
  MENUNGGU: 'Menunggu keputusan verifikator',
  DISETUJUI: 'Disetujui, menunggu diterapkan',
  DITOLAK: 'Ditolak',
  DITERAPKAN: 'Diterapkan pada data pegawai',
  KEMBALI_KE_VERIFIKATOR: 'Data berubah sejak diusulkan: menunggu keputusan ulang',
};
export const USULAN_STATUS_LABEL = { MENUNGGU_VERIFIKASI: 'Menunggu verifikasi', SELESAI: 'Selesai', DITARIK: 'Ditarik' };
export const changeStatusClass = (s) => (s === 'DITERAPKAN' ? 'ok' : s === 'DITOLAK' ? 'bad' : s === 'KEMBALI_KE_VERIFIKATOR' ? 'warn' : '');
const PENDING = new Set(['MENUNGGU', 'KEMBALI_KE_VERIFIKATOR']);

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
export async function loadPeremajaanQueue(authority) {
  const list = await api('GET', '/api/v1/peremajaan?status=MENUNGGU_VERIFIKASI&open=true&limit=200');
  const mine = (c) => PENDING.has(c.status) && (!authority || c.authority === authority);
  const waiting = list.items.filter((u) => u.changes.some(mine));
  const details = await Promise.all(waiting.map((u) => api('GET', `/api/v1/peremajaan/${encodeURIComponent(u.id)}`).catch(() => null)));
  const rows = details.filter(Boolean).flatMap((u) => u.changes.filter(mine).map((c) => ({ u, c })));
  $('#n-peremajaan').textContent = String(rows.length);
  const body = $('#tabel-peremajaan tbody');
  if (!rows.length) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '6', text: 'Tidak ada perubahan data yang menunggu keputusan.' })));
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
}
