// The queue controls the approver's and the verifier's pages share: search, filters, sort, page size and keyset
// paging kept in the address, the count, and messages beside the control that caused them.
import { api, h, $, fmtDate } from './common.js';

const SORTS = [['diajukan', 'Terlama diajukan'], ['-diajukan', 'Terbaru diajukan'], ['nama', 'Nama A–Z'], ['-nama', 'Nama Z–A'], ['nip', 'NIP naik'], ['-nip', 'NIP turun'], ['tenggat', 'Tenggat terdekat']];
const SIZES = ['25', '50', '100'];

/** A message beside the control that caused it (a role="status" region next to the table), not only at the top. */
export function tell(el, text, kind = 'info') {
  el.className = kind === 'error' ? 'local-msg error' : 'local-msg';
  el.textContent = text;
}
export const errorText = (err) => (err && err.message ? err.message : String(err))
  + (err && err.body && Array.isArray(err.body.errors) && err.body.errors.length ? ` — ${err.body.errors.map((e) => e.reason).join('; ')}` : '');

/**
 * One queue with its search, filters, sort, page size and page. The state lives in the address (`prefix` per queue,
 * next to the tab in the hash), so a reload, a link and back/forward show the same page; the server pages by cursor
 * (setelah/sebelum) and answers the total of the filtered set.
 */
export function createQueue(o) {
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
  // "Unduh CSV" beside the table: the whole filtered set (not the page on screen), with the filters of the address.
  const csv = $(`#csv-${o.name}`);
  let last = null;
  /** The search and filters in force (no sort, size or page), as the list API names them. */
  const filters = (state = read()) => Object.fromEntries(['q', ...o.filters.map((f) => f.key)].filter((k) => state[k]).map((k) => [k, state[k]]));

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
    if (csv) {
      const qs = new URLSearchParams({ ...(o.antrean ? { antrean: o.antrean } : {}), ...filters(state), ...(state.sort ? { sort: state.sort } : {}), format: 'csv' });
      csv.setAttribute('href', `/api/v1/kp/usulan?${qs}`);
    }
    // Until this page has answered, the pager has no cursors of its own to follow.
    prev.disabled = true;
    next.disabled = true;
    last = null;
    // No antrean: every usulan in the viewer's scope (the operator's list of their instansi's usulan).
    const params = new URLSearchParams({ ...(o.antrean ? { antrean: o.antrean } : {}), pilihan: 'ya', limit: state.limit || '50' });
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
  return { load, status, filters };
}

export const jenisChoices = (p) => p.jenisKp.map((j) => [String(j.id), `${j.nama} (${j.jumlah})`]);
export const periodeChoices = (p) => p.periode.map((x) => [x.id, `${fmtDate(x.id)} (${x.jumlah})`]);
export const unorChoices = (p) => p.unor.map((u) => [u.id, `${u.nama} (${u.jumlah})`]);
export const RESUBMITTED = [['ya', 'Pernah dikembalikan (BTS)'], ['tidak', 'Belum pernah dikembalikan']];
