import { api, $, sayError, initSignedInPage } from './common.js';
import { summaryRows, timelineItems } from './timeline.js';

async function main() {
  await initSignedInPage();
  const id = document.body.dataset.usulanId;
  const [u, ref] = await Promise.all([api('GET', `/api/v1/kp/usulan/${encodeURIComponent(id)}`), api('GET', '/api/v1/kp/referensi')]);
  const labels = Object.fromEntries(ref.status.map((s) => [s.kode, s.label]));
  $('#ringkasan').replaceChildren(...summaryRows(u));
  $('#lini-masa').replaceChildren(...timelineItems(u.timeline || [], labels));
}
main().catch(sayError);
