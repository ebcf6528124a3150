import { page } from './pages';

/**
 * /operator/usulan: the instansi's submitted KP usulan as the operator works them all day. What was sent back stands at
 * the top with the reasons, to be fixed (berkas uploaded, a note written) and resubmitted; below, every usulan with
 * search, filters, sort and paging in the address, and withdrawal with its reason beside the row.
 */
export const operatorUsulanPage = (): string => page({
  title: 'Usulan instansi',
  script: 'operator-usulan',
  signedIn: true,
  body: `
<p><a href="/operator">Ajukan usulan baru</a></p>
<section aria-labelledby="h-tindakan" class="card" id="perlu-tindakan">
  <h2 id="h-tindakan">Perlu tindakan <span id="n-tindakan" class="badge">0</span></h2>
  <p class="muted">Usulan yang dikembalikan BKN (BTS) atau pejabat instansi: perbaiki berkas, tulis catatan perbaikan, lalu ajukan ulang.</p>
  <div id="daftar-tindakan"><p class="muted">Memuat…</p></div>
  <p id="pesan-tindakan" class="local-msg" role="status" aria-live="polite"></p>
</section>
<section aria-labelledby="h-usulan" class="card" id="panel-usulan">
  <h2 id="h-usulan">Semua usulan instansi <span id="n-usulan" class="badge">0</span></h2>
  <form id="saring-usulan" class="saring" role="search" aria-label="Cari dan saring usulan instansi"></form>
  <div class="table-wrap"><table id="tabel-usulan" class="stack">
    <caption class="sr-only">Usulan kenaikan pangkat instansi</caption>
    <thead><tr><th scope="col">Pegawai</th><th scope="col">Jenis dan periode</th><th scope="col">Status</th><th scope="col">Diajukan</th><th scope="col">Tindakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <nav class="pager" aria-label="Halaman usulan instansi">
    <button type="button" id="sebelumnya-usulan" class="secondary" disabled>Sebelumnya</button>
    <span id="info-usulan" aria-live="polite"></span>
    <button type="button" id="berikutnya-usulan" class="secondary" disabled>Berikutnya</button>
  </nav>
  <p id="pesan-usulan" class="local-msg" role="status" aria-live="polite"></p>
</section>`,
});

/** /notifikasi: the signed-in person's inbox (what was mailed is kept here too), newest first. */
export const notificationPage = (): string => page({
  title: 'Notifikasi',
  script: 'notifikasi',
  signedIn: true,
  body: `
<section aria-labelledby="h-kotak" class="card">
  <h2 id="h-kotak">Kotak masuk <span id="n-belum" class="badge">0</span> <span class="muted">belum dibaca</span></h2>
  <div class="row">
    <div class="field check"><input type="checkbox" id="hanya-belum"><label for="hanya-belum">Hanya yang belum dibaca</label></div>
    <button type="button" id="tandai-semua" class="secondary">Tandai semua sudah dibaca</button>
  </div>
  <p id="pesan-notifikasi" class="local-msg" role="status" aria-live="polite"></p>
  <ul id="daftar-notifikasi" class="notifikasi"></ul>
</section>`,
});
