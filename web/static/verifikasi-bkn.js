import { api, h, $, $$, say, sayError, initSignedInPage, golLabel, fmtDate, fmtDateTime } from './common.js';
import { loadPeremajaanQueue } from './peremajaan.js';
import { renderBerkas } from './berkas-view.js';

function selectTab(name) {
  for (const t of ['kp', 'peremajaan']) {
    $(`#tab-${t}`).setAttribute('aria-selected', String(t === name));
    $(`#panel-${t}`).hidden = t !== name;
  }
  if (name !== 'kp') $('#panel-putus').hidden = true;
  // The tab lives in the address, so a reload (or a link) opens the tab the user was working in.
  history.replaceState(null, '', name === 'kp' ? location.pathname + location.search : `#${name}`);
}

// Tabs answer from the first click, before the queues have loaded: a click while the page signs in is not lost.
$('#tab-kp').addEventListener('click', () => selectTab('kp'));
$('#tab-peremajaan').addEventListener('click', () => selectTab('peremajaan'));

let me = null;
let ref = null;
let current = null;

const claimedByMe = (u) => u.claimed_by === me.user.id && u.claim_expires_at && new Date(u.claim_expires_at) > new Date();
const claimedByOther = (u) => u.claimed_by && u.claimed_by !== me.user.id && u.claim_expires_at && new Date(u.claim_expires_at) > new Date();

const SORTS = [['diajukan', 'Terlama diajukan'], ['-diajukan', 'Terbaru diajukan'], ['nama', 'Nama A–Z'], ['-nama', 'Nama Z–A'], ['nip', 'NIP naik'], ['-nip', 'NIP turun'], ['tenggat', 'Tenggat terdekat']];
const SIZES = ['25', '50', '100'];

/** A message beside the control that caused it (a role="status" region next to the table), not only at the top. */
function tell(el, text, kind = 'info') {
  el.className = kind === 'error' ? 'local-msg error' : 'local-msg';
  el.textContent = text;
}
const errorText = (err) => (err && err.message ? err.message : String(err))
  + (err && err.body && Array.isArray(err.body.errors) && err.body.errors.length ? ` — ${err.body.errors.map((e) => e.reason).join('; ')}` : '');

/**
 * One queue with its search, filters, sort, page size and page. The state lives in the address (`prefix` per queue,
 * next to the tab in the hash), so a reload, a link and back/forward show the same page; the server pages by cursor
 * (setelah/sebelum) and answers the total of the filtered set.
 */
