import { api, h, $, sayError, initSignedInPage } from './common.js';
import { summaryRows, timelineItems } from './timeline.js';
import { renderBerkas } from './berkas-view.js';
import { resubmissionBlock } from './pengajuan-ulang.js';

async function main() {
  await initSignedInPage();
  const id = document.body.dataset.usulanId;
  const u = await api('GET', `/api/v1/kp/usulan/${encodeURIComponent(id)}`);
  $('#ringkasan').replaceChildren(...summaryRows(u));
  // A returned or resubmitted usulan says so beside its summary: how often it came back and what changed since.
  const again = resubmissionBlock(u.pengajuanUlang, 'h2');
  if (again) $('#berkas').before(h('section', { id: 'pengajuan-ulang', class: 'card', 'aria-label': 'Pengembalian dan pengajuan ulang' }, again));
  $('#lini-masa').replaceChildren(...timelineItems(u.timeline || []));
  await renderBerkas($('#berkas-usulan'), id);
}
main().catch(sayError);
