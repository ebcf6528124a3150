import { page } from './pages';

/**
 * The official's second factor: enrol TOTP (QR code, then one code), keep the ten recovery codes shown once, use one
 * when the phone is gone, or replace them. The script (web/static/akun-2fa.js) shows the part that applies.
 */
export const totpPage = (): string => page({
  title: 'Keamanan akun: TOTP',
  script: 'akun-2fa',
  signedIn: true,
  body: `
<p id="status-2fa" class="muted">Memuat status…</p>
<section id="bagian-daftar" class="card narrow" hidden aria-labelledby="h-daftar">
  <h2 id="h-daftar">Daftarkan aplikasi autentikator</h2>
  <p>Peran Anda wajib memakai kode TOTP. Pasang aplikasi autentikator (mis. Google Authenticator, Microsoft Authenticator,
  FreeOTP), lalu pindai kode QR berikut.</p>
  <button type="button" id="buat-qr">Tampilkan kode QR</button>
  <div id="qr" class="qr" hidden></div>
  <p id="rahasia" hidden>Tidak bisa memindai? Masukkan kunci ini secara manual: <code id="kunci"></code></p>
  <form id="form-konfirmasi" hidden novalidate>
    <div class="field"><label for="kode-baru">Kode 6 digit dari aplikasi</label>
      <input id="kode-baru" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="pesan-daftar"></div>
    <button type="submit">Konfirmasi</button>
    <p id="pesan-daftar" role="status" aria-live="polite"></p>
  </form>
</section>
<section id="bagian-kode" class="card narrow" hidden aria-labelledby="h-kode">
  <h2 id="h-kode">Kode pemulihan Anda</h2>
  <p>Simpan sepuluh kode ini di tempat aman (dicetak, atau di pengelola kata sandi). Setiap kode dapat dipakai <strong>sekali</strong>
  sebagai pengganti kode TOTP bila ponsel hilang. Kode ini hanya ditampilkan sekarang.</p>
  <ol id="daftar-kode" class="codes"></ol>
  <a id="lanjut" class="button" href="/masuk">Saya sudah menyimpannya, lanjutkan</a>
</section>
<section id="bagian-pulih" class="card narrow" hidden aria-labelledby="h-pulih">
  <h2 id="h-pulih">Masuk dengan kode pemulihan</h2>
  <p>Tidak dapat membuka aplikasi autentikator? Pakai salah satu kode pemulihan yang Anda simpan saat mendaftar. Setelah
  itu minta admin mengatur ulang TOTP bila ponsel benar-benar hilang.</p>
  <form id="form-pulih" novalidate>
    <div class="field"><label for="kode-pulih">Kode pemulihan</label>
      <input id="kode-pulih" name="code" autocomplete="off" spellcheck="false" placeholder="xxxxx-xxxxx" required aria-describedby="pesan-pulih"></div>
    <button type="submit">Masuk</button>
    <p id="pesan-pulih" role="status" aria-live="polite"></p>
  </form>
</section>
<section id="bagian-ganti" class="card narrow" hidden aria-labelledby="h-ganti">
  <h2 id="h-ganti">Kode pemulihan</h2>
  <p id="sisa-kode"></p>
  <button type="button" id="ganti-kode">Buat 10 kode pemulihan baru</button>
  <p id="pesan-ganti" role="status" aria-live="polite"></p>
</section>`,
});
