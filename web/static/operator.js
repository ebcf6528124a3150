import { api, h, $, $$, say, sayError, initSignedInPage, bindSelectAll, reasonText, actionFrom, storedFileName } from './common.js';

const state = { offset: 0, total: 0, pageSize: 20, selected: new Set(), names: new Map(), periode: '', jenisKp: '' };

/** A message beside the submission controls (and announced), not at the top of a long page. */
function note(text, kind = 'info') {
  const el = $('#pesan-usul');
  el.className = kind === 'error' ? 'error' : kind === 'ok' ? 'ok' : '';
  el.textContent = text;
}
const noteError = (err) => note((err && err.message ? err.message : String(err))
  + (err && err.body && Array.isArray(err.body.errors) && err.body.errors.length ? ` — ${err.body.errors.map((e) => e.reason).join('; ')}` : ''), 'error');

function renderSelection() {
  $('#jumlah-dipilih').textContent = String(state.selected.size);
  $('#ajukan').disabled = state.selected.size === 0;
  const list = $('#daftar-pilihan');
  if (!$('#tinjau').open) return;
  const shown = [...state.selected].slice(0, 200);
  list.replaceChildren(...shown.map((nip) => h('li', {}, `${state.names.get(nip) || ''} (${nip}) `,
    h('button', { type: 'button', class: 'link-btn', 'aria-label': `Keluarkan ${state.names.get(nip) || nip} dari pilihan`, onclick: () => {
      state.selected.delete(nip);
      const cb = $(`#tabel-pegawai tbody input[value="${nip}"]`);
      if (cb) cb.checked = false;
      renderSelection();
    } }, 'keluarkan'))),
  state.selected.size > shown.length ? h('li', { class: 'muted', text: `dan ${state.selected.size - shown.length} lainnya` }) : '');
}

function updateCount() {
  for (const cb of $$('#tabel-pegawai tbody input[type=checkbox]')) {
    if (cb.checked) state.selected.add(cb.value); else state.selected.delete(cb.value);
  }
  renderSelection();
}

async function loadReferences() {
  const ref = await api('GET', '/api/v1/kp/referensi');
  const per = $('#periode');
  for (const p of ref.periodeTerbuka) per.append(h('option', { value: p, text: new Date(p).toLocaleDateString('id-ID', { dateStyle: 'long' }) }));
  const jen = $('#jenis');
  for (const j of ref.jenisKp) jen.append(h('option', { value: j.id, text: j.nama }));
}

function filterQuery() {
  const qs = new URLSearchParams({ jenisKp: state.jenisKp });
  if (state.periode) qs.set('periode', state.periode);
  const q = $('#cari').value.trim();
  if (q) qs.set('q', q);
  return qs;
}

