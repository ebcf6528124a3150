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
    h('td', {}, u.nama, u.unor_nama ? h('small', { class: 'muted unit', text: u.unor_nama }) : null),
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
