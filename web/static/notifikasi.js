// The signed-in person's inbox: newest first, unread marked, each one opening its usulan; the count in the navigation
// follows what is read here.
import { api, h, $, sayError, initSignedInPage, fmtDateTime, refreshUnread } from './common.js';
import { errorText, tell } from './queue.js';

const msg = () => $('#pesan-notifikasi');

function item(n) {
  const unread = !n.read_at;
  const state = h('span', { class: unread ? 'warn' : 'muted', text: unread ? 'Belum dibaca' : `Dibaca ${fmtDateTime(n.read_at)}` });
  const mark = unread ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Tandai sudah dibaca: ${n.subject}`, text: 'Tandai sudah dibaca' }) : null;
  const li = h('li', { class: `notifikasi-item card${unread ? ' belum-dibaca' : ''}`, 'data-id': n.id },
    h('h3', { text: n.subject }),
    h('p', {}, h('time', { datetime: n.created_at, text: fmtDateTime(n.created_at) }), ' · ', state),
    h('p', { class: 'isi', text: n.body.split('\n').filter((l) => !/^Lihat: /.test(l)).join(' ') }),
    h('div', { class: 'item-actions' },
      n.usulan_id ? h('a', { href: `/usulan/${encodeURIComponent(n.usulan_id)}`, text: 'Buka usulan' }) : null, mark));
  if (mark) {
    mark.addEventListener('click', async () => {
      mark.disabled = true;
      try {
        await api('POST', `/api/v1/notifikasi/${encodeURIComponent(n.id)}/dibaca`, {}, { idempotencyKey: null });
        await load();
        tell(msg(), `Ditandai sudah dibaca: ${n.subject}`);
      } catch (err) {
        mark.disabled = false;
        tell(msg(), errorText(err), 'error');
      }
    });
  }
  return li;
}

async function load() {
  const qs = new URLSearchParams({ limit: '100' });
  if ($('#hanya-belum').checked) qs.set('belumDibaca', 'true');
  const data = await api('GET', `/api/v1/notifikasi?${qs}`);
  $('#n-belum').textContent = String(data.belumDibaca);
  $('#tandai-semua').disabled = data.belumDibaca === 0;
  $('#daftar-notifikasi').replaceChildren(...(data.items.length ? data.items.map(item)
    : [h('li', { class: 'muted', text: $('#hanya-belum').checked ? 'Tidak ada notifikasi yang belum dibaca.' : 'Belum ada notifikasi.' })]));
  await refreshUnread();
}

async function main() {
  await initSignedInPage();
  const only = $('#hanya-belum');
  only.checked = new URLSearchParams(location.search).get('belumDibaca') === 'ya';
  only.addEventListener('change', () => {
    history.replaceState(null, '', only.checked ? '?belumDibaca=ya' : location.pathname);
    load().catch((err) => tell(msg(), errorText(err), 'error'));
  });
  $('#tandai-semua').addEventListener('click', async () => {
    try {
      const r = await api('POST', '/api/v1/notifikasi/dibaca-semua', {}, { idempotencyKey: null });
      await load();
      tell(msg(), `${r.ditandai} notifikasi ditandai sudah dibaca.`);
    } catch (err) { tell(msg(), errorText(err), 'error'); }
  });
  await load();
}
main().catch(sayError);
