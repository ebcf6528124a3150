import { page } from './pages';

/** How many KP periods ahead the operator may look (the API's own bound, GET /api/v1/kp/prakiraan). */
const MAX_PERIODS = 24;

/**
 * /operator/prakiraan: who of the operator's instansi (or one unit and the units under it) becomes eligible for KP in
 * the next periods, grouped by the period they become eligible in, and what stands in the way now. The data is the
 * forecast API's; the CSV link is the same query as a file.
 */
export const forecastPage = (): string => page({
  title: 'Prakiraan kelayakan KP',
  script: 'prakiraan',
  signedIn: true,
  body: `
<p><a href="/operator">← Kembali ke usulan KP</a></p>
<section aria-labelledby="h-saring-prakiraan" class="card">
  <h2 id="h-saring-prakiraan">Unit kerja dan rentang</h2>
  <form id="form-prakiraan" class="saring" role="search" aria-label="Saring prakiraan kelayakan">
    <div class="row">
      <div class="field"><label for="unit">Unit kerja</label><select id="unit" name="unorId"><option value="">Seluruh instansi</option></select></div>
      <div class="field"><label for="jumlah-periode">Jumlah periode ke depan</label><select id="jumlah-periode" name="jumlahPeriode">${
  Array.from({ length: MAX_PERIODS }, (_, i) => `<option value="${i + 1}"${i + 1 === 12 ? ' selected' : ''}>${i + 1} periode</option>`).join('')}</select></div>
      <button type="submit" id="tampilkan-prakiraan">Tampilkan</button>
    </div>
  </form>
  <p><a id="unduh-prakiraan" class="button" href="/api/v1/kp/prakiraan?format=csv" download>Unduh CSV</a></p>
  <p id="asumsi-prakiraan" class="muted">Prakiraan menganggap penilaian kinerja yang belum ada bernilai Baik; yang tertulis sebagai kendala adalah syarat yang belum terpenuhi pada periode berikutnya.</p>
  <div id="pesan-prakiraan" class="local-msg" role="status" aria-live="polite"></div>
</section>
<section aria-labelledby="h-per-periode" class="card">
  <h2 id="h-per-periode">Menjadi layak per periode</h2>
  <div class="table-wrap"><table id="tabel-per-periode">
    <caption class="sr-only">Jumlah pegawai yang menjadi layak pada tiap periode</caption>
    <thead><tr><th scope="col">Periode</th><th scope="col">Jumlah pegawai</th><th scope="col">Tindakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
</section>
<section aria-labelledby="h-daftar-prakiraan" class="card">
  <h2 id="h-daftar-prakiraan" tabindex="-1">Pegawai <span id="judul-periode"></span></h2>
  <div class="row">
    <div class="field"><label for="saring-periode">Periode layak</label><select id="saring-periode"><option value="">Semua periode</option></select></div>
  </div>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-daftar-prakiraan"><table id="tabel-prakiraan">
    <caption class="sr-only">Pegawai, jalur kenaikan pangkat, periode layak dan kendalanya</caption>
    <thead><tr><th scope="col">NIP</th><th scope="col">Nama</th><th scope="col">Unit kerja</th><th scope="col">Jalur</th><th scope="col">Golongan</th><th scope="col">Periode layak</th><th scope="col">Kendala saat ini</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <nav class="pager" aria-label="Halaman prakiraan">
    <button type="button" id="sebelumnya-prakiraan" class="secondary" disabled>Sebelumnya</button>
    <span id="info-prakiraan" aria-live="polite"></span>
    <button type="button" id="berikutnya-prakiraan" class="secondary" disabled>Berikutnya</button>
  </nav>
</section>`,
});
