// Collective peremajaan: one change for many people, each with their own papers, plus the decrees naming them all.
import { api, h, $, $$, sayError, initSignedInPage, ApiError, storedFileName } from './common.js';
import { loadPeremajaanReference, valueControl } from './peremajaan.js';

/** @type {{ kode: string, label: string, fields: any[] }[]} */
let areas = [];
/** The chosen people in the order added: nip → { nama } */
const chosen = new Map();
const NIP_RE = /^\d{18}$/;

const currentArea = () => areas.find((a) => a.kode === $('#kol-area').value);
const currentField = () => { const a = currentArea(); return a && a.fields.find((f) => f.kode === $('#kol-field').value); };

/** Messages appear beside the button the user just pressed, not at the top of a long page. */
function tell(text, kind = 'info') {
  const box = $('#kol-pesan');
  box.className = kind === 'error' ? 'error' : '';
  box.textContent = text;
}
const tellError = (err) => {
  const extra = err instanceof ApiError && err.body && Array.isArray(err.body.errors) && err.body.errors.length
    ? ' — ' + err.body.errors.slice(0, 5).map((e) => e.reason).join('; ') : '';
  tell((err && err.message ? err.message : String(err)) + extra, 'error');
};

/** The document kinds the field asks for, split into those one upload may share and those each person brings. */
function documentKinds(f) {
  const all = f.dokumen.flatMap((d) => [{ kode: d.kode, nama: d.nama, bersama: d.bersama, wajib: d.wajib }, ...d.alternatif.map((a) => ({ ...a, wajib: false }))]);
  return { shared: all.filter((d) => d.bersama), personal: all.filter((d) => !d.bersama) };
}

async function fieldChanged() {
  const f = currentField();
  if (!f) return;
  if (f.kode === 'unorId') {
    const units = await api('GET', '/web-api/unor');
    $('#kol-nilai').replaceWith(h('select', { id: 'kol-nilai', required: true }, h('option', { value: '', text: '— pilih unit —' }),
      units.items.map((u) => h('option', { value: u.id, text: `${'— '.repeat(u.tingkat)}${u.nama}` }))));
  } else {
    $('#kol-nilai').replaceWith(valueControl(f, 'kol-nilai'));
  }
  $('#kol-dokumen-wajib').textContent = f.dokumen.length
    ? 'Dokumen pendukung: ' + f.dokumen.map((d) => `${d.nama}${d.alternatif.length ? ` (atau ${d.alternatif.map((x) => x.nama).join(' atau ')})` : ''}${d.wajib ? ' — wajib' : ''}${d.bersama ? ' — boleh satu dokumen untuk semua' : ' — per pegawai'}`).join('; ')
    : 'Tidak ada dokumen pendukung yang wajib.';
  const { shared, personal } = documentKinds(f);
  $('#kol-jenis-perorangan').replaceChildren(...personal.map((d) => h('option', { value: d.kode, text: d.nama })));
  $('#kol-jenis-perorangan-field').hidden = personal.length === 0;
  $('#kol-jenis-bersama').replaceChildren(...shared.map((d) => h('option', { value: d.kode, text: d.nama })));
  $('#kol-bersama').hidden = shared.length === 0;
  renderChosen();
}

function fillFields() {
  const a = currentArea();
  $('#kol-field').replaceChildren(...(a ? a.fields.map((f) => h('option', { value: f.kode, text: f.label.charAt(0).toUpperCase() + f.label.slice(1) })) : []));
  return fieldChanged();
}

