import { api, $, sayError, initSignedInPage } from './common.js';
import { summaryRows, timelineItems } from './timeline.js';
import { renderBerkas } from './berkas-view.js';

async function main() {
  await initSignedInPage();
  const id = document.body.dataset.usulanId;
  const u = await api('GET', `/api/v1/kp/usulan/${encodeURIComponent(id)}`);
  $('#ringkasan').replaceChildren(...summaryRows(u));
  $('#lini-masa').replaceChildren(...timelineItems(u.timeline || []));
  await renderBerkas($('#berkas-usulan'), id);
}
main().catch(sayError);
