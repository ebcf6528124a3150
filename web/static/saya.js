import { api, h, $, sayError, initSignedInPage } from './common.js';
import { summaryRows, timelineItems, referenceMaps } from './timeline.js';

async function main() {
  await initSignedInPage();
  const [list, ref] = await Promise.all([api('GET', '/api/v1/kp/usulan?limit=50'), referenceMaps(api)]);
  const box = $('#daftar-saya');
  if (!list.items.length) {
    box.replaceChildren(h('p', { text: 'Belum ada usulan kenaikan pangkat untuk Anda.' }));
    return;
  }
  const details = await Promise.all(list.items.map((u) => api('GET', `/api/v1/kp/usulan/${encodeURIComponent(u.id)}`)));
  box.replaceChildren(...details.map((u, i) => h('article', { class: 'card', 'aria-labelledby': `u-${i}` },
    h('h3', { id: `u-${i}` }, h('a', { href: `/usulan/${u.id}`, text: `Usulan periode ${u.periode}` })),
    h('dl', { class: 'dl' }, summaryRows(u)),
    h('h4', { text: 'Riwayat' }),
    h('ol', { class: 'timeline' }, timelineItems(u.timeline || [], ref.labels, ref.reasons)))));
}
main().catch(sayError);
