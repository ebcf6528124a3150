import { api, $, sayError, initSignedInPage } from './common.js';
import { summaryRows, timelineItems, referenceMaps } from './timeline.js';

async function main() {
  await initSignedInPage();
  const id = document.body.dataset.usulanId;
  const [u, ref] = await Promise.all([api('GET', `/api/v1/kp/usulan/${encodeURIComponent(id)}`), referenceMaps(api)]);
  $('#ringkasan').replaceChildren(...summaryRows(u));
  $('#lini-masa').replaceChildren(...timelineItems(u.timeline || [], ref.labels, ref.reasons));
}
main().catch(sayError);
