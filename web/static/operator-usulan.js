// The operator's list of their instansi's KP usulan: what was sent back first (with the reasons, to fix and resubmit),
// then every usulan with search, filters, sort and paging in the address, and withdrawal beside the row.
import { api, h, $, $$, sayError, initSignedInPage, actionFrom, statusClass, statusLabel, statusGroups, fmtDate, fmtDateTime, storedFileName } from './common.js';
import { RESUBMITTED, createQueue, errorText, jenisChoices, periodeChoices, tell, unorChoices } from './queue.js';
import { returnCount, returnReasons } from './pengajuan-ulang.js';

/** The group of states that wait for the operator (served by the API with its states). */
const NEEDS_ACTION = 'TINDAKAN';
const jenisNames = new Map();
let queue = null;

const jenisName = (id) => jenisNames.get(Number(id)) || `Jenis KP ${id}`;
const domId = (prefix, id) => `${prefix}-${String(id).replace(/[^A-Za-z0-9_-]/g, '_')}`;
const returnedBy = (r) => `Dikembalikan ${fmtDateTime(r.pada)}${r.oleh ? ` oleh ${r.oleh}` : ''}`;

// ---- Perlu tindakan: returned usulan, fixed and resubmitted in place ----

/** The berkas of one usulan by checklist item, what came in after the return marked, and the upload control. */
async function renderFixBerkas(u, box, select) {
  const b = await api('GET', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/berkas`);
  const since = u.pengembalianTerakhir ? new Date(u.pengembalianTerakhir.pada) : null;
  const isNew = (d) => since && new Date(d.diunggah) > since;
  box.replaceChildren(h('ul', { class: 'berkas-daftar' }, b.butir.map((i) => h('li', { 'data-kode': i.kode },
    h('strong', { text: i.nama }), i.wajib ? '' : ' (tidak wajib)', ': ',
    i.dokumen.length
      ? h('span', {}, ...i.dokumen.flatMap((d, n) => [n ? ', ' : '',
        h('a', { href: `/api/v1/documents/${encodeURIComponent(d.id)}`, target: '_blank', rel: 'noopener', text: `${d.namaFile}${d.tahun ? ` (${d.tahun})` : ''}, versi ${d.versi}` }),
        isNew(d) ? h('span', { class: 'ok baru', text: ' — diunggah setelah dikembalikan' }) : '']))
      : h('span', { class: 'error', text: 'belum ada' })))));
  const chosen = select.value;
  select.replaceChildren(...b.butir.map((i) => h('option', { value: i.kode, text: i.nama })));
  if (chosen) select.value = chosen;
}

function fixPanel(u) {
  const key = (p) => domId(p, u.id);
  const berkas = h('div', { class: 'berkas-perbaikan' }, h('p', { class: 'muted', text: 'Memuat berkas…' }));
  const kode = h('select', { id: key('kode'), required: true });
  const tahun = h('input', { id: key('tahun'), type: 'number', min: '1950', max: '2100', inputmode: 'numeric', value: String(new Date().getFullYear() - 1) });
  const tahunField = h('div', { class: 'field', hidden: true }, h('label', { for: key('tahun'), text: 'Tahun SKP' }), tahun);
  const file = h('input', { id: key('file'), type: 'file', accept: 'application/pdf,.pdf' });
  const uploadMsg = h('p', { id: key('unggah-pesan'), class: 'local-msg', role: 'status', 'aria-live': 'polite' });
  const uploadBtn = h('button', { type: 'submit', class: 'secondary', text: 'Unggah berkas' });
  const toggleYear = () => { tahunField.hidden = kode.value !== 'SKP'; };
  kode.addEventListener('change', toggleYear);

  const upload = h('form', { class: 'unggah-perbaikan', novalidate: true, 'aria-label': `Unggah berkas pengganti ${u.nama}` },
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: key('kode'), text: 'Jenis dokumen' }), kode), tahunField,
      h('div', { class: 'field' }, h('label', { for: key('file'), text: 'Berkas PDF baru atau pengganti' }), file), uploadBtn),
    uploadMsg);
  upload.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = file.files[0];
    if (!f) return tell(uploadMsg, 'Pilih berkas PDF yang akan diunggah.', 'error');
    const qs = new URLSearchParams({ kode: kode.value });
    if (kode.value === 'SKP') {
      if (!/^\d{4}$/.test(tahun.value.trim())) return tell(uploadMsg, 'Isi tahun SKP (empat angka).', 'error');
      qs.set('tahun', tahun.value.trim());
    }
    const nama = storedFileName(f);
    if (nama.trim()) qs.set('nama', nama);
    uploadBtn.disabled = true;
    tell(uploadMsg, 'Mengunggah…');
    try {
      const doc = await api('POST', `/api/v1/pegawai/${encodeURIComponent(u.nip)}/berkas?${qs}`, f, { contentType: 'application/pdf' });
      file.value = '';
      await renderFixBerkas(u, berkas, kode);
      tell(uploadMsg, `Berkas ${kode.selectedOptions[0] ? kode.selectedOptions[0].textContent : doc.doc_code} tersimpan (versi ${doc.version}, ${doc.halaman} halaman).`);
    } catch (err) {
      tell(uploadMsg, `Unggahan ditolak: ${errorText(err)}`, 'error');
    } finally { uploadBtn.disabled = false; }
  });

  const note = h('textarea', { id: key('catatan'), rows: '3', maxlength: '2000', required: true, 'aria-describedby': key('catatan-bantuan') });
  const sendMsg = h('p', { id: key('kirim-pesan'), class: 'local-msg', role: 'status', 'aria-live': 'polite' });
  const sendBtn = h('button', { type: 'submit', text: 'Ajukan ulang' });
  const send = h('form', { class: 'kirim-ulang', novalidate: true, 'aria-label': `Ajukan ulang usulan ${u.nama}` },
    h('div', { class: 'field' }, h('label', { for: key('catatan'), text: 'Catatan perbaikan (wajib)' }), note),
    h('p', { id: key('catatan-bantuan'), class: 'muted', text: 'Tuliskan apa yang sudah diperbaiki; verifikator membacanya bersama berkas yang baru diunggah.' }),
    sendBtn, sendMsg);
  send.addEventListener('submit', async (e) => {
    e.preventDefault();
    const catatan = note.value.trim();
    if (!catatan) {
      note.setAttribute('aria-invalid', 'true');
      note.focus();
      return tell(sendMsg, 'Tuliskan catatan perbaikan sebelum mengajukan ulang.', 'error');
    }
    note.removeAttribute('aria-invalid');
    sendBtn.disabled = true;
    tell(sendMsg, 'Mengajukan ulang…');
    try {
      const r = await api('POST', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/ajukan-ulang`, { catatan });
      const text = `Usulan ${u.nama} diajukan ulang; status sekarang: ${statusLabel(r.status)}.`;
      tell(sendMsg, text);
      tell($('#pesan-tindakan'), text);
      upload.hidden = true;
      note.disabled = true;
      sendBtn.hidden = true;
      const item = $(`#${CSS.escape(domId('tindakan', u.id))}`);
      if (item) item.setAttribute('data-selesai', 'true');
      countOpen();
      if (queue) queue.load().catch(sayError);
    } catch (err) {
      tell(sendMsg, errorText(err), 'error');
      sendBtn.disabled = false;
    }
  });

  const panel = h('details', { class: 'perbaiki' }, h('summary', { text: 'Perbaiki berkas dan ajukan ulang' }),
    h('h4', { text: 'Berkas usulan' }), berkas, upload, send);
  let loaded = false;
  panel.addEventListener('toggle', () => {
    if (!panel.open || loaded) return;
    loaded = true;
    renderFixBerkas(u, berkas, kode).then(toggleYear, (err) => { loaded = false; tell(uploadMsg, errorText(err), 'error'); });
  });
  return panel;
}

