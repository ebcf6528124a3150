import { api, h, $, say, sayError, initSignedInPage, fmtDateTime, storedFileName } from './common.js';
import { summaryRows, timelineItems } from './timeline.js';
import { usulanStatusLabel, changeStatusLabel, changeStatusClass, fmtValue, loadPeremajaanReference, valueControl } from './peremajaan.js';

let me = null;
let areas = [];
let ownDocs = [];

async function loadKp() {
  const list = await api('GET', '/api/v1/kp/usulan?limit=50');
  const box = $('#daftar-saya');
  if (!list.items.length) {
    box.replaceChildren(h('p', { text: 'Belum ada usulan kenaikan pangkat untuk Anda.' }));
    return;
  }
  const details = await Promise.all(list.items.map((u) => api('GET', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}`)));
  box.replaceChildren(...details.map((u, i) => h('article', { class: 'card', 'aria-labelledby': `u-${i}` },
    h('h3', { id: `u-${i}` }, h('a', { href: `/usulan/${u.id}`, text: `Usulan periode ${u.periode}` })),
    h('dl', { class: 'dl' }, summaryRows(u)),
    h('h4', { text: 'Riwayat' }),
    h('ol', { class: 'timeline' }, timelineItems(u.timeline || [])))));
}

// ---- Peremajaan: propose a correction of one's own data ----

const currentArea = () => areas.find((a) => a.kode === $('#pd-area').value);
const currentField = () => { const a = currentArea(); return a && a.fields.find((f) => f.kode === $('#pd-field').value); };

function fillFields() {
  const a = currentArea();
  $('#pd-field').replaceChildren(...(a ? a.fields.map((f) => h('option', { value: f.kode, text: f.label.charAt(0).toUpperCase() + f.label.slice(1) })) : []));
  return fieldChanged();
}

async function fieldChanged() {
  const f = currentField();
  if (!f) return;
  $('#pd-nilai').replaceWith(valueControl(f, 'pd-nilai'));
  $('#pd-kewenangan').textContent = `(diverifikasi ${f.kewenangan === 'BKN' ? 'BKN' : 'instansi'})`;
  const wajib = f.dokumen.filter((d) => d.wajib);
  $('#pd-dokumen-wajib').textContent = f.dokumen.length
    ? f.dokumen.map((d) => `${d.nama}${d.alternatif.length ? ` (atau ${d.alternatif.map((x) => x.nama).join(' atau ')})` : ''}${d.wajib ? ' — wajib' : ' — tidak wajib'}`).join('; ')
    : 'Tidak ada dokumen pendukung yang wajib.';
  $('#pd-dokumen').dataset.wajib = String(wajib.length);
  const codes = f.dokumen.flatMap((d) => [{ kode: d.kode, nama: d.nama }, ...d.alternatif]);
  $('#pd-dok-kode').replaceChildren(...codes.map((c) => h('option', { value: c.kode, text: c.nama })));
  const usable = ownDocs.filter((d) => d.status === 'BERLAKU' && codes.some((c) => c.kode === d.doc_code));
  $('#pd-dokumen-ada').replaceChildren(...(usable.length
    ? [h('p', { text: 'Atau pakai dokumen yang sudah Anda unggah:' }), ...usable.map((d) => h('div', {},
      h('input', { type: 'checkbox', id: `pd-doc-${d.id}`, name: 'dokumen', value: d.id }),
      h('label', { for: `pd-doc-${d.id}`, text: ` ${d.doc_code}${d.tahun ? ` ${d.tahun}` : ''} — ${d.filename}` })))]
    : []));
  $('#pd-nilai-lama').textContent = '…';
  try {
    const cur = await api('GET', `/web-api/peremajaan/nilai?${new URLSearchParams({ nip: me.user.nip, area: currentArea().kode, field: f.kode })}`);
    $('#pd-nilai-lama').textContent = fmtValue(cur.nilai);
  } catch { $('#pd-nilai-lama').textContent = '—'; }
}

async function loadOwnDocs() {
  try {
    const b = await api('GET', `/api/v1/pegawai/${encodeURIComponent(me.user.nip)}/berkas`);
    ownDocs = b.dokumen || [];
  } catch { ownDocs = []; }
}

async function submitPeremajaan(ev) {
  ev.preventDefault();
  const f = currentField();
  const value = $('#pd-nilai').value.trim();
  if (!f) return say('Pilih data yang akan diperbaiki.', 'error');
  if (!value) return say('Isi nilai baru.', 'error');
  const btn = $('#pd-kirim');
  btn.disabled = true;
  try {
    const documents = [.../** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#pd-dokumen-ada input[type=checkbox]:checked'))].map((c) => c.value);
    const file = $('#pd-dok-file').files[0];
    if (file) {
      const qs = new URLSearchParams({ kode: $('#pd-dok-kode').value });
      const nama = storedFileName(file);
      if (nama.trim()) qs.set('nama', nama);
      if (qs.get('kode') === 'SKP') qs.set('tahun', String(new Date().getFullYear() - 1));
      const doc = await api('POST', `/api/v1/pegawai/${encodeURIComponent(me.user.nip)}/berkas?${qs}`, file, { contentType: 'application/pdf' });
      documents.push(doc.id);
      $('#pd-dok-file').value = '';
    }
    const body = { nip: me.user.nip, changes: [{ area: currentArea().kode, field: f.kode, value: f.type === 'integer' ? Number(value) : value, documents }] };
    const res = await api('POST', '/api/v1/peremajaan', body);
    say(`Usulan perbaikan ${f.label} dikirim (${res.usulanId}).`);
    await loadOwnDocs();
    await fieldChanged();
    await loadPeremajaanList();
  } catch (err) {
    sayError(err);
  } finally { btn.disabled = false; }
}

async function loadPeremajaanList() {
  const list = await api('GET', `/api/v1/peremajaan?nip=${encodeURIComponent(me.user.nip)}&limit=50`);
  const box = $('#daftar-peremajaan');
  if (!list.items.length) {
    box.replaceChildren(h('p', { text: 'Belum ada usulan perbaikan data.' }));
    return;
  }
  const details = await Promise.all(list.items.map((u) => api('GET', `/api/v1/peremajaan/${encodeURIComponent(u.id)}`)));
  box.replaceChildren(...details.map((u, i) => h('article', { class: 'card', 'data-id': u.id, 'data-status': u.status, 'aria-labelledby': `pd-${i}` },
    h('h4', { id: `pd-${i}`, text: `Usulan ${u.id} — ${usulanStatusLabel(u.status)}` }),
    h('p', { class: 'muted', text: `Diajukan ${fmtDateTime(u.createdAt)}` }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
      h('caption', { class: 'sr-only', text: `Perubahan pada usulan ${u.id}` }),
      h('thead', {}, h('tr', {}, ['Data', 'Nilai lama', 'Nilai baru', 'Status', 'Keterangan'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, u.changes.map((c) => h('tr', { 'data-change-id': c.id, 'data-status': c.status },
        h('td', { 'data-label': 'Data', text: c.label }),
        h('td', { 'data-label': 'Nilai lama', text: fmtValue(c.oldValue) }),
        h('td', { 'data-label': 'Nilai baru', text: fmtValue(c.newValue) }),
        h('td', { 'data-label': 'Status' }, h('span', { class: `status-perubahan ${changeStatusClass(c.status)}`, text: changeStatusLabel(c.status) })),
        h('td', { 'data-label': 'Keterangan', text: [c.reason ? `Alasan: ${c.reason}` : '', c.decidedBy ? `Diputus oleh ${c.decidedBy}` : ''].filter(Boolean).join('. ') || '—' })))))))));
}

async function initPeremajaan() {
  if (!me.user.nip) {
    $('#peremajaan').hidden = true;
    return;
  }
  const ref = await loadPeremajaanReference();
  areas = ref.areas;
  $('#pd-area').replaceChildren(...areas.map((a) => h('option', { value: a.kode, text: a.label })));
  await loadOwnDocs();
  $('#pd-area').addEventListener('change', () => { fillFields().catch(sayError); });
  $('#pd-field').addEventListener('change', () => { fieldChanged().catch(sayError); });
  $('#form-peremajaan').addEventListener('submit', submitPeremajaan);
  await fillFields();
  await loadPeremajaanList();
}

async function main() {
  me = await initSignedInPage();
  await Promise.all([loadKp(), initPeremajaan()]);
}
main().catch(sayError);
