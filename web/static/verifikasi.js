import { api, h, $, say, sayError, fmtDateTime, fmtDate } from './common.js';

const yes = (b) => h('span', { class: b ? 'ok' : 'bad', text: b ? 'Ya' : 'Tidak' });

function show(r) {
  $('#hasil').hidden = false;
  const ok = r.semuaValid && (r.dokumen ? r.cocokDenganDms : true);
  const verdict = $('#ringkas-hasil');
  verdict.className = `verdict ${ok ? 'ok' : 'bad'}`;
  verdict.textContent = ok
    ? 'Dokumen asli: semua tanda tangan elektronik sah.'
    : !r.tandaTangan || !r.tandaTangan.length
      ? 'Dokumen tidak memiliki tanda tangan elektronik yang dapat diperiksa.'
      : 'Perhatian: ada tanda tangan yang tidak sah atau dokumen tidak cocok dengan arsip.';
  const d = r.dokumen;
  const rows = d ? [['Jenis', d.jenis], ['Nomor', d.nomor], ['Status', d.status], ['Berlaku', typeof d.berlaku === 'boolean' ? (d.berlaku ? 'Ya' : 'Tidak') : fmtDate(d.berlaku)], ['Cocok dengan arsip', r.cocokDenganDms ? 'Ya' : 'Tidak']] : [['Arsip', 'Dokumen tidak ditemukan dalam arsip']];
  $('#info-dokumen').replaceChildren(...rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: String(v ?? '—') })]));
  // data-label lets the phone layout show each cell under its column name.
  const heads = [...document.querySelectorAll('#tabel-ttd thead th')].map((th) => th.textContent);
  $('#tabel-ttd tbody').replaceChildren(...(r.tandaTangan || []).map((s) => h('tr', {}, ...[
    h('td', { text: s.signerName }), h('td', { text: s.jabatan || '—' }), h('td', { text: fmtDateTime(s.signedAt) }),
    h('td', {}, yes(s.valid)), h('td', {}, yes(s.coversWholeDocument)), h('td', {}, yes(s.chainToRoot)),
    h('td', { text: s.timestamp && s.timestamp.present ? `${s.timestamp.valid ? 'Sah' : 'Tidak sah'} (${fmtDateTime(s.timestamp.time)})` : 'Tidak ada' }),
  ].map((td, i) => { td.dataset.label = heads[i]; return td; }))));
  $('#hasil').focus();
}

async function byId(id) {
  say('Memeriksa…');
  try {
    show(await api('GET', `/api/v1/verifikasi/${encodeURIComponent(id)}`, undefined, { noRedirect: true }));
    say('');
  } catch (err) { sayError(err); }
}

$('#form-unggah').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('#berkas').files[0];
  if (!file) return say('Pilih berkas PDF terlebih dahulu.', 'error');
  say('Memeriksa…');
  try {
    show(await api('POST', '/api/v1/verifikasi', file, { contentType: 'application/pdf', idempotencyKey: null, noRedirect: true }));
    say('');
  } catch (err) { sayError(err); }
});
$('#form-id').addEventListener('submit', (e) => {
  e.preventDefault();
  const id = $('#dokumen-id').value.trim();
  if (id) byId(id);
});
$('#hasil').setAttribute('tabindex', '-1');
if (document.body.dataset.dokumenId) byId(document.body.dataset.dokumenId);