async function loadEmployees() {
  state.periode = $('#periode').value;
  state.jenisKp = $('#jenis').value;
  state.pageSize = Number($('#ukuran').value) || 20;
  const qs = filterQuery();
  qs.set('limit', String(state.pageSize));
  qs.set('offset', String(state.offset));
  if ($('#hanya-siap').checked) qs.set('siap', 'true');
  const data = await api('GET', `/web-api/pegawai?${qs}`);
  state.total = data.total;
  const body = $('#tabel-pegawai tbody');
  body.replaceChildren(...data.items.map((e) => {
    state.names.set(e.nip, e.nama);
    const note = e.sedangDiusulkan ? 'Sedang diusulkan' : !e.layak ? 'Belum layak' : e.berkasKurang.length ? 'Layak, berkas belum lengkap' : 'Siap diajukan';
    const tone = e.siap ? 'ok' : e.sedangDiusulkan || (e.layak && e.berkasKurang.length) ? 'warn' : 'bad';
    return h('tr', { 'data-nip': e.nip, 'data-siap': String(e.siap) },
      h('td', {}, h('input', { type: 'checkbox', value: e.nip, disabled: !e.siap, checked: e.siap && state.selected.has(e.nip), 'aria-label': `Pilih ${e.nama} (${e.nip})` })),
      h('td', { text: e.nip }), h('td', { text: e.nama }), h('td', { text: e.golongan }),
      h('td', {}, h('span', { class: tone, text: note }),
        e.alasan.length ? h('ul', {}, e.alasan.map((a) => h('li', { text: a }))) : null,
        e.peringatan.length ? h('ul', { class: 'warn' }, e.peringatan.map((a) => h('li', { text: a }))) : null),
      h('td', {},
        e.layak && e.berkasKurang.length ? h('ul', { class: 'bad' }, e.berkasKurang.map((a) => h('li', { text: a }))) : null,
        h('button', { type: 'button', class: 'secondary buka-berkas', 'aria-label': `${e.berkasKurang.length ? 'Lengkapi berkas' : 'Berkas'} ${e.nama} (${e.nip})`, onclick: () => openBerkas(e) },
          e.layak && e.berkasKurang.length ? 'Lengkapi berkas' : 'Berkas')));
  }));
  const last = Math.min(state.offset + state.pageSize, state.total);
  $('#halaman').textContent = state.total ? `${state.offset + 1}–${last} dari ${state.total}` : 'Tidak ada pegawai';
  $('#sebelumnya').disabled = state.offset === 0;
  $('#berikutnya').disabled = last >= state.total;
  $('#pilih-semua').checked = false;
  updateCount();
}

/** Every employee the submission would accept under the current filter, across all pages, in one click. */
async function selectAllReady() {
  state.periode = $('#periode').value;
  state.jenisKp = $('#jenis').value;
  note('Mencari semua pegawai yang siap diajukan…');
  const data = await api('GET', `/web-api/pegawai/siap?${filterQuery()}`);
  for (const e of data.items) { state.selected.add(e.nip); state.names.set(e.nip, e.nama); }
  for (const cb of $$('#tabel-pegawai tbody input[type=checkbox]')) if (!cb.disabled) cb.checked = state.selected.has(cb.value);
  renderSelection();
  note(`${data.total} pegawai siap diajukan dipilih${data.belumSiap ? `; ${data.belumSiap} lainnya belum siap dan tidak ikut` : ''}.`, 'ok');
}

function showResult(result) {
  $('#progres').hidden = false;
  $('#tabel-hasil tbody').replaceChildren(...result.items.map((i) => h('tr', { 'data-nip': i.nip },
    h('td', { text: i.nip }),
    h('td', {}, i.status === 'DITERIMA'
      ? h('span', { class: 'ok' }, 'Diterima', i.usulanId ? [' — ', h('a', { href: `/usulan/${i.usulanId}`, text: 'rincian' })] : [])
      : h('span', { class: 'bad', text: 'Ditahan' })),
    h('td', {}, (i.alasan || []).length ? h('ul', {}, i.alasan.map((a) => h('li', { text: a.pesan }))) : '',
      (i.peringatan || []).length ? h('ul', { class: 'warn' }, i.peringatan.map((a) => h('li', { text: a }))) : ''))));
}

let polling = 0;
function showProgress(b) {
  const bar = $('#bar-progres');
  bar.max = Math.max(b.accepted, 1);
  bar.value = b.accepted ? b.workflowDimulai : 1;
  const done = b.selesaiDimulai;
  $('#teks-progres').textContent = `${b.workflowDimulai} dari ${b.accepted} usulan diterima sudah diproses (${b.held} ditahan)${done ? ' — selesai' : '…'}`;
  $('#progres').dataset.selesai = done ? 'true' : 'false';
  if (done) sessionStorage.removeItem('batchAktif');
  return done;
}

// Server-sent events first; polling when the stream cannot be opened or breaks off.
function follow(batchId) {
  if (!window.EventSource) return poll(batchId);
  return new Promise((resolve) => {
    const es = new EventSource(`/api/v1/kp/batches/${encodeURIComponent(batchId)}/stream`);
    let finished = false;
    es.addEventListener('progres', (ev) => {
      if (showProgress(JSON.parse(ev.data))) { finished = true; es.close(); resolve(); }
    });
    es.addEventListener('selesai', () => { finished = true; es.close(); resolve(); });
    es.onerror = () => {
      es.close();
      if (!finished) poll(batchId).then(resolve, resolve);
    };
  });
}