function renderChosen() {
  const personal = !$('#kol-jenis-perorangan-field').hidden;
  const rows = [...chosen.entries()].map(([nip, p]) => h('tr', { 'data-nip': nip },
    h('td', { 'data-label': 'NIP', text: nip }),
    h('td', { 'data-label': 'Nama', text: p.nama || '—' }),
    h('td', { 'data-label': 'Dokumen perorangan' }, personal
      ? h('input', { type: 'file', accept: 'application/pdf,.pdf', 'aria-label': `Dokumen perorangan ${nip}`, 'data-nip': nip })
      : h('span', { class: 'muted', text: 'tidak perlu' })),
    h('td', { 'data-label': 'Tindakan' }, h('button', {
      type: 'button', class: 'secondary', 'aria-label': `Hapus ${nip} dari daftar`, text: 'Hapus',
      onclick: () => { chosen.delete(nip); renderChosen(); },
    }))));
  // Files already picked survive a re-render (a row removed elsewhere, a field changed).
  const picked = new Map($$('#tabel-kolektif input[type=file]').filter((i) => i.files && i.files.length).map((i) => [i.dataset.nip, i.files]));
  $('#tabel-kolektif tbody').replaceChildren(...rows);
  for (const input of $$('#tabel-kolektif input[type=file]')) {
    const files = picked.get(input.dataset.nip);
    if (files) input.files = files;
  }
  $('#kol-jumlah').textContent = String(chosen.size);
  $('#kol-kirim').textContent = chosen.size ? `Ajukan peremajaan untuk ${chosen.size} pegawai` : 'Ajukan peremajaan kolektif';
}

async function addUnit() {
  const unorId = $('#kol-unor').value;
  if (!unorId) return tell('Pilih unit kerja dahulu.', 'error');
  let added = 0;
  for (let offset = 0; ; offset += 100) {
    const page = await api('GET', `/web-api/pegawai?${new URLSearchParams({ unorId, limit: '100', offset: String(offset) })}`);
    for (const e of page.items) if (!chosen.has(e.nip)) { chosen.set(e.nip, { nama: e.nama }); added += 1; }
    if (offset + page.items.length >= page.total || page.items.length === 0) break;
  }
  renderChosen();
  tell(`${added} pegawai ditambahkan dari unit ${$('#kol-unor').selectedOptions[0].textContent.replace(/^[—\s]+/, '')}.`);
}

function addPasted() {
  const tokens = $('#kol-daftar-nip').value.split(/[\s,;]+/).filter(Boolean);
  const bad = tokens.filter((t) => !NIP_RE.test(t));
  let added = 0;
  for (const t of tokens) if (NIP_RE.test(t) && !chosen.has(t)) { chosen.set(t, { nama: '' }); added += 1; }
  renderChosen();
  $('#kol-daftar-nip').value = bad.join('\n');
  tell(bad.length ? `${added} NIP ditambahkan; ${bad.length} bukan NIP 18 angka dan dibiarkan di kotak: ${bad.slice(0, 5).join(', ')}` : `${added} NIP ditambahkan.`, bad.length ? 'error' : 'info');
}

/** A list of NIPs from a text or CSV file (a SIMPEG export): every 18-digit number in it, in order. */
async function addFromFile() {
  const input = $('#kol-file-nip');
  const file = input.files && input.files[0];
  if (!file) return;
  if (file.size > 2 * 1024 * 1024) return tell('Berkas daftar NIP terlalu besar (paling besar 2 MB).', 'error');
  const found = (await file.text()).match(/(?<!\d)\d{18}(?!\d)/g) || [];
  let added = 0;
  for (const nip of found) if (!chosen.has(nip)) { chosen.set(nip, { nama: '' }); added += 1; }
  input.value = '';
  renderChosen();
  tell(found.length ? `${added} NIP ditambahkan dari ${file.name}${found.length > added ? ` (${found.length - added} sudah ada di daftar)` : ''}.` : `Tidak ada NIP 18 angka dalam ${file.name}.`, found.length ? 'info' : 'error');
}

