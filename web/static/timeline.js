import { h, fmtDateTime, fmtDate, golLabel, statusClass } from './common.js';

const EVENT_LABEL = {
  DIAJUKAN: 'Diusulkan operator', DIAJUKAN_ULANG: 'Diajukan ulang', DISETUJUI_INSTANSI: 'Disetujui & ditandatangani instansi',
  DIKEMBALIKAN_INSTANSI: 'Dikembalikan instansi ke operator', DITOLAK_INSTANSI: 'Ditolak instansi', DIKLAIM: 'Diklaim verifikator',
  MS: 'Memenuhi syarat (MS)', MS_PERTEK_TERBIT: 'MS — Pertek terbit', BTS: 'Berkas tidak sesuai (BTS)', TMS: 'Tidak memenuhi syarat (TMS)',
  SK_DITANDATANGANI: 'SK ditandatangani', KEPPRES_TERBIT: 'Keputusan Presiden terbit', DITARIK: 'Ditarik operator',
  PENGINGAT_PERSETUJUAN: 'Pengingat: menunggu persetujuan', PENGINGAT_VERIFIKASI: 'Pengingat: menunggu verifikasi',
  PENGINGAT_TTE_SK: 'Pengingat: menunggu TTE SK', PENGINGAT_KEPPRES: 'Pengingat: menunggu Keppres',
  ESKALASI_PERSETUJUAN: 'Eskalasi: persetujuan melewati batas waktu', ESKALASI_VERIFIKASI: 'Eskalasi: verifikasi melewati batas waktu',
  ESKALASI_TTE_SK: 'Eskalasi: TTE SK melewati batas waktu', DRAF_SK_SIAP: 'Draf SK siap untuk pejabat penandatangan',
  SELESAI: 'Selesai: SK ditetapkan dan dicatat', LANGKAH_MACET: 'Langkah terhenti, perlu ditangani', LANGKAH_DILANJUTKAN: 'Langkah dilanjutkan',
};
const humanize = (s) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ');

/** labels: status code → label; reasons: reason code → text (from GET /api/v1/kp/referensi). */
export function timelineItems(events, labels = {}, reasons = {}) {
  return events.map((ev) => {
    const to = ev.to_status ? (labels[ev.to_status] || ev.to_status) : '';
    const codes = ev.data && Array.isArray(ev.data.alasan) ? ev.data.alasan : [];
    return h('li', {},
      h('strong', { text: EVENT_LABEL[ev.jenis] || humanize(ev.jenis) }),
      to ? h('span', {}, ' → ', h('span', { class: statusClass(ev.to_status), text: to })) : null,
      h('time', { datetime: ev.at, text: `${fmtDateTime(ev.at)}${ev.actor_nama ? ` — ${ev.actor_nama}` : ''}` }),
      codes.length ? h('ul', { class: 'alasan' }, codes.map((r) => h('li', { text: typeof r === 'string' ? (reasons[r] ? `${r} — ${reasons[r]}` : r) : (r.text || r.code || JSON.stringify(r)) }))) : null,
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
  if (u.penandatanganSk && !u.skDitandatanganiOleh) rows.push(['Penandatangan SK', `${u.penandatanganSk.nama} (NIP ${u.penandatanganSk.nip})`]);
  if (u.skDitandatanganiOleh) {
    const s = u.skDitandatanganiOleh;
    const cap = s.kapasitas === 'PLT' ? 'Plt. ' : s.kapasitas === 'PLH' ? 'Plh. ' : '';
    rows.push(['Ditandatangani oleh', `${cap}${s.nama} (NIP ${s.nip})`]);
  }
  if (u.sk_document_id) {
    rows.push(['Berkas SK', h('span', {},
      h('a', { href: `/api/v1/documents/${encodeURIComponent(u.sk_document_id)}`, class: 'unduh-sk', text: 'Unduh SK bertanda tangan (PDF)' }), ' · ',
      h('a', { href: `/verifikasi/${encodeURIComponent(u.sk_document_id)}`, text: 'periksa keasliannya' }))]);
  }
  return rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)]);
}

export async function referenceMaps(api) {
  const ref = await api('GET', '/api/v1/kp/referensi');
  return {
    labels: Object.fromEntries(ref.status.map((s) => [s.kode, s.label])),
    reasons: Object.fromEntries([...ref.alasanBts, ...ref.alasanTms].map((r) => [r.code, r.text])),
  };
}