function returnedItem(u) {
  const r = u.pengembalianTerakhir;
  const again = returnCount({ kembaliBts: u.bts_count, kembaliInstansi: 0 });
  return h('article', { class: 'tindakan-item card', id: domId('tindakan', u.id), 'data-id': u.id, 'data-nip': u.nip, 'aria-labelledby': domId('judul', u.id) },
    h('h3', { id: domId('judul', u.id) }, `${u.nama} `, h('small', { class: 'muted', text: `NIP ${u.nip}` })),
    h('p', {}, h('span', { class: statusClass(u.status), text: u.statusLabel || statusLabel(u.status) }),
      ` · ${jenisName(u.jenis_kp)}, periode ${fmtDate(u.periode)}`, again ? ` · ${again}` : ''),
    r ? h('div', { class: 'alasan-kembali' }, h('p', { text: `${returnedBy(r)}, dengan alasan:` }), ...returnReasons(r))
      : (u.last_note ? h('p', { text: u.last_note }) : null),
    h('p', {}, h('a', { href: `/usulan/${encodeURIComponent(u.id)}`, text: 'Rincian dan riwayat' })),
    fixPanel(u));
}

function countOpen() {
  const open = $$('#daftar-tindakan .tindakan-item').filter((el) => el.getAttribute('data-selesai') !== 'true').length;
  $('#n-tindakan').textContent = String(open);
}

