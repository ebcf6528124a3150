import type { Request } from 'express';
import { DOCUMENT_TYPES } from '../domain/documents';
import { getContext } from '../api/context';
import { passwordLoginAvailable } from '../config';
import { KP_EVENTS, VERIFIER_ACTIONS } from '../domain/kp-lifecycle';

/**
 * Server-rendered HTML shells. The pages hold no data: small scripts in web/static fetch it from the JSON API, so the
 * strict CSP (default-src 'self') holds — no inline script or style anywhere, page data travels in data-* attributes.
 */

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PageOptions {
  title: string;
  /** Script module in web/static (without .js). */
  script: string;
  body: string;
  /** data-* attributes for the script, e.g. { usulanId: '...' } → data-usulan-id. */
  data?: Record<string, string>;
  /** Show the navigation and sign-out (pages for signed-in users). */
  signedIn?: boolean;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The confirmation that stands between a bulk action and its effect (what will happen is written into #teks-konfirmasi
 * by the page's script): one markup for every page that asks, so they read and behave alike.
 */
export function confirmPanel(o: { title: string; yesId: string; yesLabel: string; noId: string }): string {
  return `<div id="konfirmasi" class="card confirm" hidden role="group" aria-labelledby="h-konfirmasi">
      <h3 id="h-konfirmasi" tabindex="-1">${escapeHtml(o.title)}</h3>
      <p id="teks-konfirmasi"></p>
      <div class="row"><button type="button" id="${o.yesId}">${escapeHtml(o.yesLabel)}</button><button type="button" id="${o.noId}" class="secondary">Batal</button></div>
    </div>`;
}

export function page(o: PageOptions): string {
  const data = Object.entries(o.data ?? {}).map(([k, v]) => ` data-${kebab(k)}="${escapeHtml(v)}"`).join('');
  const nav = o.signedIn
    ? `<nav aria-label="Navigasi utama"><ul class="nav" id="nav-menu"></ul>
        <span id="who" class="who"></span><button type="button" id="keluar" class="link-btn">Keluar</button></nav>`
    : `<nav aria-label="Navigasi utama"><ul class="nav"><li><a href="/masuk">Masuk</a></li><li><a href="/verifikasi">Verifikasi dokumen</a></li></ul></nav>`;
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} — Usulan KP</title>
<link rel="stylesheet" href="/static/app.css">
<script type="module" src="/static/${o.script}.js"></script>
</head>
<body${data}>
<a class="skip-link" href="#utama">Langsung ke isi utama</a>
<header class="top"><span class="brand">Usulan Kenaikan Pangkat</span>${nav}</header>
<main id="utama" tabindex="-1">
<h1>${escapeHtml(o.title)}</h1>
<div id="pesan" role="status" aria-live="polite"></div>
${o.body}
</main>
</body>
</html>`;
}

const documentOptions = (codes?: readonly string[]): string => Object.values(DOCUMENT_TYPES)
  .filter((d) => !codes || codes.includes(d.code))
  .map((d) => `<option value="${escapeHtml(d.code)}">${escapeHtml(d.name)}</option>`).join('');

/** "Unduh CSV" of a queue: queue.js keeps its address on the queue's current search and filters (the whole set, not a page). */
const csvLink = (queue: string, what: string): string =>
  `<p><a id="csv-${queue}" class="button secondary" href="/api/v1/kp/usulan?format=csv" download aria-label="Unduh CSV ${escapeHtml(what)} sesuai saringan">Unduh CSV</a></p>`;

/** The peremajaan queue of a verifier (instansi or BKN authority), shared by the approver and verifier pages. */
const peremajaanQueue = (who: string): string => `
  <h2 id="h-peremajaan">Perubahan data menunggu keputusan ${escapeHtml(who)}</h2>
  <div class="table-wrap"><table id="tabel-peremajaan">
    <caption class="sr-only">Perubahan data (peremajaan) yang menunggu keputusan</caption>
    <thead><tr><th scope="col"><input type="checkbox" id="semua-peremajaan" aria-label="Pilih semua perubahan"></th><th scope="col">Pegawai</th><th scope="col">Data</th><th scope="col">Nilai saat ini</th><th scope="col">Nilai baru</th><th scope="col">Dokumen</th><th scope="col">Tindakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <div class="row">
    <button type="button" id="setujui-terpilih">Setujui yang dipilih</button>
    <span id="peremajaan-terpilih" class="muted">0 dipilih</span>
  </div>
  <p id="peremajaan-pesan" role="status" aria-live="polite"></p>`;

/**
 * /masuk. Rendered per request (web/router.ts passes it the request): the SSO link appears when an identity provider
 * is configured, the password form only while the password login is available (PASSWORD_LOGIN).
 */
export const loginPage = (req?: Request): string => {
  const sso = req ? getContext(req).config.sso : undefined;
  const ssoOn = sso?.oidc !== undefined;
  const passwordOn = sso ? passwordLoginAvailable(sso) : true;
  const ssoLink = ssoOn ? `
<div class="card narrow" id="sso">
  <p><a id="masuk-sso" class="button" href="/auth/oidc/login">Masuk dengan SSO</a></p>
  <p class="muted">Masuk dengan akun SSO (NIP); akun usulan Anda harus sudah didaftarkan oleh admin.</p>
</div>` : '';
  const passwordForm = passwordOn ? `
<form id="form-masuk" class="card narrow" novalidate>
  ${ssoOn ? '<p class="muted">Atau masuk dengan nama pengguna dan kata sandi usulan:</p>' : ''}
  <div class="field"><label for="username">Nama pengguna</label><input id="username" name="username" autocomplete="username" required></div>
  <div class="field"><label for="password">Kata sandi</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
  <button type="submit">Masuk</button>
</form>` : '';
  return page({
    title: 'Masuk',
    script: 'masuk',
    data: { sso: ssoOn ? 'aktif' : 'tidak', kataSandi: passwordOn ? 'aktif' : 'tidak' },
    body: `${ssoLink}${passwordForm}
<form id="form-totp" class="card narrow" hidden novalidate>
  <p>Masukkan kode 6 digit dari aplikasi autentikator Anda.</p>
  <div class="field"><label for="totp">Kode TOTP</label><input id="totp" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required></div>
  <button type="submit">Verifikasi</button>
  <p><a href="/akun/2fa" id="pakai-pemulihan">Tidak dapat membuka aplikasi autentikator? Pakai kode pemulihan</a></p>
</form>`,
  });
};

export const operatorPage = (): string => page({
  title: 'Usulan kenaikan pangkat — Operator',
  script: 'operator',
  signedIn: true,
  body: `
<p><a href="/operator/impor" id="ke-impor">Impor data pegawai dari SIMPEG atau SIASN (CSV/XLSX)</a></p>
<section aria-labelledby="h-pilih" class="card">
  <h2 id="h-pilih">Pilih periode dan jenis KP</h2>
  <form id="form-filter" class="row">
    <div class="field"><label for="periode">Periode</label><select id="periode" name="periode"></select></div>
    <div class="field"><label for="jenis">Jenis KP</label><select id="jenis" name="jenisKp"></select></div>
    <div class="field"><label for="cari">Cari NIP atau nama</label><input id="cari" name="q" type="search"></div>
    <div class="field"><label for="ukuran">Per halaman</label><select id="ukuran" name="limit"><option>20</option><option>50</option><option>100</option></select></div>
    <div class="field check"><input type="checkbox" id="hanya-siap" name="siap" value="true"><label for="hanya-siap">Hanya yang siap diajukan</label></div>
    <button type="submit">Tampilkan pegawai</button>
  </form>
  <p class="tautan-aksi"><a id="csv-pegawai" class="button secondary" href="/web-api/pegawai?format=csv" data-csv-form="form-filter" download aria-label="Unduh CSV kelayakan pegawai sesuai saringan">Unduh CSV</a>
    <a href="/operator/prakiraan" id="ke-prakiraan">Prakiraan kelayakan periode berikutnya</a></p>
</section>
<section aria-labelledby="h-pegawai" class="card">
  <h2 id="h-pegawai">Pegawai instansi</h2>
  <form id="form-usul">
    <div class="table-wrap"><table id="tabel-pegawai">
      <caption class="sr-only">Daftar pegawai dan kelayakan kenaikan pangkat</caption>
      <thead><tr><th scope="col"><input type="checkbox" id="pilih-semua" aria-label="Pilih semua pegawai yang layak"></th><th scope="col">NIP</th><th scope="col">Nama</th><th scope="col">Golongan</th><th scope="col">Kelayakan</th><th scope="col">Berkas</th></tr></thead>
      <tbody></tbody>
    </table></div>
    <div class="row">
      <button type="button" id="sebelumnya" class="secondary">Sebelumnya</button>
      <span id="halaman" aria-live="polite"></span>
      <button type="button" id="berikutnya" class="secondary">Berikutnya</button>
    </div>
    <div class="row">
      <button type="button" id="pilih-siap" class="secondary">Pilih semua yang siap diajukan</button>
      <button type="button" id="kosongkan" class="secondary">Kosongkan pilihan</button>
    </div>
    <p><span id="jumlah-dipilih">0</span> pegawai dipilih.</p>
    <details id="tinjau"><summary>Tinjau pilihan</summary><ul id="daftar-pilihan" class="compact"></ul></details>
    <button type="submit" id="ajukan">Ajukan usulan kolektif</button>
    <p id="pesan-usul" role="status" aria-live="polite"></p>
    ${confirmPanel({ title: 'Periksa sebelum mengajukan', yesId: 'ya-ajukan', yesLabel: 'Ya, ajukan', noId: 'batal-ajukan' })}
  </form>
</section>
<section aria-labelledby="h-progres" class="card" id="progres" hidden>
  <h2 id="h-progres">Progres pengajuan</h2>
  <p><label for="bar-progres">Usulan diproses</label> <progress id="bar-progres" max="1" value="0"></progress> <span id="teks-progres"></span></p>
  <div class="table-wrap"><table id="tabel-hasil">
    <caption class="sr-only">Hasil per NIP</caption>
    <thead><tr><th scope="col">NIP</th><th scope="col">Hasil</th><th scope="col">Keterangan</th></tr></thead>
    <tbody></tbody>
  </table></div>
</section>
<section aria-labelledby="h-berkas" class="card" id="panel-berkas" hidden>
  <h2 id="h-berkas" tabindex="-1">Berkas <span id="berkas-nama"></span></h2>
  <p>Kelengkapan untuk <span id="berkas-jenis"></span>: <strong id="berkas-status"></strong></p>
  <div class="table-wrap"><table id="tabel-berkas">
    <caption class="sr-only">Daftar periksa berkas kenaikan pangkat</caption>
    <thead><tr><th scope="col">Dokumen</th><th scope="col">Diunggah</th><th scope="col">Status</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <details><summary>Dokumen yang sudah diunggah</summary><ul id="berkas-dokumen"></ul></details>
  <form id="form-berkas" novalidate>
    <h3>Unggah dokumen</h3>
    <div class="row">
      <div class="field"><label for="berkas-kode">Jenis dokumen</label><select id="berkas-kode" name="kode" required>${documentOptions()}</select></div>
      <div class="field" id="berkas-tahun-field" hidden><label for="berkas-tahun">Tahun SKP</label><input id="berkas-tahun" name="tahun" type="number" min="1950" max="2100" inputmode="numeric"></div>
      <div class="field"><label for="berkas-file">Berkas PDF</label><input id="berkas-file" name="berkas" type="file" accept="application/pdf,.pdf" required></div>
      <button type="submit" id="berkas-unggah">Unggah</button>
      <button type="button" id="berkas-tutup" class="secondary">Tutup</button>
    </div>
    <p id="berkas-pesan" role="status" aria-live="polite"></p>
  </form>
</section>
<section aria-labelledby="h-bts" class="card">
  <h2 id="h-bts">Usulan dikembalikan (BTS / dikembalikan instansi)</h2>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-bts"><table id="tabel-bts">
    <caption class="sr-only">Usulan yang perlu diperbaiki</caption>
    <thead><tr><th scope="col">NIP</th><th scope="col">Nama</th><th scope="col">Status</th><th scope="col">Alasan</th><th scope="col">Tindakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
</section>`,
});

export const approverPage = (): string => page({
  title: 'Persetujuan instansi',
  script: 'persetujuan',
  signedIn: true,
  body: `
<div class="tabs" role="tablist" aria-label="Antrean">
  <button type="button" role="tab" id="tab-persetujuan" aria-controls="panel-persetujuan" aria-selected="true">Persetujuan <span id="n-persetujuan" class="badge">0</span></button>
  <button type="button" role="tab" id="tab-tte" aria-controls="panel-tte" aria-selected="false">TTE SK <span id="n-tte" class="badge">0</span></button>
  <button type="button" role="tab" id="tab-peremajaan" aria-controls="panel-peremajaan" aria-selected="false">Peremajaan data <span id="n-peremajaan" class="badge">0</span></button>
</div>
<section id="panel-persetujuan" role="tabpanel" aria-labelledby="tab-persetujuan" class="card">
  <h2>Menunggu persetujuan</h2>
  <form id="saring-persetujuan" class="saring" role="search" aria-label="Cari dan saring usulan menunggu persetujuan"></form>
  <form id="form-setujui">
    <div class="table-wrap"><table id="tabel-persetujuan">
      <caption class="sr-only">Usulan menunggu persetujuan</caption>
      <thead><tr><th scope="col"><input type="checkbox" id="semua-persetujuan" aria-label="Pilih semua usulan di halaman ini"></th><th scope="col">NIP</th><th scope="col">Nama</th><th scope="col">Golongan</th><th scope="col">Tindakan per usulan</th></tr></thead>
      <tbody></tbody>
    </table></div>
    <nav class="pager" aria-label="Halaman usulan menunggu persetujuan">
      <button type="button" id="sebelumnya-persetujuan" class="secondary" disabled>Sebelumnya</button>
      <span id="info-persetujuan" aria-live="polite"></span>
      <button type="button" id="berikutnya-persetujuan" class="secondary" disabled>Berikutnya</button>
    </nav>
    ${csvLink('persetujuan', 'usulan menunggu persetujuan')}
    <div class="field"><label for="passphrase">Passphrase sertifikat elektronik</label><input id="passphrase" type="password" autocomplete="off" required></div>
    <button type="submit" id="setujui">Setujui &amp; tandatangani</button>
    <p id="pesan-persetujuan" class="local-msg" role="status" aria-live="polite"></p>
  </form>
</section>
<section id="panel-tte" role="tabpanel" aria-labelledby="tab-tte" class="card" hidden>
  <h2>Draf SK menunggu tanda tangan elektronik</h2>
  <form id="saring-tte" class="saring" role="search" aria-label="Cari dan saring draf SK"></form>
  <form id="form-tte">
    <div class="table-wrap"><table id="tabel-tte">
      <caption class="sr-only">Draf SK menunggu TTE</caption>
      <thead><tr><th scope="col"><input type="checkbox" id="semua-tte" aria-label="Pilih semua draf SK di halaman ini"></th><th scope="col">NIP</th><th scope="col">Nama</th><th scope="col">Pertek</th></tr></thead>
      <tbody></tbody>
    </table></div>
    <nav class="pager" aria-label="Halaman draf SK">
      <button type="button" id="sebelumnya-tte" class="secondary" disabled>Sebelumnya</button>
      <span id="info-tte" aria-live="polite"></span>
      <button type="button" id="berikutnya-tte" class="secondary" disabled>Berikutnya</button>
    </nav>
    ${csvLink('tte', 'draf SK')}
    <div class="field"><label for="passphrase-tte">Passphrase sertifikat elektronik</label><input id="passphrase-tte" type="password" autocomplete="off" required></div>
    <button type="submit" id="tandatangani-sk">Tandatangani SK</button>
    <p id="pesan-tte" class="local-msg" role="status" aria-live="polite"></p>
  </form>
</section>
<section id="panel-peremajaan" role="tabpanel" aria-labelledby="tab-peremajaan" class="card" hidden>${peremajaanQueue('instansi')}
</section>`,
});

export const verifierPage = (): string => page({
  title: 'Verifikasi BKN',
  script: 'verifikasi-bkn',
  signedIn: true,
  body: `
<div class="tabs" role="tablist" aria-label="Antrean">
  <button type="button" role="tab" id="tab-kp" aria-controls="panel-kp" aria-selected="true">Usulan KP</button>
  <button type="button" role="tab" id="tab-peremajaan" aria-controls="panel-peremajaan" aria-selected="false">Peremajaan data <span id="n-peremajaan" class="badge">0</span></button>
  <button type="button" role="tab" id="tab-keputusan" aria-controls="panel-keputusan" aria-selected="false">Keputusan saya</button>
</div>
<section id="panel-peremajaan" role="tabpanel" aria-labelledby="tab-peremajaan" class="card" hidden>${peremajaanQueue('BKN')}
</section>
<section id="panel-keputusan" role="tabpanel" aria-labelledby="tab-keputusan" class="card" hidden>
  <h2 id="h-keputusan">Keputusan verifikasi saya terakhir</h2>
  <div class="row">
    <div class="field"><label for="saring-keputusan">Keputusan</label><select id="saring-keputusan"><option value="">Semua keputusan</option>${
  VERIFIER_ACTIONS.map((a) => `<option value="${a}">${escapeHtml(KP_EVENTS[a])}</option>`).join('')}</select></div>
  </div>
  <div class="table-wrap"><table id="tabel-keputusan">
    <caption class="sr-only">Usulan yang saya putuskan, terbaru dahulu</caption>
    <thead><tr><th scope="col">Waktu</th><th scope="col">Pegawai</th><th scope="col">Keputusan</th><th scope="col">Alasan dan catatan</th><th scope="col">Status sekarang</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <div class="row"><span id="info-keputusan" class="muted" aria-live="polite"></span><button type="button" id="muat-keputusan" class="secondary" hidden>Muat lagi</button></div>
  <p id="pesan-keputusan" class="local-msg" role="status" aria-live="polite"></p>
</section>
<section aria-labelledby="h-antrean" class="card" id="panel-kp" role="tabpanel">
  <h2 id="h-antrean">Antrean verifikasi <span id="n-verifikasi" class="badge">0</span></h2>
  <form id="saring-verifikasi" class="saring" role="search" aria-label="Cari dan saring antrean verifikasi"></form>
  <div class="row klaim-berikutnya">
    <button type="button" id="klaim-berikutnya" aria-describedby="pesan-klaim-berikutnya">Klaim berikutnya</button>
    <span class="muted">Usulan terlama yang belum diklaim, menurut saringan di atas.</span>
  </div>
  <p id="pesan-klaim-berikutnya" class="local-msg" role="status" aria-live="polite"></p>
  <div class="table-wrap"><table id="tabel-verifikasi">
    <caption class="sr-only">Usulan menunggu verifikasi</caption>
    <thead><tr><th scope="col">NIP</th><th scope="col">Nama</th><th scope="col">Instansi</th><th scope="col">Klaim</th><th scope="col">Tindakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <nav class="pager" aria-label="Halaman antrean verifikasi">
    <button type="button" id="sebelumnya-verifikasi" class="secondary" disabled>Sebelumnya</button>
    <span id="info-verifikasi" aria-live="polite"></span>
    <button type="button" id="berikutnya-verifikasi" class="secondary" disabled>Berikutnya</button>
  </nav>
  ${csvLink('verifikasi', 'antrean verifikasi')}
  <p id="pesan-verifikasi" class="local-msg" role="status" aria-live="polite"></p>
</section>
<section aria-labelledby="h-putus" class="card" id="panel-putus" hidden>
  <h2 id="h-putus">Keputusan untuk <span id="putus-nama"></span></h2>
  <h3 id="h-berkas-putus">Berkas</h3>
  <div id="berkas-putus" aria-labelledby="h-berkas-putus"></div>
  <form id="form-putus">
    <fieldset><legend>Keputusan</legend>
      <div><input type="radio" name="action" id="aksi-ms" value="MS" checked><label for="aksi-ms">MS — memenuhi syarat (terbitkan Pertek)</label></div>
      <div><input type="radio" name="action" id="aksi-bts" value="BTS"><label for="aksi-bts">BTS — berkas tidak sesuai</label></div>
      <div><input type="radio" name="action" id="aksi-tms" value="TMS"><label for="aksi-tms">TMS — tidak memenuhi syarat</label></div>
    </fieldset>
    <fieldset id="alasan-set" hidden><legend>Alasan</legend><div id="alasan-list"></div></fieldset>
    <div class="field"><label for="catatan">Catatan</label><textarea id="catatan" rows="3"></textarea></div>
    <div class="field" id="pp-field"><label for="passphrase-v">Passphrase sertifikat elektronik</label><input id="passphrase-v" type="password" autocomplete="off"></div>
    <button type="submit" id="kirim-putusan">Kirim keputusan</button>
    <button type="button" id="batal-putus" class="secondary">Batal</button>
    <p id="pesan-putus" class="local-msg" role="status" aria-live="polite"></p>
  </form>
</section>`,
});

export const employeePage = (): string => page({
  title: 'Usulan saya',
  script: 'saya',
  signedIn: true,
  body: `<section aria-labelledby="h-daftar" class="card"><h2 id="h-daftar">Usulan kenaikan pangkat saya</h2><div id="daftar-saya"></div></section>
<section aria-labelledby="h-peremajaan" class="card" id="peremajaan">
  <h2 id="h-peremajaan">Usulan perbaikan data (peremajaan)</h2>
  <form id="form-peremajaan" novalidate>
    <div class="row">
      <div class="field"><label for="pd-area">Area data</label><select id="pd-area" name="area" required></select></div>
      <div class="field"><label for="pd-field">Data yang diperbaiki</label><select id="pd-field" name="field" required></select></div>
    </div>
    <p>Data saat ini: <strong id="pd-nilai-lama">—</strong> <span id="pd-kewenangan" class="muted"></span></p>
    <div class="field" id="pd-nilai-wrap"><label for="pd-nilai">Nilai baru</label><input id="pd-nilai" name="value" required></div>
    <fieldset id="pd-dokumen">
      <legend>Dokumen pendukung</legend>
      <p id="pd-dokumen-wajib"></p>
      <div id="pd-dokumen-ada"></div>
      <div class="row">
        <div class="field"><label for="pd-dok-kode">Jenis dokumen pendukung</label><select id="pd-dok-kode" name="kode"></select></div>
        <div class="field"><label for="pd-dok-file">Unggah dokumen pendukung (PDF)</label><input id="pd-dok-file" type="file" accept="application/pdf,.pdf"></div>
      </div>
    </fieldset>
    <button type="submit" id="pd-kirim">Kirim usulan perbaikan</button>
  </form>
  <h3 id="h-daftar-peremajaan">Usulan perbaikan data saya</h3>
  <div id="daftar-peremajaan" aria-labelledby="h-daftar-peremajaan"></div>
</section>`,
});

export const dashboardPage = (): string => page({
  title: 'Dasbor usulan kenaikan pangkat',
  script: 'dasbor',
  signedIn: true,
  body: `
<section class="card" aria-labelledby="h-ringkasan"><h2 id="h-ringkasan">Ringkasan</h2><dl id="ringkasan-dasbor" class="dl"></dl></section>
<section class="card chart-card" aria-labelledby="h-status"><h2 id="h-status">Usulan per status</h2><div id="grafik-status" class="chart"></div></section>
<section class="card chart-card" aria-labelledby="h-periode"><h2 id="h-periode">Usulan per periode</h2><div id="grafik-periode" class="chart"></div></section>
<section class="card chart-card" aria-labelledby="h-instansi"><h2 id="h-instansi">Usulan per instansi dan pelanggaran SLA</h2><div id="grafik-instansi" class="chart"></div></section>
<section class="card chart-card" aria-labelledby="h-selesai"><h2 id="h-selesai">Usulan selesai per hari (30 hari terakhir)</h2><div id="grafik-selesai" class="chart"></div></section>`,
});

export const detailPage = (id: string): string => page({
  title: 'Rincian usulan',
  script: 'usulan',
  signedIn: true,
  data: { usulanId: id },
  body: `<section class="card" aria-labelledby="h-ringkas"><h2 id="h-ringkas">Ringkasan</h2><dl id="ringkasan" class="dl"></dl></section>
<section class="card" aria-labelledby="h-berkas" id="berkas"><h2 id="h-berkas">Berkas dan dokumen</h2><div id="berkas-usulan"><p class="muted">Memuat berkas…</p></div></section>
<section class="card" aria-labelledby="h-lini"><h2 id="h-lini">Riwayat proses</h2><ol id="lini-masa" class="timeline"></ol></section>`,
});

export const verifyPage = (id?: string): string => page({
  title: 'Verifikasi keaslian dokumen',
  script: 'verifikasi',
  data: id ? { dokumenId: id } : {},
  body: `
<section class="card" aria-labelledby="h-unggah">
  <h2 id="h-unggah">Unggah berkas PDF</h2>
  <form id="form-unggah">
    <div class="field"><label for="berkas">Berkas PDF yang ditandatangani</label><input id="berkas" type="file" accept="application/pdf,.pdf" required></div>
    <button type="submit">Periksa tanda tangan</button>
  </form>
  <form id="form-id" class="row">
    <div class="field"><label for="dokumen-id">Atau masukkan ID dokumen (dari kode QR)</label><input id="dokumen-id" value="${escapeHtml(id ?? '')}"></div>
    <button type="submit">Cari</button>
  </form>
  <p class="muted">Periksa sendiri dengan alat Anda: sertifikat akar PKI stand-in (bukan BSrE) <a href="/pki/root.pem">PEM</a> · <a href="/pki/root.der">DER</a>,
    CA penerbit <a href="/pki/issuing-ca.pem">PEM</a>, TSA <a href="/pki/tsa.pem">PEM</a> · <a href="/pki/tsa.der">DER</a>; sidik jari di <a href="/pki">/pki</a>.</p>
</section>
<section class="card" aria-labelledby="h-hasil" id="hasil" hidden>
  <h2 id="h-hasil">Hasil verifikasi</h2>
  <p id="ringkas-hasil" class="verdict"></p>
  <dl id="info-dokumen" class="dl"></dl>
  <div class="table-wrap"><table id="tabel-ttd" class="stack">
    <caption>Tanda tangan elektronik</caption>
    <thead><tr><th scope="col">Penanda tangan</th><th scope="col">Jabatan</th><th scope="col">Waktu</th><th scope="col">Sah</th><th scope="col">Seluruh dokumen</th><th scope="col">Rantai sertifikat</th><th scope="col">Cap waktu</th></tr></thead>
    <tbody></tbody>
  </table></div>
</section>`,
});

export const collectivePeremajaanPage = (): string => page({
  title: 'Peremajaan data kolektif',
  script: 'peremajaan-kolektif',
  signedIn: true,
  body: `
<form id="form-kolektif" novalidate>
<section aria-labelledby="h-perubahan" class="card">
  <h2 id="h-perubahan">1. Perubahan yang sama untuk semua pegawai</h2>
  <div class="row">
    <div class="field"><label for="kol-area">Area data</label><select id="kol-area" required></select></div>
    <div class="field"><label for="kol-field">Data yang diubah</label><select id="kol-field" required></select></div>
    <div class="field" id="kol-nilai-wrap"><label for="kol-nilai">Nilai baru</label><input id="kol-nilai" required></div>
  </div>
  <p id="kol-dokumen-wajib" class="muted"></p>
</section>
<section aria-labelledby="h-pegawai" class="card">
  <h2 id="h-pegawai">2. Pegawai</h2>
  <div class="row">
    <div class="field"><label for="kol-unor">Ambil dari unit kerja (termasuk unit di bawahnya)</label><select id="kol-unor"></select></div>
    <button type="button" id="kol-tambah-unor" class="secondary">Tambahkan pegawai unit ini</button>
  </div>
  <div class="field"><label for="kol-daftar-nip">Atau tempel daftar NIP (satu per baris, atau dipisah koma/spasi)</label><textarea id="kol-daftar-nip" rows="3"></textarea></div>
  <div class="row">
    <button type="button" id="kol-tambah-nip" class="secondary">Tambahkan NIP</button>
    <div class="field"><label for="kol-file-nip">Atau unggah daftar NIP (berkas .txt atau .csv; setiap NIP 18 angka diambil)</label><input id="kol-file-nip" type="file" accept=".txt,.csv,text/plain,text/csv"></div>
  </div>
  <div class="row">
    <div class="field" id="kol-jenis-perorangan-field"><label for="kol-jenis-perorangan">Jenis dokumen perorangan</label><select id="kol-jenis-perorangan"></select></div>
  </div>
  <div class="table-wrap"><table id="tabel-kolektif">
    <caption class="sr-only">Pegawai yang akan diusulkan</caption>
    <thead><tr><th scope="col">NIP</th><th scope="col">Nama</th><th scope="col">Dokumen perorangan (PDF)</th><th scope="col">Tindakan</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <p><span id="kol-jumlah">0</span> pegawai dipilih. <button type="button" id="kol-kosongkan" class="secondary">Kosongkan daftar</button></p>
</section>
<section aria-labelledby="h-bersama" class="card" id="kol-bersama">
  <h2 id="h-bersama">3. Dokumen bersama (opsional)</h2>
  <p class="muted">Untuk dokumen yang memuat banyak pegawai sekaligus, mis. SK mutasi satu bagian: diunggah sekali, berlaku untuk semua pegawai di atas.</p>
  <div class="row">
    <div class="field"><label for="kol-jenis-bersama">Jenis dokumen bersama</label><select id="kol-jenis-bersama"></select></div>
    <div class="field"><label for="kol-file-bersama">Dokumen bersama (PDF)</label><input id="kol-file-bersama" type="file" accept="application/pdf,.pdf"></div>
  </div>
</section>
<section aria-labelledby="h-kirim" class="card">
  <h2 id="h-kirim">4. Kirim</h2>
  <p id="kol-ringkasan"></p>
  <button type="submit" id="kol-kirim">Ajukan peremajaan kolektif</button>
  <p id="kol-pesan" role="status" aria-live="polite"></p>
</section>
</form>
<section aria-labelledby="h-hasil-kol" class="card" id="kol-hasil" hidden>
  <h2 id="h-hasil-kol" tabindex="-1">Hasil per NIP</h2>
  <p id="kol-hasil-ringkas"></p>
  <div class="table-wrap"><table id="tabel-hasil-kolektif">
    <caption class="sr-only">Hasil pengajuan per NIP</caption>
    <thead><tr><th scope="col">NIP</th><th scope="col">Hasil</th><th scope="col">Keterangan</th></tr></thead>
    <tbody></tbody>
  </table></div>
</section>`,
});