async function submit(ev) {
  ev.preventDefault();
  const f = currentField();
  const raw = $('#kol-nilai').value.trim();
  if (!f) return tell('Pilih data yang diubah.', 'error');
  if (!raw) return tell('Isi nilai baru.', 'error');
  if (!chosen.size) return tell('Tambahkan pegawai dahulu (dari unit kerja atau daftar NIP).', 'error');
  const btn = $('#kol-kirim');
  btn.disabled = true;
  const uploadProblems = new Map();
  try {
    const documents = [];
    const sharedFile = $('#kol-file-bersama').files && $('#kol-file-bersama').files[0];
    if (sharedFile && !$('#kol-bersama').hidden) {
      tell('Mengunggah dokumen bersama…');
      const qs = new URLSearchParams({ kode: $('#kol-jenis-bersama').value, nama: storedFileName(sharedFile) });
      const doc = await api('POST', `/api/v1/dokumen-bersama?${qs}`, sharedFile, { contentType: 'application/pdf' });
      documents.push(doc.id);
    }
    /** @type {Record<string, string[]>} */
    const documentsByNip = {};
    const inputs = $$('#tabel-kolektif input[type=file]').filter((i) => i.files && i.files.length);
    let done = 0;
    for (const input of inputs) {
      const nip = input.dataset.nip;
      tell(`Mengunggah dokumen perorangan ${++done} dari ${inputs.length}…`);
      try {
        const qs = new URLSearchParams({ kode: $('#kol-jenis-perorangan').value, nama: storedFileName(input.files[0]) });
        const doc = await api('POST', `/api/v1/pegawai/${encodeURIComponent(nip)}/berkas?${qs}`, input.files[0], { contentType: 'application/pdf' });
        documentsByNip[nip] = [doc.id];
      } catch (err) {
        // One person's upload refused does not stop the others: their NIP is held with this reason below.
        uploadProblems.set(nip, err instanceof Error ? err.message : String(err));
      }
    }
    tell(`Mengirim usulan untuk ${chosen.size} pegawai…`);
    const value = f.type === 'integer' ? Number(raw) : raw;
    const res = await api('POST', '/api/v1/peremajaan/kolektif', {
      nips: [...chosen.keys()], change: { area: currentArea().kode, field: f.kode, value, documents }, documentsByNip,
    });
    showResult(res, uploadProblems);
    tell(`${res.diterima} diterima, ${res.ditahan} ditahan. Rincian per NIP di bawah.`, res.ditahan && !res.diterima ? 'error' : 'info');
  } catch (err) {
    tellError(err);
  } finally {
    btn.disabled = false;
  }
}

function showResult(res, uploadProblems) {
  $('#kol-hasil').hidden = false;
  $('#kol-hasil-ringkas').textContent = `Pengajuan ${res.batchId}: ${res.diterima} dari ${res.total} diterima, ${res.ditahan} ditahan.`;
  $('#tabel-hasil-kolektif tbody').replaceChildren(...res.items.map((i) => h('tr', { 'data-nip': i.nip, 'data-status': i.status },
    h('td', { 'data-label': 'NIP', text: i.nip }),
    h('td', { 'data-label': 'Hasil' }, h('span', { class: i.status === 'DITERIMA' ? 'ok' : 'bad', text: i.status === 'DITERIMA' ? 'Diterima' : 'Ditahan' })),
    h('td', { 'data-label': 'Keterangan', text: i.status === 'DITERIMA'
      ? `Usulan ${i.usulanId}`
      : [uploadProblems.get(i.nip) ? `Unggahan ditolak: ${uploadProblems.get(i.nip)}` : '', ...(i.alasan || []).map((a) => a.pesan)].filter(Boolean).join('; ') }))));
  $('#h-hasil-kol').focus();
}

async function main() {
  await initSignedInPage(['OPERATOR']);
  const [ref, units] = await Promise.all([loadPeremajaanReference(), api('GET', '/web-api/unor')]);
  areas = ref.areas;
  $('#kol-area').replaceChildren(...areas.map((a) => h('option', { value: a.kode, text: a.label })));
  $('#kol-unor').replaceChildren(h('option', { value: '', text: '— pilih unit kerja —' }),
    ...units.items.map((u) => h('option', { value: u.id, text: `${'— '.repeat(u.tingkat)}${u.nama}` })));
  $('#kol-area').addEventListener('change', () => { fillFields().catch(tellError); });
  $('#kol-field').addEventListener('change', () => { fieldChanged().catch(tellError); });
  $('#kol-tambah-unor').addEventListener('click', () => { addUnit().catch(tellError); });
  $('#kol-tambah-nip').addEventListener('click', addPasted);
  $('#kol-file-nip').addEventListener('change', () => { addFromFile().catch(tellError); });
  $('#kol-kosongkan').addEventListener('click', () => { chosen.clear(); renderChosen(); });
  $('#form-kolektif').addEventListener('submit', (ev) => { submit(ev).catch(tellError); });
  await fillFields();
}
main().catch(sayError);