async function poll(batchId) {
  clearTimeout(polling);
  try {
    const b = await api('GET', `/api/v1/kp/batches/${encodeURIComponent(batchId)}`);
    if (!showProgress(b)) polling = setTimeout(() => poll(batchId), 1000);
  } catch (err) {
    sayError(err);
    polling = setTimeout(() => poll(batchId), 3000);
  }
}

/** The submit button asks first: how many usulan, which KP type and period, before anything goes out. */
function askToSubmit(e) {
  e.preventDefault();
  updateCount();
  if (!state.selected.size) return note('Pilih minimal satu pegawai.', 'error');
  const jenis = $('#jenis').selectedOptions[0];
  const periode = $('#periode').selectedOptions[0];
  $('#teks-konfirmasi').textContent = `Anda akan mengajukan ${state.selected.size} usulan ${jenis ? jenis.textContent : ''} untuk periode ${periode ? periode.textContent : state.periode}. `
    + 'Setiap usulan diproses sendiri; yang ternyata tidak memenuhi syarat ditahan beserta alasannya.';
  $('#ya-ajukan').textContent = `Ya, ajukan ${state.selected.size} usulan`;
  $('#konfirmasi').hidden = false;
  $('#h-konfirmasi').focus();
}

async function submit() {
  $('#konfirmasi').hidden = true;
  const btn = $('#ajukan');
  btn.disabled = true;
  note('Mengajukan…');
  try {
    const result = await api('POST', '/api/v1/kp/usulan', { periode: state.periode, jenisKp: Number(state.jenisKp), nips: [...state.selected] });
    note(`Pengajuan diterima: ${result.diterima} usulan dibuat, ${result.ditahan} ditahan.`, 'ok');
    say(`Pengajuan diterima: ${result.diterima} usulan dibuat, ${result.ditahan} ditahan.`);
    sessionStorage.setItem('batchAktif', JSON.stringify(result));
    state.selected.clear();
    showResult(result);
    await follow(result.batchId);
    await loadEmployees();
  } catch (err) {
    noteError(err);
  } finally {
    btn.disabled = state.selected.size === 0;
  }
}

async function loadReturned() {
  const lists = await Promise.all(actionFrom('RESUBMIT').map((s) => api('GET', `/api/v1/kp/usulan?status=${s}&limit=100`)));
  const items = lists.flatMap((l) => l.items);
  const body = $('#tabel-bts tbody');
  // A return is announced where the operator starts, not only in this table at the bottom of the page.
  const notice = $('#ada-kembali') || h('p', { id: 'ada-kembali', class: 'local-msg' });
  if (!notice.isConnected) $('#pesan').after(notice);
  notice.replaceChildren(...(items.length
    ? [h('strong', { text: `${items.length} usulan dikembalikan dan perlu tindakan. ` }), h('a', { href: '/operator/usulan', text: 'Perbaiki dan ajukan ulang di "Usulan instansi"' })]
    : []));
  if (!items.length) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '5', text: 'Tidak ada usulan yang dikembalikan.' })));
    return;
  }
  // The reasons of the latest return sit in the usulan's timeline; a handful of rows, one detail request each.
  const details = await Promise.all(items.map((u) => api('GET', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}`).catch(() => null)));
  body.replaceChildren(...items.map((u, i) => {
    const events = (details[i] && details[i].timeline) || [];
    const last = [...events].reverse().find((e) => e.to_status === u.status);
    const codes = last && last.data && Array.isArray(last.data.alasan) ? last.data.alasan : [];
    const note = (last && last.catatan) || u.last_note;
    return h('tr', { 'data-id': u.id, 'data-nip': u.nip },
      h('td', {}, h('a', { href: `/usulan/${u.id}`, text: u.nip })), h('td', { text: u.nama }),
      h('td', { class: 'warn', text: u.statusLabel }),
      h('td', {}, codes.length ? h('ul', {}, codes.map((c) => h('li', { text: reasonText(c) ? `${c} — ${reasonText(c)}` : String(c) }))) : null,
        note ? h('p', { text: note }) : (codes.length ? null : '—')),
      // Resubmitting takes the fixed berkas and the operator's own note: on the page made for it.
      h('td', {}, h('a', { href: `/operator/usulan#tindakan-${String(u.id).replace(/[^A-Za-z0-9_-]/g, '_')}`, class: 'perbaiki', 'aria-label': `Perbaiki dan ajukan ulang usulan ${u.nama}`, text: 'Perbaiki dan ajukan ulang' })));
  }));
}