async function loadNeedsAction() {
  const group = statusGroups().find((g) => g.kode === NEEDS_ACTION);
  const box = $('#daftar-tindakan');
  if (!group) return box.replaceChildren(h('p', { class: 'muted', text: 'Daftar status belum tersedia.' }));
  try {
    const data = await api('GET', `/api/v1/kp/usulan?${new URLSearchParams({ kelompok: NEEDS_ACTION, sort: '-diajukan', limit: '100' })}`);
    box.replaceChildren(...(data.items.length ? data.items.map(returnedItem) : [h('p', { class: 'ok', text: 'Tidak ada usulan yang perlu diperbaiki.' })]),
      data.total > data.items.length ? h('p', { class: 'muted', text: `Ditampilkan ${data.items.length} dari ${data.total}; saring "${group.label}" di daftar di bawah untuk yang lain.` }) : '');
    countOpen();
  } catch (err) {
    tell($('#pesan-tindakan'), errorText(err), 'error');
  }
}

// ---- Semua usulan: the list with withdrawal beside each row ----

function withdrawControls(u, statusCell, msg) {
  const key = (p) => domId(p, u.id);
  const reason = h('textarea', { id: key('alasan-tarik'), rows: '2', maxlength: '2000', required: true });
  const yes = h('button', { type: 'submit', text: 'Ya, tarik usulan' });
  const no = h('button', { type: 'button', class: 'secondary', text: 'Batal' });
  const open = h('button', { type: 'button', class: 'secondary tarik', 'aria-label': `Tarik usulan ${u.nama}`, 'aria-expanded': 'false', 'aria-controls': key('konfirmasi-tarik'), text: 'Tarik' });
  const confirm = h('form', { id: key('konfirmasi-tarik'), class: 'konfirmasi-tarik', hidden: true, novalidate: true, 'aria-label': `Konfirmasi penarikan usulan ${u.nama}` },
    h('p', { text: 'Usulan yang ditarik tidak dapat dilanjutkan lagi; ajukan usulan baru bila perlu.' }),
    h('div', { class: 'field' }, h('label', { for: key('alasan-tarik'), text: 'Alasan penarikan (wajib)' }), reason),
    h('div', { class: 'item-actions' }, yes, no));
  const show = (on) => {
    confirm.hidden = !on;
    open.setAttribute('aria-expanded', String(on));
    if (on) reason.focus(); else open.focus();
  };
  open.addEventListener('click', () => show(confirm.hidden));
  no.addEventListener('click', () => { show(false); tell(msg, 'Penarikan dibatalkan.'); });
  confirm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const alasan = reason.value.trim();
    if (!alasan) {
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return tell(msg, 'Tuliskan alasan penarikan.', 'error');
    }
    reason.removeAttribute('aria-invalid');
    yes.disabled = true;
    tell(msg, 'Menarik usulan…');
    try {
      const r = await api('POST', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/tarik`, { alasan });
      statusCell.replaceChildren(h('span', { class: statusClass(r.status), text: statusLabel(r.status) }));
      open.remove();
      confirm.remove();
      tell(msg, `Usulan ${u.nama} ditarik.`);
      loadNeedsAction();
    } catch (err) {
      yes.disabled = false;
      tell(msg, `Tidak dapat ditarik: ${errorText(err)}`, 'error');
    }
  });
  return [open, confirm];
}

/** A cell that stacks under its label on a phone (table.stack): one block beside the label. */
const cell = (label, ...children) => h('td', { 'data-label': label }, h('div', {}, ...children));

function row(u) {
  const msg = h('p', { id: domId('pesan', u.id), class: 'local-msg', role: 'status', 'aria-live': 'polite' });
  const statusCell = h('div', {}, h('span', { class: statusClass(u.status), text: u.statusLabel || statusLabel(u.status) }));
  const canWithdraw = actionFrom('WITHDRAW').includes(u.status);
  const canResubmit = actionFrom('RESUBMIT').includes(u.status);
  return h('tr', { 'data-id': u.id, 'data-nip': u.nip },
    cell('Pegawai', u.nama, h('br'), h('small', { text: `NIP ${u.nip}` }), u.unor_nama ? h('small', { class: 'muted unit', text: u.unor_nama }) : null),
    cell('Jenis dan periode', jenisName(u.jenis_kp), h('br'), h('small', { text: `Periode ${fmtDate(u.periode)}` })),
    cell('Status', statusCell,
      u.bts_count > 0 ? h('small', { class: 'ulang', text: `Kembali setelah BTS ${u.bts_count}×` }) : null,
      canResubmit ? h('small', {}, h('a', { href: `#${domId('tindakan', u.id)}`, text: 'Perbaiki di "Perlu tindakan"' })) : null),
    cell('Diajukan', fmtDate(u.created_at)),
    cell('Tindakan', h('div', { class: 'item-actions' },
      h('a', { href: `/usulan/${encodeURIComponent(u.id)}`, 'aria-label': `Rincian usulan ${u.nama}`, text: 'Rincian' }),
      ...(canWithdraw ? withdrawControls(u, statusCell, msg) : [])), msg));
}

/** The status filter's choices carry how many of the current search are in each group. */
function countGroups(data) {
  const sel = $('#usulan-kelompok');
  if (!sel) return;
  for (const opt of sel.options) {
    const g = statusGroups().find((x) => x.kode === opt.value);
    if (!g) continue;
    const n = g.status.reduce((s, st) => s + (data.jumlahPerStatus[st] || 0), 0);
    opt.textContent = `${g.label} (${n})`;
  }
}

async function main() {
  await initSignedInPage(['OPERATOR']);
  const ref = await api('GET', '/api/v1/kp/referensi');
  for (const j of ref.jenisKp) jenisNames.set(j.id, j.nama);
  queue = createQueue({
    name: 'usulan', prefix: '', columns: 5, row, badge: $('#n-usulan'),
    empty: 'Belum ada usulan yang diajukan instansi ini.',
    filters: [
      { key: 'kelompok', label: 'Status', all: 'Semua status', fixed: statusGroups().map((g) => [g.kode, g.label]) },
      { key: 'jenisKp', label: 'Jenis KP', all: 'Semua jenis', choices: jenisChoices },
      { key: 'periode', label: 'Periode', all: 'Semua periode', choices: periodeChoices },
      { key: 'unorId', label: 'Unit kerja', all: 'Semua unit kerja', choices: unorChoices },
      { key: 'ulang', label: 'Riwayat BTS', all: 'Semua', fixed: RESUBMITTED },
    ],
    onLoaded: countGroups,
  });
  window.addEventListener('popstate', () => { queue.load().catch(sayError); });
  await Promise.all([loadNeedsAction(), queue.load()]);
  // Arriving from a link to one returned usulan (the /operator page, a notification): open its fix panel there.
  const target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
  if (target && target.classList.contains('tindakan-item')) {
    const details = target.querySelector('details');
    if (details) details.open = true;
    target.scrollIntoView({ block: 'start' });
    const summary = target.querySelector('summary');
    if (summary) summary.focus();
  }
}
main().catch(sayError);
