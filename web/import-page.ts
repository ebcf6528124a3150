import { DATASET_LABELS, MASTER_DATASETS } from '../domain/master-records';
import { confirmPanel, escapeHtml, page } from './pages';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * /operator/impor: the operator imports a SIMPEG template or a SIASN "Export Data ASN" file. Nothing is written before
 * the operator has seen the dry run row by row and confirmed it; the data sets and their labels come from the domain,
 * so the page cannot offer one the API does not know.
 */
export const importPage = (): string => page({
  title: 'Impor data SIMPEG',
  script: 'impor',
  signedIn: true,
  body: `
<p><a href="/operator">← Kembali ke usulan KP</a></p>
<section aria-labelledby="h-unggah" class="card">
  <h2 id="h-unggah">1. Unggah berkas</h2>
  <form id="form-impor" novalidate>
    <div class="row">
      <div class="field"><label for="dataset">Set data</label><select id="dataset" name="dataset">${MASTER_DATASETS.map((d) => `<option value="${d}" data-label="${escapeHtml(DATASET_LABELS[d])}">${escapeHtml(cap(DATASET_LABELS[d]))}</option>`).join('')}</select></div>
      <div class="field"><label for="sumber">Sumber data</label><select id="sumber" name="sumber"><option value="SIMPEG">SIMPEG instansi</option><option value="SIASN">SIASN (BKN)</option></select></div>
      <div class="field"><label for="berkas">Berkas CSV atau XLSX</label><input id="berkas" name="berkas" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="bantuan-berkas pesan-unggah"></div>
    </div>
    <p id="bantuan-berkas" class="muted">Isi templat set data ini (baris pertama: nama kolom), atau untuk data utama pegawai unggah "Export Data ASN" dari SIASN apa adanya. CSV harus tersimpan sebagai UTF-8; paling besar 10 MB dan 100.000 baris. <a id="unduh-templat" href="/api/v1/integrasi/templat/${MASTER_DATASETS[0]}.csv" download>Unduh templat</a></p>
    <button type="submit" id="unggah">Unggah dan uji</button>
    <div id="pesan-unggah" class="local-msg" role="status" aria-live="polite"></div>
  </form>
</section>
<section aria-labelledby="h-uji" class="card" id="uji" hidden>
  <h2 id="h-uji" tabindex="-1">2. Hasil uji: <span id="uji-berkas"></span></h2>
  <p id="uji-status" class="muted"></p>
  <dl class="dl" id="ringkasan">
    <dt>Baru</dt><dd id="jumlah-baru">0</dd>
    <dt>Berubah</dt><dd id="jumlah-berubah">0</dd>
    <dt>Sama (tidak diubah)</dt><dd id="jumlah-sama">0</dd>
    <dt>Ditolak</dt><dd id="jumlah-ditolak">0</dd>
  </dl>
  <p id="kolom-diabaikan" class="muted" hidden></p>
  <div class="row">
    <div class="field"><label for="saring-hasil">Tampilkan</label><select id="saring-hasil"><option value="">Semua baris</option><option value="BARU">Baru</option><option value="BERUBAH">Berubah</option><option value="SAMA">Sama</option><option value="DITOLAK">Ditolak</option></select></div>
  </div>
  <div class="table-wrap"><table id="tabel-rekaman">
    <caption class="sr-only">Rencana impor per baris berkas</caption>
    <thead><tr><th scope="col">Baris</th><th scope="col">NIP / kunci</th><th scope="col">Hasil</th><th scope="col">Perubahan atau alasan penolakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <div class="row">
    <span id="jumlah-tampil" class="muted" aria-live="polite"></span>
    <button type="button" id="muat-lagi" class="secondary" hidden>Muat lagi</button>
  </div>
  <div id="area-terapkan">
    <button type="button" id="terapkan">Terapkan perubahan</button>
    <div id="pesan-terapkan" class="local-msg" role="status" aria-live="polite"></div>
    ${confirmPanel({ title: 'Periksa sebelum menerapkan', yesId: 'ya-terapkan', yesLabel: 'Ya, terapkan', noId: 'batal-terapkan' })}
  </div>
</section>
<section aria-labelledby="h-progres" class="card" id="progres" hidden>
  <h2 id="h-progres" tabindex="-1">3. Penerapan</h2>
  <p><label for="bar-progres">Rekaman diproses</label> <progress id="bar-progres" max="1" value="0"></progress> <span id="teks-progres" aria-live="polite"></span></p>
  <p id="hasil-akhir" aria-live="polite"></p>
  <p id="pesan-gagal" class="bad" hidden></p>
  <div class="row">
    <a id="unduh-hasil" class="button" hidden>Unduh hasil (CSV)</a>
    <button type="button" id="lanjutkan" hidden>Lanjutkan</button>
  </div>
  <div id="pesan-progres" class="local-msg" role="status" aria-live="polite"></div>
</section>
<section aria-labelledby="h-riwayat" class="card">
  <h2 id="h-riwayat">Impor terakhir instansi</h2>
  <div class="table-wrap"><table id="tabel-jobs">
    <caption class="sr-only">Dua puluh impor terakhir instansi ini</caption>
    <thead><tr><th scope="col">Waktu</th><th scope="col">Berkas</th><th scope="col">Status</th><th scope="col">Ringkasan</th><th scope="col">Tindakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <p id="pesan-jobs" class="muted" aria-live="polite"></p>
</section>`,
});
