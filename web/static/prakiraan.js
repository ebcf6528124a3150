// The operator's eligibility forecast: who becomes eligible in the next periods (GET /api/v1/kp/prakiraan), grouped
// by period, paged here; unit, range, period and page live in the address, so a reload or a link shows the same view.
import { api, h, $, initSignedInPage, fmtDate } from './common.js';
import { errorText, tell } from './queue.js';

const PAGE_SIZE = 25;
/** The period filter's value for people who do not become eligible within the range. */
const NOT_WITHIN = 'belum';

/** @type {{ dariPeriode: string | null, jumlahPeriode: number, total: number, perPeriode: Record<string, number>, items: any[] } | null} */
let data = null;
/** The query `data` answers, so changing only the period or the page does not ask the server again. */
let loadedFor = '';

const read = () => {
  const sp = new URLSearchParams(location.search);
  const n = Number(sp.get('jumlahPeriode'));
  return {
    unorId: sp.get('unorId') || '', jumlahPeriode: Number.isInteger(n) && n >= 1 && n <= 24 ? String(n) : '12',
    periode: sp.get('periode') || '', halaman: Math.max(1, Number(sp.get('halaman')) || 1),
  };
};
const write = (s, push = true) => {
  const sp = new URLSearchParams();
  if (s.unorId) sp.set('unorId', s.unorId);
  if (s.jumlahPeriode !== '12') sp.set('jumlahPeriode', s.jumlahPeriode);
  if (s.periode) sp.set('periode', s.periode);
  if (s.halaman > 1) sp.set('halaman', String(s.halaman));
  const url = location.pathname + (sp.toString() ? `?${sp}` : '');
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
};
const apiQuery = (s) => {
  const qs = new URLSearchParams({ jumlahPeriode: s.jumlahPeriode });
  if (s.unorId) qs.set('unorId', s.unorId);
  return qs;
};
const periodLabel = (p) => (p === NOT_WITHIN ? `Belum layak dalam ${data ? data.jumlahPeriode : ''} periode` : fmtDate(p));

function personRow(i) {
  const gol = i.golonganTujuan ? `${i.golonganSaatIni || '—'} → ${i.golonganTujuan}` : i.golonganSaatIni || '—';
  return h('tr', { 'data-nip': i.nip },
    h('td', { text: i.nip }),
    h('td', { text: i.nama }),
    h('td', { text: i.unorNama || '—' }),
    h('td', { text: i.jalurNama || '—' }),
    h('td', { text: gol }),
    h('td', {}, i.periodeLayak ? fmtDate(i.periodeLayak) : h('span', { class: 'warn', text: periodLabel(NOT_WITHIN) })),
    h('td', {}, i.kendala.length
      ? h('ul', { class: 'dalam-sel' }, i.kendala.map((k) => h('li', { text: k })))
      : h('span', { class: 'ok', text: 'Tidak ada: layak pada periode berikutnya' })));
}

function renderSummary(s) {
  const body = $('#tabel-per-periode tbody');
  const notWithin = data.items.filter((i) => !i.periodeLayak).length;
  const periods = Object.keys(data.perPeriode).sort();
  const rows = [...periods.map((p) => [p, data.perPeriode[p]]), ...(notWithin ? [[NOT_WITHIN, notWithin]] : [])];
  body.replaceChildren(...(rows.length ? rows.map(([p, n]) => h('tr', { 'data-periode': p, class: s.periode === p ? 'selected' : undefined },
    h('th', { scope: 'row', text: periodLabel(p) }),
    h('td', { text: String(n) }),
    h('td', {}, s.periode === p
      ? h('button', { type: 'button', class: 'secondary', onclick: () => go({ ...read(), periode: '', halaman: 1 }) }, 'Semua periode')
      : h('button', { type: 'button', class: 'secondary', 'aria-label': `Lihat pegawai ${periodLabel(p)}`, onclick: () => go({ ...read(), periode: p, halaman: 1 }) }, 'Lihat')))) : [h('tr', {}, h('td', { colspan: '3', text: 'Tidak ada pegawai aktif di unit ini.' }))]));
  const select = $('#saring-periode');
  select.replaceChildren(h('option', { value: '', text: `Semua periode (${data.items.length})` }), ...rows.map(([p, n]) => h('option', { value: p, text: `${periodLabel(p)} (${n})` })));
  select.value = rows.some(([p]) => p === s.periode) ? s.periode : '';
}