// Berkas panel: the KP checklist of the chosen employee for the selected KP type, and a PDF upload.
const berkas = { nip: '', nama: '' };

function suggestedSkpYear(docs) {
  const have = new Set(docs.filter((d) => d.doc_code === 'SKP' && d.status === 'BERLAKU').map((d) => Number(d.tahun)));
  const last = new Date().getFullYear() - 1;
  for (let y = last; y > last - 5; y -= 1) if (!have.has(y)) return y;
  return last;
}

function toggleYear() {
  const skp = $('#berkas-kode').value === 'SKP';
  $('#berkas-tahun-field').hidden = !skp;
  $('#berkas-tahun').required = skp;
}

async function loadBerkas() {
  const qs = new URLSearchParams({ jenisKp: state.jenisKp || $('#jenis').value });
  if (state.periode) qs.set('periode', state.periode);
  const data = await api('GET', `/api/v1/pegawai/${encodeURIComponent(berkas.nip)}/berkas?${qs}`);
  const jenis = $('#jenis').selectedOptions[0];
  $('#berkas-jenis').textContent = jenis ? jenis.textContent : `jenis KP ${data.jenisKp}`;
  const status = $('#berkas-status');
  status.textContent = data.lengkap ? '✓ Lengkap' : '✗ Belum lengkap';
  status.className = data.lengkap ? 'ok' : 'bad';
  $('#panel-berkas').dataset.lengkap = String(data.lengkap);
  $('#tabel-berkas tbody').replaceChildren(...data.daftar.map((i) => h('tr', { 'data-kode': i.code },
    h('th', { scope: 'row' }, i.name, i.alternatives.length ? h('span', { class: 'muted', text: ` (atau ${i.alternatives.join(', ')})` }) : null,
      i.mandatory ? null : h('span', { class: 'muted', text: ' — tidak wajib' })),
    h('td', { text: `${i.ada} dari ${i.count}` }),
    h('td', {}, h('span', { class: i.lengkap ? 'ok' : 'bad' }, h('span', { 'aria-hidden': 'true', text: i.lengkap ? '✓ ' : '✗ ' }), i.lengkap ? 'Ada' : 'Belum ada')))));
  const current = data.dokumen.filter((d) => d.status === 'BERLAKU');
  $('#berkas-dokumen').replaceChildren(...(current.length ? current.map((d) => h('li', {},
    h('a', { href: `/api/v1/documents/${encodeURIComponent(d.id)}`, text: `${d.doc_code}${d.tahun ? ` ${d.tahun}` : ''}` }), ` — versi ${d.version}, ${d.filename}`))
    : [h('li', { text: 'Belum ada dokumen.' })]));
  const firstMissing = data.daftar.find((i) => !i.lengkap && i.mandatory);
  if (firstMissing) $('#berkas-kode').value = firstMissing.code;
  $('#berkas-tahun').value = String(suggestedSkpYear(data.dokumen));
  toggleYear();
}

