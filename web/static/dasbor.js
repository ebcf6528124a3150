// Dashboard: aggregates from /web-api/dasbor drawn as inline SVG (no chart library), each chart with a text alternative.
import { api, h, $, sayError, initSignedInPage, fmtDate, statusClass } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const fmtNum = (n) => Number(n).toLocaleString('id-ID');
let chartSeq = 0;

/** The data as a table (the charts' text alternative), folded under the chart. */
function dataTable(caption, headers, rows) {
  return h('details', { class: 'chart-data' }, h('summary', { text: `Tabel data: ${caption}` }),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { text: caption }),
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row', text: r[0] }), r.slice(1).map((c) => h('td', { text: c }))))))));
}

/** Horizontal bars: one row per item, labels on the left, values at the bar ends. Optional second series (e.g. SLA). */
function barChart(title, items, opts = {}) {
  const id = `grafik-${(chartSeq += 1)}`;
  if (!items.length) return h('p', { class: 'muted', text: 'Belum ada data.' });
  const row = 28;
  const labelW = 230;
  const width = 720;
  const barMax = width - labelW - 60;
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = items.length * row + 10;
  const summary = `${title}: ${items.map((i) => `${i.label} ${fmtNum(i.value)}${opts.second ? ` (${opts.second.label} ${fmtNum(i.second)})` : ''}`).join('; ')}.`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart-svg', role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: `${id}-t` }, title),
    s('desc', { id: `${id}-d` }, summary),
    items.map((it, i) => {
      const y = i * row + 5;
      const w = Math.max(it.value > 0 ? 2 : 0, (it.value / max) * barMax);
      const w2 = opts.second ? Math.max(it.second > 0 ? 2 : 0, (it.second / max) * barMax) : 0;
      const label = it.label.length > 32 ? `${it.label.slice(0, 31)}…` : it.label;
      return s('g', { class: 'bar' },
        s('text', { x: labelW - 8, y: y + row / 2 + 1, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'chart-label' }, label),
        s('rect', { x: labelW, y: y + 3, width: w, height: row - 8, rx: 3, class: `chart-bar ${it.cls || ''}` }),
        opts.second && it.second > 0 ? s('rect', { x: labelW, y: y + row - 9, width: w2, height: 4, class: 'chart-bar-2' }) : null,
        s('text', { x: labelW + w + 6, y: y + row / 2 + 1, 'dominant-baseline': 'middle', class: 'chart-value' }, fmtNum(it.value)));
    }),
    s('line', { x1: labelW, y1: 0, x2: labelW, y2: height, class: 'chart-axis' }));
  const headers = ['Kategori', 'Jumlah', ...(opts.second ? [opts.second.label] : [])];
  return [svg, opts.second ? h('p', { class: 'legend' }, h('span', { class: 'swatch swatch-2', 'aria-hidden': 'true' }), ` Garis merah: ${opts.second.label}`) : null,
    dataTable(title, headers, items.map((i) => [i.label, fmtNum(i.value), ...(opts.second ? [fmtNum(i.second)] : [])]))];
}

/** A line over days with dots, a baseline and a few date ticks. */
function lineChart(title, points) {
  const id = `grafik-${(chartSeq += 1)}`;
  const width = 720;
  const height = 240;
  const pad = { l: 40, r: 34, t: 14, b: 36 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (i) => pad.l + (points.length > 1 ? (i / (points.length - 1)) * (width - pad.l - pad.r) : 0);
  const y = (v) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  const total = points.reduce((a, p) => a + p.value, 0);
  const peak = points.reduce((a, p) => (p.value > a.value ? p : a), points[0] || { value: 0, label: '' });
  const summary = `${title}: ${fmtNum(total)} usulan selesai dalam ${points.length} hari${total ? `, terbanyak ${fmtNum(peak.value)} pada ${peak.label}` : ''}.`;
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const every = Math.max(1, Math.ceil(points.length / 6));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart-svg', role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
    s('title', { id: `${id}-t` }, title),
    s('desc', { id: `${id}-d` }, summary),
    ticks.map((v) => s('g', {},
      s('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'chart-grid' }),
      s('text', { x: pad.l - 6, y: y(v), 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'chart-value' }, fmtNum(v)))),
    points.map((p, i) => (i % every === 0 || i === points.length - 1
      ? s('text', { x: x(i), y: height - 12, 'text-anchor': 'middle', class: 'chart-label' }, p.short) : null)),
    s('polyline', { points: points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '), class: 'chart-line', fill: 'none' }),
    points.map((p, i) => s('circle', { cx: x(i).toFixed(1), cy: y(p.value).toFixed(1), r: 3, class: 'chart-dot' }, s('title', {}, `${p.label}: ${p.value}`))));
  return [svg, dataTable(title, ['Tanggal', 'Selesai'], points.filter((p) => p.value > 0).map((p) => [p.label, fmtNum(p.value)]).concat(total ? [] : [['(tidak ada)', '0']]))];
}


async function main() {
  await initSignedInPage(['ADMIN', 'APPROVER', 'KANREG_HEAD', 'BKN_HEAD']);
  const d = await api('GET', '/web-api/dasbor');
  const completed = d.selesaiPerHari.reduce((a, p) => a + p.jumlah, 0);
  $('#ringkasan-dasbor').replaceChildren(
    h('dt', { text: 'Jumlah usulan' }), h('dd', { text: fmtNum(d.total) }),
    h('dt', { text: 'Melewati SLA' }), h('dd', { class: d.sla.melewatiSla ? 'bad' : '', text: `${fmtNum(d.sla.melewatiSla)} (${fmtNum(d.sla.masihTerbuka)} masih terbuka)` }),
    h('dt', { text: 'Langkah terhenti (perlu ditangani)' }), h('dd', { class: d.macet ? 'bad' : '', text: fmtNum(d.macet ?? 0) }),
    h('dt', { text: 'Selesai 30 hari terakhir' }), h('dd', { text: fmtNum(completed) }));
  $('#grafik-status').replaceChildren(...[barChart('Jumlah usulan per status', d.perStatus.map((x) => ({ label: x.label, value: x.jumlah, cls: statusClass(x.status) })))].flat().filter(Boolean));
  $('#grafik-periode').replaceChildren(...[barChart('Jumlah usulan per periode', d.perPeriode.map((x) => ({ label: `Periode ${fmtDate(x.periode)}`, value: x.jumlah })))].flat().filter(Boolean));
  $('#grafik-instansi').replaceChildren(...[barChart('Jumlah usulan per instansi', d.perInstansi.map((x) => ({ label: x.nama, value: x.jumlah, second: x.melewatiSla })),
    { second: { label: 'melewati SLA' } })].flat().filter(Boolean));
  $('#grafik-selesai').replaceChildren(...lineChart('Usulan selesai per hari', d.selesaiPerHari.map((p) => ({
    value: p.jumlah, label: fmtDate(p.hari), short: new Date(p.hari).toLocaleDateString('id-ID', { day: 'numeric', month: 'short' }),
  }))).filter(Boolean));
  document.body.dataset.siap = 'true';
}
main().catch(sayError);
