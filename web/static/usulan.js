import { api, $, sayError, initSignedInPage } from './common.js';
import { summaryRows, timelineItems } from './timeline.js';

async function main() {
  await initSignedInPage();
  const id = document.body.dataset.usulanId;
  const u = await api('GET', `/api/v1/kp/usulan/${encodeURIComponent(id)}`);
  $('#ringkasan').replaceChildren(...summaryRows(u));
  $('#lini-masa').replaceChildren(...timelineItems(u.timeline || []));
}
main().catch(sayError);
