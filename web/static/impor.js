import { api, h, $, initSignedInPage, fmtDateTime } from './common.js';

const BASE = '/api/v1/integrasi';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HASIL_TONE = { BARU: 'ok', BERUBAH: 'warn', SAMA: '', DITOLAK: 'bad' };
const PAGE_SIZE = 100;

/** The job on screen; `token` changes when another one is opened, so a poll of the previous one stops. */
const state = { job: null, summary: null, after: null, shown: 0, token: 0 };

const problemText = (err) => {
  const detail = err && err.message ? err.message : String(err);
  const errors = err && err.body && Array.isArray(err.body.errors) ? err.body.errors.map((e) => e.reason).filter((r) => r && r !== detail) : [];
  return errors.length ? `${detail} — ${errors.join('; ')}` : detail;
};
/** Messages go beside the control they are about (and are announced there), not only at the top of the page. */
function note(id, text, kind = 'info') {
  const el = $(id);
  el.className = `local-msg${kind === 'error' ? ' error' : ''}`;
  el.textContent = text;
}

/** The upload goes as the raw file (no multipart), with its name in a header; api() in common.js sends JSON or a blob without one. */
function uploadFile(file, dataset, sumber) {
  const xlsx = /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;
  const qs = new URLSearchParams({ dataset, sumber });
  return api('POST', `${BASE}/berkas?${qs}`, file, {
    contentType: xlsx ? XLSX_TYPE : 'text/csv', idempotencyKey: null, headers: { 'X-Nama-Berkas': encodeURIComponent(file.name.slice(0, 200)) },
  });
}

const fmtValue = (v) => (v === null || v === undefined || v === '' ? '(kosong)' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function recordRow(r) {
  const details = r.ditolak || (r.alasan && r.alasan.length)
    ? r.alasan.map((a) => h('li', { class: 'bad', text: `${a.field}: ${a.reason}` }))
    : (r.perubahan || []).map((c) => h('li', { text: `${c.field}: ${fmtValue(c.lama)} → ${fmtValue(c.baru)}` }));
  const key = r.nip && r.kunci && r.kunci !== r.nip ? `${r.nip} (${r.kunci})` : r.nip || r.kunci || '—';
  return h('tr', { 'data-hasil': r.hasil || '' },
    h('td', { text: r.baris === null || r.baris === undefined ? '—' : String(r.baris) }),
    h('td', { text: key }),
    h('td', {}, h('span', { class: HASIL_TONE[r.hasil] || '', text: r.hasilLabel || 'Belum diperiksa' })),
    h('td', {}, details.length ? h('ul', { class: 'compact' }, details)
      : r.hasil === 'SAMA' ? h('span', { class: 'muted', text: 'Tidak ada perubahan' })
        : r.hasil === 'BARU' ? h('span', { class: 'muted', text: 'Rekaman baru; belum ada di data sekarang' }) : ''));
}

async function loadRecords(reset) {
  const job = state.job;
  if (!job) return;
  const body = $('#tabel-rekaman tbody');
  if (reset) { body.replaceChildren(); state.after = null; state.shown = 0; }
  const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
  const hasil = $('#saring-hasil').value;
  if (hasil) qs.set('hasil', hasil);
  if (state.after !== null) qs.set('after', String(state.after));
  const data = await api('GET', `${BASE}/jobs/${encodeURIComponent(job.id)}/rekaman?${qs}`);
  if (state.job !== job) return;
  body.append(...data.items.map(recordRow));
  state.shown += data.items.length;
  state.after = data.next;
  $('#muat-lagi').hidden = data.next === null;
  $('#jumlah-tampil').textContent = state.shown ? `${state.shown} baris ditampilkan${data.next === null ? '' : ', masih ada lagi'}` : 'Tidak ada baris untuk saringan ini';
}

/**
 * The counts to show: an applied job's own, or the dry run's (the upload's answer). A dry-run job opened from the list
 * has no counts yet (the job row counts what was applied), so they show as unknown rather than as zeros.
 */
function countsOf(job) {
  if (!job.uji) return job;
  if (state.summary && state.summary.id === job.id) return state.summary;
  return job.baru + job.berubah + job.sama + job.ditolak > 0 ? job : null;
}

function renderSummary(job, kolomDiabaikan) {
  $('#uji').hidden = false;
  $('#uji-berkas').textContent = job.namaBerkas || 'berkas';
  $('#uji-status').textContent = `${job.statusLabel || job.status} · ${job.total} baris · diunggah ${fmtDateTime(job.createdAt)}`;
  const c = countsOf(job);
  for (const k of ['baru', 'berubah', 'sama', 'ditolak']) $(`#jumlah-${k}`).textContent = c ? String(c[k]) : '—';
  const ignored = $('#kolom-diabaikan');
  ignored.hidden = !(kolomDiabaikan && kolomDiabaikan.length);
  ignored.textContent = ignored.hidden ? '' : `Kolom berkas yang tidak dipakai: ${kolomDiabaikan.join(', ')}.`;
  const n = c ? c.baru + c.berubah : null;
  const apply = $('#terapkan');
  $('#area-terapkan').hidden = !job.uji;
  apply.textContent = n === null ? 'Terapkan perubahan' : `Terapkan ${n} perubahan`;
  apply.disabled = n === 0;
  $('#konfirmasi').hidden = true;
  note('#pesan-terapkan', n === 0 && job.uji ? 'Tidak ada yang perlu diterapkan: semua baris sama dengan data sekarang atau ditolak.' : '');
}

async function openJob(job, kolomDiabaikan) {
  state.token += 1;
  state.job = job;
  renderSummary(job, kolomDiabaikan);
  $('#progres').hidden = job.uji;
  if (!job.uji) renderProgress(job);
  await loadRecords(true);
  if (job.berjalan) void poll(state.token);
}

function renderProgress(job) {
  $('#progres').hidden = false;
  const bar = $('#bar-progres');
  bar.max = Math.max(job.total, 1);
  bar.value = job.selesai ? bar.max : job.diproses;
  const done = job.selesai || job.gagal;
  $('#progres').dataset.status = job.status;
  $('#teks-progres').textContent = `${job.diproses} dari ${job.total} rekaman — ${job.statusLabel || job.status}`;
  $('#hasil-akhir').textContent = job.selesai
    ? `Selesai: ${job.baru} baru, ${job.berubah} berubah, ${job.sama} sama, ${job.ditolak} ditolak. Kelayakan ${job.kelayakanDiperiksa} usulan berjalan diperiksa ulang; ${job.kelayakanBerubah} berubah.`
    : '';
  const failed = $('#pesan-gagal');
  failed.hidden = !job.gagal;
  failed.textContent = job.gagal ? `Penerapan berhenti: ${job.pesan || 'sebab tidak diketahui'}. Rekaman yang sudah diterapkan tetap; "Lanjutkan" meneruskan sisanya.` : '';
  $('#lanjutkan').hidden = !job.gagal;
  const link = $('#unduh-hasil');
  link.hidden = !done;
  link.setAttribute('href', `${BASE}/jobs/${encodeURIComponent(job.id)}/hasil.csv`);
}

/** Polls the job once a second until it ends, or until another job is opened. */
async function poll(token) {
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    if (token !== state.token) return;
    let job;
    try {
      ({ job } = await api('GET', `${BASE}/jobs/${encodeURIComponent(state.job.id)}`));
    } catch (err) {
      note('#pesan-progres', `Progres tidak dapat dimuat: ${problemText(err)}. Dicoba lagi…`, 'error');
      continue;
    }
    if (token !== state.token) return;
    note('#pesan-progres', '');
    state.job = job;
    renderProgress(job);
    if (job.selesai || job.gagal) {
      renderSummary(job);
      await loadRecords(true).catch(() => undefined);
      void loadJobs();
      return;
    }
  }
}

