import { h, fmtDateTime, fmtDate, golLabel, statusClass, statusLabel, eventLabel, reasonText } from './common.js';

const humanize = (s) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ');

/** Timeline entries, labelled from the server's vocabulary (loaded by initSignedInPage). */
export function timelineItems(events) {
  return events.map((ev) => {
    const to = ev.to_status ? statusLabel(ev.to_status) : '';
    const codes = ev.data && Array.isArray(ev.data.alasan) ? ev.data.alasan : [];
    return h('li', {},
      h('strong', { text: eventLabel(ev.jenis) === ev.jenis ? humanize(ev.jenis) : eventLabel(ev.jenis) }),
      to ? h('span', {}, ' → ', h('span', { class: statusClass(ev.to_status), text: to })) : null,
      h('time', { datetime: ev.at, text: `${fmtDateTime(ev.at)}${ev.actor_nama ? ` — ${ev.actor_nama}` : ''}` }),
      codes.length ? h('ul', { class: 'alasan' }, codes.map((r) => h('li', { text: typeof r === 'string' ? (reasonText(r) ? `${r} — ${reasonText(r)}` : r) : (r.text || r.code || JSON.stringify(r)) }))) : null,
      ev.catatan ? h('p', { text: ev.catatan }) : null);
  });
}

export function summaryRows(u) {
  const rows = [
    ['NIP', u.nip], ['Nama', u.nama], ['Periode', fmtDate(u.periode)],
    ['Golongan', `${golLabel(u.golongan_lama)} → ${golLabel(u.golongan_baru)}`],
    ['Status', h('span', { class: statusClass(u.status), text: u.statusLabel || statusLabel(u.status) })],
  ];
  // The rules the usulan was judged by (and finishes under), so everyone reads the same version.
  if (u.aturan) rows.push(['Aturan yang dipakai', `${u.aturan.id}: ${u.aturan.ringkasan} (${u.aturan.regulasi}; berlaku untuk periode sejak ${fmtDate(u.aturan.berlakuMulai)})`]);
  // Imported data changed a fact this usulan was judged on: the operator and the verifier must see it, not guess.
  if (u.kelayakan_peringatan) {
    const p = u.kelayakan_peringatan;
    rows.push(['Peringatan kelayakan', h('div', { class: 'warn kelayakan-peringatan', role: 'status' },
      h('strong', { text: `Sejak ${fmtDate(String(p.sejak).slice(0, 10))} data pegawai (${p.sumber}) berubah: usulan ini tidak lagi memenuhi syarat.` }),
      h('ul', {}, (p.alasan || []).map((a) => h('li', { text: a }))))]);
  }
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
