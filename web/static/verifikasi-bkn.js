import { api, h, $, $$, say, sayError, initSignedInPage, golLabel, fmtDateTime } from './common.js';
import { loadPeremajaanQueue } from './peremajaan.js';
import { renderBerkas } from './berkas-view.js';
import { showResubmission } from './pengajuan-ulang.js';
import { RESUBMITTED, createQueue, errorText, jenisChoices, periodeChoices, tell, unorChoices } from './queue.js';

const TABS = ['kp', 'peremajaan', 'keputusan'];

function selectTab(name) {
  for (const t of TABS) {
    $(`#tab-${t}`).setAttribute('aria-selected', String(t === name));
    $(`#panel-${t}`).hidden = t !== name;
  }
  if (name !== 'kp') $('#panel-putus').hidden = true;
  // The tab lives in the address, so a reload (or a link) opens the tab the user was working in.
  history.replaceState(null, '', name === 'kp' ? location.pathname + location.search : `#${name}`);
  if (name === 'keputusan' && me && !decisionsLoaded) loadDecisions(true).catch(sayError);
}

// Tabs answer from the first click, before the queues have loaded: a click while the page signs in is not lost.
$('#tab-kp').addEventListener('click', () => selectTab('kp'));
$('#tab-peremajaan').addEventListener('click', () => selectTab('peremajaan'));
$('#tab-keputusan').addEventListener('click', () => selectTab('keputusan'));

let me = null;
let ref = null;
let current = null;

const claimedByMe = (u) => u.claimed_by === me.user.id && u.claim_expires_at && new Date(u.claim_expires_at) > new Date();
const claimedByOther = (u) => u.claimed_by && u.claimed_by !== me.user.id && u.claim_expires_at && new Date(u.claim_expires_at) > new Date();


const CLAIMS = [['bebas', 'Belum diklaim'], ['saya', 'Diklaim saya'], ['lain', 'Diklaim verifikator lain']];
const instansiChoices = (p) => p.instansi.map((i) => [i.id, `${i.nama} (${i.jumlah})`]);
let queue = null;

function queueRow(u) {
  const mine = claimedByMe(u);
  const other = claimedByOther(u);
  return h('tr', { 'data-id': u.id, 'data-nip': u.nip },
    h('td', {}, h('a', { href: `/usulan/${u.id}`, text: u.nip }), h('br'), h('a', { href: `/usulan/${u.id}#berkas`, class: 'lihat-berkas', 'aria-label': `Berkas ${u.nama}`, text: 'Berkas' })),
    h('td', {}, u.nama, h('br'), h('small', { text: `${golLabel(u.golongan_lama)} → ${golLabel(u.golongan_baru)}` }),
      u.bts_count > 0 ? h('small', { class: 'ulang', text: `Kembali setelah BTS ${u.bts_count}×` }) : null,
      u.kelayakan_peringatan ? h('small', { class: 'warn kelayakan', text: 'Data berubah: tidak lagi memenuhi syarat' }) : null),
    h('td', {}, u.instansi_nama || u.instansi_id, u.unor_nama ? h('small', { class: 'muted unit', text: u.unor_nama }) : null),
    h('td', { text: mine ? `Diklaim Anda s.d. ${fmtDateTime(u.claim_expires_at)}` : other ? 'Diklaim verifikator lain' : 'Belum diklaim' }),
    h('td', {}, h('div', { class: 'item-actions' },
      mine ? null : h('button', { type: 'button', class: 'klaim secondary', disabled: other, 'aria-label': `Klaim usulan ${u.nama}`, onclick: () => claim(u) }, 'Klaim'),
      mine ? h('button', { type: 'button', class: 'putuskan', 'aria-label': `Putuskan usulan ${u.nama}`, onclick: () => openDecision(u) }, 'Putuskan') : null),
    h('span', { id: `galat-${u.id}`, class: 'row-msg' })));
}

const loadQueue = () => (queue ? queue.load() : Promise.resolve());

async function claim(u) {
  try {
    const r = await api('POST', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}/klaim`, {});
    tell(queue.status, `Usulan ${u.nama} diklaim sampai ${fmtDateTime(r.claimedUntil)}.`);
    await loadQueue();
  } catch (err) {
    const msg = $(`#${CSS.escape(`galat-${u.id}`)}`);
    if (msg) msg.textContent = errorText(err);
    tell(queue.status, `Usulan ${u.nama}: ${errorText(err)}`, 'error');
  }
}

