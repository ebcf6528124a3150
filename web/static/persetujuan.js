import { api, h, $, $$, say, sayError, initSignedInPage, bindSelectAll, fmtDate, golLabel } from './common.js';
import { loadPeremajaanQueue } from './peremajaan.js';


function selectTab(name) {
  for (const t of ['persetujuan', 'tte', 'peremajaan']) {
    $(`#tab-${t}`).setAttribute('aria-selected', String(t === name));
    $(`#panel-${t}`).hidden = t !== name;
  }
  // The tab lives in the address, so a reload (or a link) opens the tab the user was working in.
  history.replaceState(null, '', name === 'persetujuan' ? location.pathname + location.search : `#${name}`);
}

// Tabs answer from the first click, before the queues have loaded: a click while the page signs in is not lost.
for (const t of ['persetujuan', 'tte', 'peremajaan']) $(`#tab-${t}`).addEventListener('click', () => selectTab(t));

import { RESUBMITTED, createQueue, errorText, jenisChoices, periodeChoices, tell, unorChoices } from './queue.js';

let approvals = null;
let tte = null;

function approvalRow(u) {
  const noteId = `catatan-${u.id}`;
  const msgId = `galat-${u.id}`;
  const act = (action) => async () => {
    const note = $(`#${CSS.escape(noteId)}`);
    const msg = $(`#${CSS.escape(msgId)}`);
    const catatan = note.value.trim();
    if (!catatan) {
      msg.textContent = 'Tuliskan alasan pengembalian/penolakan di kolom ini.';
      note.setAttribute('aria-invalid', 'true');
      note.setAttribute('aria-describedby', msgId);
      note.focus();
      return;
    }
    note.removeAttribute('aria-invalid');
    msg.textContent = '';
    try {
      await api('POST', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/keputusan-instansi`, { action, catatan });
      for (const tr of $$(`tbody tr[data-id="${CSS.escape(u.id)}"]`, $('#tabel-persetujuan'))) tr.remove();
      tell(approvals.status, `Usulan ${u.nama} ${action === 'RETURN' ? 'dikembalikan ke operator' : 'ditolak'}.`);
      await approvals.load();
    } catch (err) {
      msg.textContent = errorText(err);
      tell(approvals.status, `Usulan ${u.nama}: ${errorText(err)}`, 'error');
    }
  };
  return h('tr', { 'data-id': u.id, 'data-nip': u.nip },
    h('td', {}, h('input', { type: 'checkbox', value: u.id, 'aria-label': `Pilih usulan ${u.nama} (${u.nip})` })),
    h('td', {}, h('a', { href: `/usulan/${u.id}`, text: u.nip }), h('br'), h('a', { href: `/usulan/${u.id}#berkas`, class: 'lihat-berkas', 'aria-label': `Berkas ${u.nama}`, text: 'Berkas' })),
    h('td', {}, u.nama, u.unor_nama ? h('small', { class: 'muted unit', text: u.unor_nama }) : null,
      u.kelayakan_peringatan ? h('small', { class: 'warn kelayakan', text: 'Data berubah: tidak lagi memenuhi syarat' }) : null),
    h('td', { text: `${golLabel(u.golongan_lama)} → ${golLabel(u.golongan_baru)}` }),
    h('td', {}, h('div', { class: 'item-actions' },
      h('label', { for: noteId, class: 'sr-only', text: `Alasan untuk ${u.nama}` }),
      h('input', { id: noteId, placeholder: 'Alasan' }),
      h('button', { type: 'button', class: 'secondary', onclick: act('RETURN') }, 'Kembalikan'),
      h('button', { type: 'button', class: 'secondary quiet-danger', onclick: act('REJECT') }, 'Tolak')),
    h('span', { id: msgId, class: 'row-msg' })));
}

function tteRow(u) {
  return h('tr', { 'data-id': u.id, 'data-nip': u.nip },
    h('td', {}, h('input', { type: 'checkbox', value: u.id, 'aria-label': `Pilih draf SK ${u.nama} (${u.nip})` })),
    h('td', {}, h('a', { href: `/usulan/${u.id}`, text: u.nip })), h('td', {}, u.nama, u.unor_nama ? h('small', { class: 'muted unit', text: u.unor_nama }) : null),
    h('td', {}, u.pertek_nomor ? `${u.pertek_nomor} (${fmtDate(u.pertek_tanggal)})` : '—', h('br'),
      h('a', { href: `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/draf-sk`, target: '_blank', rel: 'noopener', class: 'pratinjau-sk', 'aria-label': `Pratinjau draf SK ${u.nama}`, text: 'Pratinjau draf SK' })));
}

const loadApprovals = () => (approvals ? approvals.load() : Promise.resolve());
const loadTte = () => (tte ? tte.load() : Promise.resolve());

/** The outcome beside the button that caused it, and (as before) at the top of the page. */
function report(where, result, verb) {
  const failed = result.items.filter((i) => !i.ok);
  const text = `${result.berhasil} usulan ${verb}${failed.length ? `; ${failed.length} gagal: ${failed.map((f) => f.alasan).join('; ')}` : '.'}`;
  tell(where, text, failed.length ? 'error' : 'info');
  say(text, failed.length ? 'error' : 'info');
}

async function bulk(e, queue, table, passField, path, verb) {
  e.preventDefault();
  const ids = $$('tbody input[type=checkbox]:checked', table).map((c) => c.value);
  if (!ids.length) return tell(queue.status, 'Pilih minimal satu usulan.', 'error');
  const passphrase = passField.value;
  if (!passphrase) {
    tell(queue.status, 'Masukkan passphrase sertifikat elektronik.', 'error');
    return passField.focus();
  }
  const btn = e.submitter;
  if (btn) btn.disabled = true;
  try {
    const body = path.endsWith('massal') ? { ids, action: 'APPROVE', passphrase } : { ids, passphrase };
    const result = await api('POST', path, body);
    // Decided rows leave the table before the message shows; the queue itself no longer lists what the workflow has
    // taken (GET /kp/usulan leaves out a signed step whose status has not caught up), so a reload agrees.
    for (const i of result.items) {
      if (!i.ok) continue;
      for (const tr of $$(`tbody tr[data-id="${CSS.escape(i.usulanId)}"]`, table)) tr.remove();
    }
    report(queue.status, result, verb);
    passField.value = '';
    await Promise.all([loadApprovals(), loadTte()]);
  } catch (err) {
    tell(queue.status, errorText(err), 'error');
    sayError(err);
    if (err && err.status === 403) passField.focus();
  } finally { if (btn) btn.disabled = false; }
}

async function main() {
  const me = await initSignedInPage(['APPROVER', 'BKN_HEAD', 'ADMIN']);
  const canPeremajaan = me.user.role !== 'BKN_HEAD';
  $('#tab-peremajaan').hidden = !canPeremajaan;
  bindSelectAll($('#semua-persetujuan'), $('#tabel-persetujuan'));
  bindSelectAll($('#semua-tte'), $('#tabel-tte'));
  if (me.user.role !== 'BKN_HEAD') {
    approvals = createQueue({
      name: 'persetujuan', prefix: '', antrean: 'persetujuan', columns: 5, row: approvalRow, badge: $('#n-persetujuan'),
      empty: 'Tidak ada usulan yang menunggu persetujuan.',
      filters: [
        { key: 'jenisKp', label: 'Jenis KP', all: 'Semua jenis', choices: jenisChoices },
        { key: 'periode', label: 'Periode', all: 'Semua periode', choices: periodeChoices },
        { key: 'unorId', label: 'Unit kerja', all: 'Semua unit kerja', choices: unorChoices },
        { key: 'ulang', label: 'Riwayat BTS', all: 'Semua', fixed: RESUBMITTED },
      ],
      onLoaded: () => { $('#semua-persetujuan').checked = false; },
    });
  }
  tte = createQueue({
    name: 'tte', prefix: 'tte-', antrean: 'tte', columns: 4, row: tteRow, badge: $('#n-tte'),
    empty: 'Tidak ada draf SK yang menunggu tanda tangan.',
    filters: [
      { key: 'jenisKp', label: 'Jenis KP', all: 'Semua jenis', choices: jenisChoices },
      { key: 'unorId', label: 'Unit kerja', all: 'Semua unit kerja', choices: unorChoices },
    ],
    onLoaded: () => { $('#semua-tte').checked = false; },
  });
  $('#form-setujui').addEventListener('submit', (e) => bulk(e, approvals, $('#tabel-persetujuan'), $('#passphrase'), '/api/v1/kp/keputusan-instansi-massal', 'disetujui dan ditandatangani'));
  $('#form-tte').addEventListener('submit', (e) => bulk(e, tte, $('#tabel-tte'), $('#passphrase-tte'), '/api/v1/kp/tte-sk', 'SK-nya ditandatangani'));
  const fromHash = () => (location.hash === '#tte' ? 'tte' : location.hash === '#peremajaan' && canPeremajaan ? 'peremajaan' : 'persetujuan');
  if (me.user.role === 'BKN_HEAD') selectTab('tte'); else if (location.hash) selectTab(fromHash());
  window.addEventListener('hashchange', () => selectTab(fromHash()));
  // Back and forward move through searches and pages: each queue reads its state from the address again.
  window.addEventListener('popstate', () => {
    if (me.user.role !== 'BKN_HEAD') selectTab(fromHash());
    loadApprovals().catch(sayError);
    loadTte().catch(sayError);
  });
  await Promise.all([loadApprovals(), loadTte(),
    canPeremajaan ? loadPeremajaanQueue(me.user.role === 'APPROVER' ? 'INSTANSI' : null) : null]);
}
main().catch(sayError);