async function openBerkas(e) {
  berkas.nip = e.nip;
  berkas.nama = e.nama;
  $('#berkas-nama').textContent = `${e.nama} (${e.nip})`;
  $('#berkas-pesan').textContent = '';
  $('#panel-berkas').hidden = false;
  $('#panel-berkas').dataset.nip = e.nip;
  try {
    await loadBerkas();
    $('#h-berkas').focus();
  } catch (err) { sayError(err); }
}

async function uploadBerkas(ev) {
  ev.preventDefault();
  const note = $('#berkas-pesan');
  const file = $('#berkas-file').files[0];
  const kode = $('#berkas-kode').value;
  note.className = 'error';
  if (!file) { note.textContent = 'Pilih berkas PDF yang akan diunggah.'; return; }
  const qs = new URLSearchParams({ kode });
  if (kode === 'SKP') {
    const tahun = $('#berkas-tahun').value.trim();
    if (!/^\d{4}$/.test(tahun)) { note.textContent = 'Isi tahun SKP (empat angka).'; return; }
    qs.set('tahun', tahun);
  }
  const nama = storedFileName(file);
  if (nama.trim()) qs.set('nama', nama);
  const btn = $('#berkas-unggah');
  btn.disabled = true;
  note.className = '';
  note.textContent = 'Mengunggah…';
  try {
    const doc = await api('POST', `/api/v1/pegawai/${encodeURIComponent(berkas.nip)}/berkas?${qs}`, file, { contentType: 'application/pdf' });
    $('#berkas-file').value = '';
    await loadBerkas();
    note.className = 'ok';
    note.textContent = `Berkas ${doc.doc_code}${doc.tahun ? ` ${doc.tahun}` : ''} tersimpan (versi ${doc.version}, ${doc.halaman} halaman).`;
    await loadEmployees();
  } catch (err) {
    note.className = 'error';
    const extra = err.body && Array.isArray(err.body.errors) ? err.body.errors.map((x) => x.reason).filter((r) => r && r !== err.message) : [];
    note.textContent = `Unggahan ditolak: ${err.message}${extra.length ? ` — ${extra.join('; ')}` : ''}`;
  } finally { btn.disabled = false; }
}

async function main() {
  await initSignedInPage(['OPERATOR', 'ADMIN']);
  await loadReferences();
  bindSelectAll($('#pilih-semua'), $('#tabel-pegawai'), updateCount);
  $('#form-filter').addEventListener('submit', (e) => { e.preventDefault(); state.offset = 0; loadEmployees().catch(sayError); });
  $('#sebelumnya').addEventListener('click', () => { updateCount(); state.offset = Math.max(0, state.offset - state.pageSize); loadEmployees().catch(sayError); });
  $('#berikutnya').addEventListener('click', () => { updateCount(); state.offset += state.pageSize; loadEmployees().catch(sayError); });
  $('#pilih-siap').addEventListener('click', () => { selectAllReady().catch(noteError); });
  $('#kosongkan').addEventListener('click', () => {
    state.selected.clear();
    for (const cb of $$('#tabel-pegawai tbody input[type=checkbox]')) cb.checked = false;
    renderSelection();
    note('Pilihan dikosongkan.');
  });
  $('#tinjau').addEventListener('toggle', renderSelection);
  $('#form-usul').addEventListener('submit', askToSubmit);
  $('#ya-ajukan').addEventListener('click', () => { submit(); });
  $('#batal-ajukan').addEventListener('click', () => { $('#konfirmasi').hidden = true; note('Pengajuan dibatalkan; pilihan tetap.'); $('#ajukan').focus(); });
  $('#form-berkas').addEventListener('submit', uploadBerkas);
  $('#berkas-kode').addEventListener('change', toggleYear);
  $('#berkas-tutup').addEventListener('click', () => { $('#panel-berkas').hidden = true; });
  const active = sessionStorage.getItem('batchAktif');
  if (active) {
    const r = JSON.parse(active);
    showResult(r);
    follow(r.batchId);
  }
  await Promise.all([loadEmployees(), loadReturned()]);
}
main().catch(sayError);
