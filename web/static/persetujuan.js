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

/**
 * Usulan this page has just decided, per list: the read model follows the workflow a moment later, so a reload right
 * after a decision would still list them. Hidden for a minute only: an usulan can come back (resubmitted, or to the
 * TTE list after MS) and must then show.
 */
const decidedHere = { persetujuan: new Map(), tte: new Map() };
const HIDE_DECIDED_MS = 60_000;
const notJustDecided = (list) => (u) => {
  const at = decidedHere[list].get(u.id);
  return at === undefined || Date.now() - at > HIDE_DECIDED_MS;
};

async function loadApprovals() {
  const data = await api('GET', '/api/v1/kp/usulan?antrean=persetujuan&limit=200');
  const shown = data.items.filter(notJustDecided('persetujuan'));
  $('#n-persetujuan').textContent = String(data.total - (data.items.length - shown.length));
  data.items = shown;
  const body = $('#tabel-persetujuan tbody');
  if (!data.items.length) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '5', text: 'Tidak ada usulan yang menunggu persetujuan.' })));
    return;
  }
  body.replaceChildren(...data.items.map((u) => {
    const noteId = `catatan-${u.id}`;
    const act = (action) => async () => {
      const catatan = $(`#${CSS.escape(noteId)}`).value.trim();
      if (!catatan) return say('Tuliskan alasan pengembalian/penolakan pada kolom alasan usulan itu.', 'error');
      try {
        await api('POST', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/keputusan-instansi`, { action, catatan });
        say(`Usulan ${u.nama} ${action === 'RETURN' ? 'dikembalikan ke operator' : 'ditolak'}.`);
        await loadApprovals();
      } catch (err) { sayError(err); }
    };
    return h('tr', { 'data-id': u.id, 'data-nip': u.nip },
      h('td', {}, h('input', { type: 'checkbox', value: u.id, 'aria-label': `Pilih usulan ${u.nama} (${u.nip})` })),
      h('td', {}, h('a', { href: `/usulan/${u.id}`, text: u.nip }), h('br'), h('a', { href: `/usulan/${u.id}#berkas`, class: 'lihat-berkas', 'aria-label': `Berkas ${u.nama}`, text: 'Berkas' })), h('td', { text: u.nama }),
      h('td', { text: `${golLabel(u.golongan_lama)} → ${golLabel(u.golongan_baru)}` }),
      h('td', {}, h('div', { class: 'item-actions' },
        h('label', { for: noteId, class: 'sr-only', text: `Alasan untuk ${u.nama}` }),
        h('input', { id: noteId, placeholder: 'Alasan' }),
        h('button', { type: 'button', class: 'secondary', onclick: act('RETURN') }, 'Kembalikan'),
        h('button', { type: 'button', class: 'danger', onclick: act('REJECT') }, 'Tolak'))));
  }));
}

async function loadTte() {
  const data = await api('GET', '/api/v1/kp/usulan?antrean=tte&limit=200');
  const shown = data.items.filter(notJustDecided('tte'));
  $('#n-tte').textContent = String(data.total - (data.items.length - shown.length));
  data.items = shown;
  const body = $('#tabel-tte tbody');
  if (!data.items.length) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '4', text: 'Tidak ada draf SK yang menunggu tanda tangan.' })));
    return;
  }
  body.replaceChildren(...data.items.map((u) => h('tr', { 'data-id': u.id, 'data-nip': u.nip },
    h('td', {}, h('input', { type: 'checkbox', value: u.id, 'aria-label': `Pilih draf SK ${u.nama} (${u.nip})` })),
    h('td', {}, h('a', { href: `/usulan/${u.id}`, text: u.nip })), h('td', { text: u.nama }),
    h('td', {}, u.pertek_nomor ? `${u.pertek_nomor} (${fmtDate(u.pertek_tanggal)})` : '—', h('br'),
      h('a', { href: `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/draf-sk`, target: '_blank', rel: 'noopener', class: 'pratinjau-sk', 'aria-label': `Pratinjau draf SK ${u.nama}`, text: 'Pratinjau draf SK' })))));
}

function report(result, verb) {
  const failed = result.items.filter((i) => !i.ok);
  say(`${result.berhasil} usulan ${verb}${failed.length ? `; ${failed.length} gagal: ${failed.map((f) => f.alasan).join('; ')}` : '.'}`, failed.length ? 'error' : 'info');
}

async function bulk(e, table, passField, path, verb) {
  e.preventDefault();
  const ids = $$('tbody input[type=checkbox]:checked', table).map((c) => c.value);
  if (!ids.length) return say('Pilih minimal satu usulan.', 'error');
  const passphrase = passField.value;
  if (!passphrase) return say('Masukkan passphrase sertifikat elektronik.', 'error');
  const btn = e.submitter;
  if (btn) btn.disabled = true;
  try {
    const body = path.endsWith('massal') ? { ids, action: 'APPROVE', passphrase } : { ids, passphrase };
    const result = await api('POST', path, body);
    // Decided rows leave the table before the message shows, not only after the lists have been fetched again.
    for (const i of result.items) {
      if (!i.ok) continue;
      decidedHere[path.endsWith('massal') ? 'persetujuan' : 'tte'].set(i.usulanId, Date.now());
      for (const tr of $$(`tbody tr[data-id="${CSS.escape(i.usulanId)}"]`, table)) tr.remove();
    }
    report(result, verb);
    passField.value = '';
    await Promise.all([loadApprovals(), loadTte()]);
  } catch (err) { sayError(err); } finally { if (btn) btn.disabled = false; }
}

async function main() {
  const me = await initSignedInPage(['APPROVER', 'BKN_HEAD', 'ADMIN']);
  const canPeremajaan = me.user.role !== 'BKN_HEAD';
  $('#tab-peremajaan').hidden = !canPeremajaan;
  bindSelectAll($('#semua-persetujuan'), $('#tabel-persetujuan'));
  bindSelectAll($('#semua-tte'), $('#tabel-tte'));
  $('#form-setujui').addEventListener('submit', (e) => bulk(e, $('#tabel-persetujuan'), $('#passphrase'), '/api/v1/kp/keputusan-instansi-massal', 'disetujui dan ditandatangani'));
  $('#form-tte').addEventListener('submit', (e) => bulk(e, $('#tabel-tte'), $('#passphrase-tte'), '/api/v1/kp/tte-sk', 'SK-nya ditandatangani'));
  const fromHash = () => (location.hash === '#tte' ? 'tte' : location.hash === '#peremajaan' && canPeremajaan ? 'peremajaan' : 'persetujuan');
  if (me.user.role === 'BKN_HEAD') selectTab('tte'); else if (location.hash) selectTab(fromHash());
  window.addEventListener('hashchange', () => selectTab(fromHash()));
  await Promise.all([me.user.role === 'BKN_HEAD' ? null : loadApprovals(), loadTte(),
    canPeremajaan ? loadPeremajaanQueue(me.user.role === 'APPROVER' ? 'INSTANSI' : null) : null]);
}
main().catch(sayError);
