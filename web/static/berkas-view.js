import { api, h, fmtDate } from './common.js';

const DECREE_LABEL = { PENGANTAR: 'Pernyataan persetujuan instansi', PERTEK: 'Pertek', SK: 'SK kenaikan pangkat' };
const docLink = (id, text) => h('a', { href: `/api/v1/documents/${encodeURIComponent(id)}`, target: '_blank', rel: 'noopener', text });

/**
 * The berkas of one usulan as a list a decider reads before deciding: each checklist item with its files (opened in a
 * new tab), what is missing, the decrees issued so far and, for the SK signer, the draft to read.
 */
export async function renderBerkas(container, usulanId) {
  const b = await api('GET', `/api/v1/kp/usulan/${encodeURIComponent(usulanId)}/berkas`);
  const items = b.butir.map((i) => h('li', { class: i.lengkap ? 'berkas-ada' : 'berkas-kurang', 'data-kode': i.kode },
    h('strong', { text: i.nama }), i.wajib ? '' : ' (tidak wajib)', ': ',
    i.dokumen.length
      ? h('span', {}, ...i.dokumen.flatMap((d, n) => [n ? ', ' : '', docLink(d.id, `${d.namaFile}${d.tahun ? ` (${d.tahun})` : ''}, versi ${d.versi}`)]))
      : h('span', { class: 'error', text: 'belum ada' })));
  const others = b.lainnya.map((d) => h('li', {}, docLink(d.id, `${d.namaFile} (${d.kode})`)));
  const decrees = b.dokumenKeputusan.map((d) => h('li', {},
    docLink(d.id, `${DECREE_LABEL[d.jenis] ?? d.jenis}${d.nomor ? ` ${d.nomor}` : ''}${d.tanggal ? `, ${fmtDate(d.tanggal)}` : ''}`),
    d.status !== 'BERLAKU' ? ` (${d.status.toLowerCase()})` : ''));
  container.replaceChildren(
    h('ul', { class: 'berkas-daftar' }, ...items),
    others.length ? h('p', { text: 'Dokumen lain:' }) : '', others.length ? h('ul', {}, ...others) : '',
    decrees.length ? h('p', { text: 'Dokumen keputusan:' }) : '', decrees.length ? h('ul', {}, ...decrees) : '',
    b.drafSk ? h('p', {}, h('a', { href: `/api/v1/kp/usulan/${encodeURIComponent(usulanId)}/draf-sk`, target: '_blank', rel: 'noopener', class: 'pratinjau-sk', text: 'Pratinjau draf SK (PDF)' })) : '');
}
