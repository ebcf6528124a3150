// What a resubmitted usulan brings since it was sent back: how many times it came back, the latest return's reasons,
// the operator's note and the berkas uploaded after the return. The usulan page and the verifier's decision panel show it.
import { api, h, fmtDateTime } from './common.js';

const docLink = (d) => h('a', { href: `/api/v1/documents/${encodeURIComponent(d.id)}`, target: '_blank', rel: 'noopener',
  text: `${d.kode}${d.tahun ? ` ${d.tahun}` : ''}: ${d.namaFile}, versi ${d.versi}` });

/** The reasons of a return (code and the reference text the API resolved), and its note. */
export function returnReasons(r) {
  return [
    r.alasan.length ? h('ul', { class: 'alasan' }, r.alasan.map((a) => h('li', { text: a.teks ? `${a.kode} — ${a.teks}` : a.kode }))) : null,
    r.catatan ? h('p', {}, h('strong', { text: 'Catatan: ' }), r.catatan) : null,
  ];
}

/** How many times an usulan came back, in words. */
export function returnCount(p) {
  const parts = [];
  if (p.kembaliBts) parts.push(`dikembalikan BKN (BTS) ${p.kembaliBts}×`);
  if (p.kembaliInstansi) parts.push(`dikembalikan instansi ${p.kembaliInstansi}×`);
  return parts.join(', ');
}

/** The block for an usulan's resubmission summary (`pengajuanUlang` of GET /kp/usulan/:id); null when it never came back. */
export function resubmissionBlock(p, headingLevel = 'h3') {
  if (!p) return null;
  const r = p.pengembalianTerakhir;
  const files = p.berkasSetelahPengembalian;
  return h('div', { class: 'pengajuan-ulang', role: 'group', 'aria-label': 'Riwayat pengembalian dan pengajuan ulang' },
    h(headingLevel, { text: p.pengajuanUlang ? `Pengajuan ulang: ${returnCount(p)}` : `Dikembalikan: ${returnCount(p)}` }),
    h('p', {}, `Pengembalian terakhir ${fmtDateTime(r.pada)}${r.oleh ? ` oleh ${r.oleh}` : ''}:`),
    ...returnReasons(r),
    p.pengajuanUlang
      ? h('p', {}, h('strong', { text: `Catatan perbaikan operator (${fmtDateTime(p.pengajuanUlang.pada)}): ` }), p.pengajuanUlang.catatan || '—')
      : h('p', { class: 'muted', text: 'Belum diajukan ulang.' }),
    h('p', { text: files.length ? `Berkas diunggah setelah pengembalian (${files.length}):` : 'Tidak ada berkas yang diunggah setelah pengembalian.' }),
    files.length ? h('ul', { class: 'berkas-baru' }, files.map((d) => h('li', {}, docLink(d),
      d.menggantikan ? ' (menggantikan versi sebelumnya)' : ' (baru)', d.berlaku ? '' : ' — sudah diganti lagi', ` — ${fmtDateTime(d.diunggah)}`))) : null);
}

/** Puts the summary of usulan `id` into `container` (emptied when it never came back). */
export async function showResubmission(container, id, headingLevel) {
  const u = await api('GET', `/api/v1/kp/usulan/${encodeURIComponent(id)}`);
  const block = resubmissionBlock(u.pengajuanUlang, headingLevel);
  container.replaceChildren(...(block ? [block] : []));
  container.hidden = !block;
  return u;
}