/**
 * "Klaim berikutnya": the server claims the oldest waiting usulan nobody holds, within the queue's current filters, in
 * one statement (two verifiers pressing at once get different ones), and the decision panel opens on it.
 */
async function claimNext() {
  const btn = $('#klaim-berikutnya');
  const here = $('#pesan-klaim-berikutnya');
  btn.disabled = true;
  tell(here, '');
  try {
    const r = await api('POST', '/api/v1/kp/antrean-verifikasi/klaim-berikutnya', queue.filters());
    if (!r.usulan) {
      tell(here, r.pesan);
      return;
    }
    tell(here, `Usulan ${r.usulan.nama} (${r.usulan.nip}) diklaim sampai ${fmtDateTime(r.claimedUntil)}.`);
    await loadQueue();
    openDecision(r.usulan);
  } catch (err) {
    tell(here, errorText(err), 'error');
  } finally {
    btn.disabled = false;
  }
}

/** The verifier's own recent decisions (GET /api/v1/kp/keputusan-saya), newest first, a page at a time. */
let decisionsLoaded = false;
let decisionsAfter = null;
async function loadDecisions(reset) {
  const body = $('#tabel-keputusan tbody');
  const more = $('#muat-keputusan');
  const qs = new URLSearchParams({ limit: '20' });
  const kind = $('#saring-keputusan').value;
  if (kind) qs.set('keputusan', kind);
  if (!reset && decisionsAfter) qs.set('setelah', decisionsAfter);
  let data;
  try {
    data = await api('GET', `/api/v1/kp/keputusan-saya?${qs}`);
  } catch (err) {
    tell($('#pesan-keputusan'), errorText(err), 'error');
    return;
  }
  decisionsLoaded = true;
  if (reset) body.replaceChildren();
  body.append(...data.items.map((d) => h('tr', { 'data-id': d.usulanId },
    h('td', { text: fmtDateTime(d.pada) }),
    h('td', {}, h('a', { href: `/usulan/${encodeURIComponent(d.usulanId)}`, text: d.nama }), h('small', { class: 'muted unit', text: d.nip })),
    h('td', { text: d.keputusanLabel }),
    h('td', {}, d.alasan.length ? h('ul', { class: 'dalam-sel' }, d.alasan.map((a) => h('li', { text: `${a.kode} — ${a.teks}` }))) : null,
      d.catatan ? h('p', { class: 'catatan', text: d.catatan }) : null),
    h('td', { text: d.statusSekarangLabel }))));
  if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: '5', text: 'Belum ada keputusan Anda.' })));
  decisionsAfter = data.berikutnya;
  more.hidden = !data.berikutnya;
  const n = body.querySelectorAll('tr[data-id]').length;
  $('#info-keputusan').textContent = n ? `${n} keputusan ditampilkan${data.berikutnya ? '; ada yang lebih lama' : ''}` : '';
}

function renderReasons() {
  const action = $('input[name=action]:checked').value;
  const list = action === 'BTS' ? ref.alasanBts : action === 'TMS' ? ref.alasanTms : [];
  $('#alasan-set').hidden = action === 'MS';
  $('#pp-field').hidden = action !== 'MS';
  $('#alasan-list').replaceChildren(...list.map((r) => h('div', {},
    h('input', { type: 'checkbox', name: 'alasan', id: `alasan-${r.code}`, value: r.code }),
    h('label', { for: `alasan-${r.code}`, text: `${r.code} — ${r.text}${r.requiresNote ? ' (wajib catatan)' : ''}` }))));
}

function openDecision(u) {
  current = u;
  $('#putus-nama').textContent = `${u.nama} (${u.nip})`;
  $('#form-putus').reset();
  renderReasons();
  $('#panel-putus').hidden = false;
  $('#aksi-ms').focus();
  // The decision is made with the files in view, not blind.
  $('#berkas-putus').replaceChildren(h('p', { class: 'muted', text: 'Memuat berkas…' }));
  renderBerkas($('#berkas-putus'), u.id).catch(sayError);
  // A resubmission says so: how many times it came back, the last reasons, the operator's note and the new berkas.
  let again = $('#ulang-putus');
  if (!again) {
    again = h('div', { id: 'ulang-putus', hidden: true });
    $('#h-berkas-putus').before(again);
  }
  again.replaceChildren();
  showResubmission(again, u.id, 'h3').catch(sayError);
}