function createQueue(o) {
  const keys = ['q', ...o.filters.map((f) => f.key), 'sort', 'limit', 'setelah', 'sebelum'];
  const read = () => {
    const sp = new URLSearchParams(location.search);
    return Object.fromEntries(keys.map((k) => [k, sp.get(o.prefix + k) || '']));
  };
  const write = (state, push) => {
    const sp = new URLSearchParams(location.search);
    for (const k of keys) {
      sp.delete(o.prefix + k);
      if (state[k] && !(k === 'sort' && state[k] === 'diajukan') && !(k === 'limit' && state[k] === '50')) sp.set(o.prefix + k, state[k]);
    }
    const qs = sp.toString();
    const url = location.pathname + (qs ? `?${qs}` : '') + location.hash;
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  };
  const id = (k) => `${o.name}-${k}`;
  const field = (k, label, control) => h('div', { class: 'field' }, h('label', { for: id(k), text: label }), control);
  const search = h('input', { id: id('q'), type: 'search', maxlength: '100', autocomplete: 'off', placeholder: 'NIP atau nama' });
  const selects = Object.fromEntries(o.filters.map((f) => [f.key, h('select', { id: id(f.key) }, h('option', { value: '', text: f.all }), ...(f.fixed || []).map(([v, l]) => h('option', { value: v, text: l })))]));
  const sort = h('select', { id: id('sort') }, ...SORTS.map(([v, l]) => h('option', { value: v, text: l })));
  const size = h('select', { id: id('limit') }, ...SIZES.map((v) => h('option', { value: v, text: `${v} per halaman` })));
  const form = $(`#saring-${o.name}`);
  // The search stays in view; filters, sort and page size fold away on a phone (open on a wide screen or when in use).
  const more = h('details', { class: 'saring-lain' }, h('summary', { text: 'Saring, urutkan dan jumlah per halaman' }),
    h('div', { class: 'row' }, ...o.filters.map((f) => field(f.key, f.label, selects[f.key])), field('sort', 'Urutkan', sort), field('limit', 'Jumlah per halaman', size)));
  form.replaceChildren(h('div', { class: 'row' }, field('q', 'Cari NIP atau nama', search), h('button', { type: 'submit', class: 'secondary', text: 'Cari' })), more);
  const info = $(`#info-${o.name}`);
  const prev = $(`#sebelumnya-${o.name}`);
  const next = $(`#berikutnya-${o.name}`);
  const status = $(`#pesan-${o.name}`);
  let last = null;

  const show = (state) => {
    search.value = state.q;
    if (window.matchMedia('(min-width: 601px)').matches || keys.some((k) => state[k] && !['q', 'setelah', 'sebelum'].includes(k))) more.open = true;
    for (const f of o.filters) {
      const sel = selects[f.key];
      if (state[f.key] && ![...sel.options].some((opt) => opt.value === state[f.key])) sel.append(h('option', { value: state[f.key], text: state[f.key] }));
      sel.value = state[f.key];
    }
    sort.value = state.sort || 'diajukan';
    size.value = SIZES.includes(state.limit) ? state.limit : '50';
  };
  const fromControls = () => ({
    q: search.value.trim(), ...Object.fromEntries(o.filters.map((f) => [f.key, selects[f.key].value])), sort: sort.value, limit: size.value, setelah: '', sebelum: '',
  });
  const fillChoices = (pilihan) => {
    for (const f of o.filters) {
      if (!f.choices || !pilihan) continue;
      const sel = selects[f.key];
      const chosen = sel.value;
      sel.replaceChildren(h('option', { value: '', text: f.all }), ...f.choices(pilihan).map(([v, l]) => h('option', { value: v, text: l })));
      if (chosen && ![...sel.options].some((opt) => opt.value === chosen)) sel.append(h('option', { value: chosen, text: chosen }));
      sel.value = chosen;
    }
  };

  async function load() {
    const state = read();
    show(state);
    // Until this page has answered, the pager has no cursors of its own to follow.
    prev.disabled = true;
    next.disabled = true;
    last = null;
    const params = new URLSearchParams({ antrean: o.antrean, pilihan: 'ya', limit: state.limit || '50' });
    for (const k of keys) if (state[k] && k !== 'limit') params.set(k, state[k]);
    let data;
    try {
      data = await api('GET', `/api/v1/kp/usulan?${params}`);
    } catch (err) {
      if (err && err.status === 400 && (state.setelah || state.sebelum)) {
        // A page link that no longer fits (another sort, an old cursor): back to the first page of the same search.
        write({ ...state, setelah: '', sebelum: '' }, false);
        return load();
      }
      tell(status, errorText(err), 'error');
      return;
    }
    last = data;
    fillChoices(data.pilihan);
    if (o.badge) o.badge.textContent = String(data.pilihan ? data.pilihan.jenisKp.reduce((n, j) => n + j.jumlah, 0) : data.total);
    const body = $(`#tabel-${o.name} tbody`);
    const filtered = keys.some((k) => state[k] && !['sort', 'limit', 'setelah', 'sebelum'].includes(k));
    if (!data.items.length) {
      body.replaceChildren(h('tr', {}, h('td', { colspan: String(o.columns), text: data.total ? 'Halaman ini kosong; buka halaman sebelumnya.' : filtered ? 'Tidak ada usulan yang cocok dengan pencarian ini.' : o.empty })));
    } else {
      body.replaceChildren(...data.items.map(o.row));
    }
    info.textContent = data.items.length
      ? `Menampilkan ${data.posisi}–${data.posisi + data.items.length - 1} dari ${data.total}`
      : `Menampilkan 0 dari ${data.total}`;
    prev.disabled = !data.sebelumnya;
    next.disabled = !data.berikutnya;
    if (o.onLoaded) o.onLoaded(data);
  }
  const go = (state) => {
    write(state, true);
    return load();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(fromControls());
  });
  for (const sel of [...Object.values(selects), sort, size]) sel.addEventListener('change', () => go(fromControls()));
  prev.addEventListener('click', () => last && last.sebelumnya && go({ ...read(), setelah: '', sebelum: last.sebelumnya }));
  next.addEventListener('click', () => last && last.berikutnya && go({ ...read(), sebelum: '', setelah: last.berikutnya }));
  return { load, status };
}

const jenisChoices = (p) => p.jenisKp.map((j) => [String(j.id), `${j.nama} (${j.jumlah})`]);
const periodeChoices = (p) => p.periode.map((x) => [x.id, `${fmtDate(x.id)} (${x.jumlah})`]);
const unorChoices = (p) => p.unor.map((u) => [u.id, `${u.nama} (${u.jumlah})`]);
const RESUBMITTED = [['ya', 'Pernah dikembalikan (BTS)'], ['tidak', 'Belum pernah dikembalikan']];

const CLAIMS = [['bebas', 'Belum diklaim'], ['saya', 'Diklaim saya'], ['lain', 'Diklaim verifikator lain']];
const instansiChoices = (p) => p.instansi.map((i) => [i.id, `${i.nama} (${i.jumlah})`]);
let queue = null;

function queueRow(u) {
  const mine = claimedByMe(u);
  const other = claimedByOther(u);
  return h('tr', { 'data-id': u.id, 'data-nip': u.nip },
    h('td', {}, h('a', { href: `/usulan/${u.id}`, text: u.nip }), h('br'), h('a', { href: `/usulan/${u.id}#berkas`, class: 'lihat-berkas', 'aria-label': `Berkas ${u.nama}`, text: 'Berkas' })),
    h('td', {}, u.nama, h('br'), h('small', { text: `${golLabel(u.golongan_lama)} → ${golLabel(u.golongan_baru)}` }),
      u.bts_count > 0 ? h('small', { class: 'ulang', text: `Kembali setelah BTS ${u.bts_count}×` }) : null),
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
  const fromHash = () => (location.hash === '#peremajaan' ? 'peremajaan' : 'kp');
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