function renderList(s) {
  const shown = s.periode === NOT_WITHIN ? data.items.filter((i) => !i.periodeLayak)
    : s.periode ? data.items.filter((i) => i.periodeLayak === s.periode) : data.items;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const halaman = Math.min(s.halaman, pages);
  const from = (halaman - 1) * PAGE_SIZE;
  const slice = shown.slice(from, from + PAGE_SIZE);
  $('#tabel-prakiraan tbody').replaceChildren(...(slice.length ? slice.map(personRow) : [h('tr', {}, h('td', { colspan: '7', text: 'Tidak ada pegawai pada pilihan ini.' }))]));
  $('#judul-periode').textContent = s.periode ? `— ${periodLabel(s.periode)}` : '';
  $('#info-prakiraan').textContent = slice.length ? `Menampilkan ${from + 1}–${from + slice.length} dari ${shown.length}` : `Menampilkan 0 dari ${shown.length}`;
  $('#sebelumnya-prakiraan').disabled = halaman <= 1;
  $('#berikutnya-prakiraan').disabled = halaman >= pages;
}

async function load() {
  const s = read();
  $('#unit').value = s.unorId;
  $('#jumlah-periode').value = s.jumlahPeriode;
  const qs = apiQuery(s);
  const csv = new URLSearchParams(qs);
  csv.set('format', 'csv');
  $('#unduh-prakiraan').setAttribute('href', `/api/v1/kp/prakiraan?${csv}`);
  const msg = $('#pesan-prakiraan');
  if (loadedFor !== qs.toString()) {
    tell(msg, 'Menghitung prakiraan…');
    try {
      data = await api('GET', `/api/v1/kp/prakiraan?${qs}`);
      loadedFor = qs.toString();
    } catch (err) {
      data = null;
      loadedFor = '';
      $('#tabel-per-periode tbody').replaceChildren();
      $('#tabel-prakiraan tbody').replaceChildren();
      $('#info-prakiraan').textContent = '';
      tell(msg, errorText(err), 'error');
      return;
    }
    const layak = data.items.filter((i) => i.periodeLayak).length;
    tell(msg, `${data.total} pegawai dinilai mulai periode ${fmtDate(data.dariPeriode)}; ${layak} menjadi layak dalam ${data.jumlahPeriode} periode.`);
  }
  renderSummary(s);
  renderList(s);
}

function go(s) {
  write(s);
  return load();
}

async function fillUnits() {
  const { items } = await api('GET', '/web-api/unor');
  $('#unit').append(...items.map((u) => h('option', { value: u.id, text: `${'\u2003'.repeat(u.tingkat)}${u.nama} (${u.pegawai})` })));
}

async function main() {
  await initSignedInPage(['OPERATOR']);
  await fillUnits();
  $('#form-prakiraan').addEventListener('submit', (e) => {
    e.preventDefault();
    go({ ...read(), unorId: $('#unit').value, jumlahPeriode: $('#jumlah-periode').value, periode: '', halaman: 1 });
  });
  $('#saring-periode').addEventListener('change', () => go({ ...read(), periode: $('#saring-periode').value, halaman: 1 }));
  $('#sebelumnya-prakiraan').addEventListener('click', () => go({ ...read(), halaman: read().halaman - 1 }));
  $('#berikutnya-prakiraan').addEventListener('click', () => go({ ...read(), halaman: read().halaman + 1 }));
  window.addEventListener('popstate', () => { load(); });
  await load();
}
main().catch((err) => tell($('#pesan-prakiraan'), errorText(err), 'error'));