async function decide(e) {
  e.preventDefault();
  if (!current) return;
  const here = $('#pesan-putus');
  const action = $('input[name=action]:checked').value;
  const body = { action, alasan: $$('input[name=alasan]:checked').map((c) => c.value) };
  const catatan = $('#catatan').value.trim();
  if (catatan) body.catatan = catatan;
  if (action === 'MS') {
    body.passphrase = $('#passphrase-v').value;
    if (!body.passphrase) {
      tell(here, 'Masukkan passphrase untuk menandatangani Pertek.', 'error');
      return $('#passphrase-v').focus();
    }
  } else if (!body.alasan.length) return tell(here, 'Pilih minimal satu alasan.', 'error');
  const btn = $('#kirim-putusan');
  btn.disabled = true;
  tell(here, '');
  try {
    const r = await api('POST', `/api/v1/kp/usulan/${encodeURIComponent(current.id)}/verifikasi`, body);
    const text = `Keputusan ${action} untuk ${current.nama} tercatat${r.status ? ` (status: ${r.status})` : ''}.`;
    // The panel closes: the outcome shows beside the queue it came from, and (as before) at the top.
    tell(queue.status, text);
    say(text);
    $('#panel-putus').hidden = true;
    current = null;
    decisionsLoaded = false;
    await loadQueue();
  } catch (err) {
    tell(here, errorText(err), 'error');
    sayError(err);
  } finally { btn.disabled = false; }
}

async function main() {
  me = await initSignedInPage(['VERIFIER', 'KANREG_HEAD', 'ADMIN']);
  ref = await api('GET', '/api/v1/kp/referensi');
  for (const r of $$('input[name=action]')) r.addEventListener('change', renderReasons);
  $('#form-putus').addEventListener('submit', decide);
  $('#batal-putus').addEventListener('click', () => { $('#panel-putus').hidden = true; current = null; });
  queue = createQueue({
    name: 'verifikasi', prefix: '', antrean: 'verifikasi', columns: 5, row: queueRow, badge: $('#n-verifikasi'),
    empty: 'Antrean kosong.',
    filters: [
      { key: 'instansiId', label: 'Instansi', all: 'Semua instansi', choices: instansiChoices },
      { key: 'jenisKp', label: 'Jenis KP', all: 'Semua jenis', choices: jenisChoices },
      { key: 'periode', label: 'Periode', all: 'Semua periode', choices: periodeChoices },
      { key: 'unorId', label: 'Unit kerja', all: 'Semua unit kerja', choices: unorChoices },
      { key: 'klaim', label: 'Klaim', all: 'Semua', fixed: CLAIMS },
      { key: 'ulang', label: 'Riwayat BTS', all: 'Semua', fixed: RESUBMITTED },
    ],
  });
  $('#klaim-berikutnya').addEventListener('click', claimNext);
  // Only a verifier claims; a Kanreg head follows the queue.
  $('#klaim-berikutnya').closest('.klaim-berikutnya').hidden = me.user.role !== 'VERIFIER';
  $('#pesan-klaim-berikutnya').hidden = me.user.role !== 'VERIFIER';
  $('#tab-keputusan').hidden = me.user.role !== 'VERIFIER';
  $('#saring-keputusan').addEventListener('change', () => loadDecisions(true).catch(sayError));
  $('#muat-keputusan').addEventListener('click', () => loadDecisions(false).catch(sayError));
  const fromHash = () => (TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'kp');
  if (location.hash) selectTab(fromHash());
  window.addEventListener('hashchange', () => selectTab(fromHash()));
  // Back and forward move through searches and pages: the queue reads its state from the address again.
  window.addEventListener('popstate', () => {
    selectTab(fromHash());
    loadQueue().catch(sayError);
  });
  await Promise.all([loadQueue(), loadPeremajaanQueue(me.user.role === 'VERIFIER' ? 'BKN' : null)]);
}
main().catch(sayError);
