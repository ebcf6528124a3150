import { h, fmtDateTime, fmtDate, golLabel, statusClass } from './common.js';

const EVENT_LABEL = {
  SUBMITTED: 'Diusulkan', APPROVED: 'Disetujui instansi', RETURNED: 'Dikembalikan ke operator', REJECTED: 'Ditolak instansi',
  RESUBMITTED: 'Diajukan ulang', CLAIMED: 'Diklaim verifikator', MS: 'Memenuhi syarat (MS)', BTS: 'Berkas tidak sesuai (BTS)',
  TMS: 'Tidak memenuhi syarat (TMS)', SK_SIGNED: 'SK ditandatangani', WITHDRAWN: 'Ditarik',
};

export function timelineItems(events, labels = {}) {
  return events.map((ev) => {
    const to = ev.to_status ? (labels[ev.to_status] || ev.to_status) : '';
    const reasons = ev.data && Array.isArray(ev.data.alasan) ? ev.data.alasan : [];
    return h('li', {},
      h('strong', { text: EVENT_LABEL[ev.jenis] || ev.jenis }),
      to ? h('span', {}, ' → ', h('span', { class: statusClass(ev.to_status), text: to })) : null,
      h('time', { datetime: ev.at, text: `${fmtDateTime(ev.at)}${ev.actor_nama ? ` — ${ev.actor_nama}` : ''}` }),
      reasons.length ? h('ul', {}, reasons.map((r) => h('li', { text: typeof r === 'string' ? r : (r.text || r.code || JSON.stringify(r)) }))) : null,
      ev.catatan ? h('p', { text: ev.catatan }) : null);
  });
}

export function summaryRows(u) {
  const rows = [
    ['NIP', u.nip], ['Nama', u.nama], ['Periode', fmtDate(u.periode)],
    ['Golongan', `${golLabel(u.golongan_lama)} → ${golLabel(u.golongan_baru)}`],
    ['Status', h('span', { class: statusClass(u.status), text: u.statusLabel || u.status })],
  ];
  if (u.last_note) rows.push(['Catatan terakhir', u.last_note]);
  if (u.pertek_nomor) rows.push(['Pertek', `${u.pertek_nomor}${u.pertek_tanggal ? ` (${fmtDate(u.pertek_tanggal)})` : ''}`]);
  if (u.pertek_document_id) rows.push(['Berkas Pertek', h('a', { href: `/api/v1/documents/${encodeURIComponent(u.pertek_document_id)}`, text: 'Unduh Pertek (PDF)' })]);
  if (u.sk_nomor) rows.push(['SK', `${u.sk_nomor}${u.sk_tanggal ? ` (${fmtDate(u.sk_tanggal)})` : ''}`]);
  if (u.sk_document_id) {
    rows.push(['Berkas SK', h('span', {},
      h('a', { href: `/api/v1/documents/${encodeURIComponent(u.sk_document_id)}`, class: 'unduh-sk', text: 'Unduh SK bertanda tangan (PDF)' }), ' · ',
      h('a', { href: `/verifikasi/${encodeURIComponent(u.sk_document_id)}`, text: 'periksa keasliannya' }))]);
  }
  return rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)]);
}