function countLine(job) {
  const c = countsOf(job);
  return c ? `${job.total} baris: ${c.baru} baru, ${c.berubah} berubah, ${c.sama} sama, ${c.ditolak} ditolak` : `${job.total} baris, belum diterapkan`;
}

async function loadJobs() {
  try {
    const { items } = await api('GET', `${BASE}/jobs?limit=20`);
    $('#tabel-jobs tbody').replaceChildren(...items.map((j) => h('tr', { 'data-job': j.id },
      h('td', { text: fmtDateTime(j.createdAt) }),
      h('td', { text: `${j.namaBerkas || (j.asal === 'API' ? 'Kiriman API' : 'berkas')}${j.sumber ? ` (${j.sumber})` : ''}` }),
      h('td', { text: j.statusLabel || j.status }),
      h('td', { text: countLine(j) }),
      h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Lihat impor ${j.namaBerkas || ''} ${fmtDateTime(j.createdAt)}`, onclick: () => {
        // A dry run's counts live in its records; the job's own answer carries them as ringkasan.
        const open = j.uji
          ? api('GET', `${BASE}/jobs/${encodeURIComponent(j.id)}`).then((a) => { state.summary = { id: j.id, ...a.ringkasan }; return openJob(a.job); })
          : openJob(j);
        open.then(() => $(j.uji ? '#h-uji' : '#h-progres').focus(), (err) => note('#pesan-unggah', problemText(err), 'error'));
      } }, 'Lihat')))));
    $('#pesan-jobs').textContent = items.length ? '' : 'Belum ada impor.';
  } catch (err) {
    $('#pesan-jobs').textContent = `Daftar impor tidak dapat dimuat: ${problemText(err)}`;
  }
}

async function onUpload(e) {
  e.preventDefault();
  const input = $('#berkas');
  const file = input.files && input.files[0];
  input.removeAttribute('aria-invalid');
  if (!file) {
    input.setAttribute('aria-invalid', 'true');
    note('#pesan-unggah', 'Pilih berkas CSV atau XLSX terlebih dahulu.', 'error');
    input.focus();
    return;
  }
  if (file.size > 10 * 1024 * 1024) {
    input.setAttribute('aria-invalid', 'true');
    note('#pesan-unggah', 'Berkas melebihi batas 10 MB: pecah menjadi beberapa berkas lalu unggah satu per satu.', 'error');
    return;
  }
  const button = $('#unggah');
  button.disabled = true;
  note('#pesan-unggah', `Mengunggah dan menguji ${file.name}…`);
  try {
    const answer = await uploadFile(file, $('#dataset').value, $('#sumber').value);
    const r = answer.ringkasan;
    state.summary = { id: answer.job.id, ...r };
    note('#pesan-unggah', `Uji selesai: ${r.baru} baru, ${r.berubah} berubah, ${r.sama} sama, ${r.ditolak} ditolak. Belum ada yang diterapkan.`);
    await openJob(answer.job, answer.kolomDiabaikan);
    void loadJobs();
    $('#h-uji').focus();
  } catch (err) {
    input.setAttribute('aria-invalid', 'true');
    note('#pesan-unggah', `Berkas ditolak: ${problemText(err)}`, 'error');
  } finally {
    button.disabled = false;
  }
}

function askApply() {
  const job = state.job;
  if (!job) return;
  const c = countsOf(job);
  const what = c
    ? `${c.baru + c.berubah} rekaman akan ditulis ke data instansi Anda: ${c.baru} baru dan ${c.berubah} berubah. ${c.sama} baris yang sama tidak diubah dan ${c.ditolak} baris yang ditolak tidak diterapkan. `
    : 'Rekaman yang baru atau berubah pada tabel di atas akan ditulis ke data instansi Anda; yang sama tidak diubah dan yang ditolak tidak diterapkan. ';
  $('#teks-konfirmasi').textContent = `${what}Setiap perubahan dicatat dengan nilai lama dan barunya, `
    + 'dan kelayakan usulan yang sedang berjalan diperiksa ulang. Perubahan tidak dibatalkan otomatis; perbaikannya dengan impor berikutnya.';
  $('#konfirmasi').hidden = false;
  $('#h-konfirmasi').focus();
}

async function apply() {
  const job = state.job;
  const yes = $('#ya-terapkan');
  yes.disabled = true;
  try {
    const answer = await api('POST', `${BASE}/jobs/${encodeURIComponent(job.id)}/terapkan`, {});
    $('#konfirmasi').hidden = true;
    $('#area-terapkan').hidden = true;
    track(answer.job);
    $('#h-progres').focus();
  } catch (err) {
    note('#pesan-terapkan', `Tidak dapat diterapkan: ${problemText(err)}`, 'error');
  } finally {
    yes.disabled = false;
  }
}

/** A job that was just started (applied or resumed): show its progress and follow it until it ends. */
function track(job) {
  state.token += 1;
  state.job = job;
  renderProgress(job);
  void poll(state.token);
}

async function resume() {
  const button = $('#lanjutkan');
  button.disabled = true;
  try {
    const answer = await api('POST', `${BASE}/jobs/${encodeURIComponent(state.job.id)}/lanjutkan`, {});
    track(answer.job);
  } catch (err) {
    note('#pesan-progres', `Tidak dapat dilanjutkan: ${problemText(err)}`, 'error');
  } finally {
    button.disabled = false;
  }
}

async function main() {
  await initSignedInPage(['OPERATOR']);
  const dataset = $('#dataset');
  const templat = $('#unduh-templat');
  const syncTemplate = () => {
    templat.setAttribute('href', `${BASE}/templat/${encodeURIComponent(dataset.value)}.csv`);
    const option = dataset.selectedOptions[0];
    templat.textContent = option ? `Unduh templat ${option.dataset.label || option.textContent}` : 'Unduh templat';
  };
  dataset.addEventListener('change', syncTemplate);
  syncTemplate();
  $('#berkas').addEventListener('change', () => { $('#berkas').removeAttribute('aria-invalid'); note('#pesan-unggah', ''); });
  $('#form-impor').addEventListener('submit', (e) => void onUpload(e));
  $('#saring-hasil').addEventListener('change', () => void loadRecords(true).catch((err) => note('#pesan-terapkan', problemText(err), 'error')));
  $('#muat-lagi').addEventListener('click', () => void loadRecords(false).catch((err) => note('#pesan-terapkan', problemText(err), 'error')));
  $('#terapkan').addEventListener('click', askApply);
  $('#batal-terapkan').addEventListener('click', () => { $('#konfirmasi').hidden = true; note('#pesan-terapkan', 'Dibatalkan; belum ada yang diterapkan.'); $('#terapkan').focus(); });
  $('#ya-terapkan').addEventListener('click', () => void apply());
  $('#lanjutkan').addEventListener('click', () => void resume());
  await loadJobs();
}

void main();
