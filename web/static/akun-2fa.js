// Keamanan akun: enrol TOTP, show the recovery codes once, use a recovery code, replace the codes.
import { api, setCsrf, say, $, h, HOME_BY_ROLE, initSignedInPage, fmtDateTime } from './common.js';

const next = () => {
  const p = new URLSearchParams(location.search).get('lanjut');
  return p && p.startsWith('/') && !p.startsWith('//') ? p : null;
};
const note = (sel, text, kind = 'info') => {
  const el = $(sel);
  el.className = kind === 'error' ? 'error' : '';
  el.textContent = text;
};
const errText = (err) => (err && err.message ? err.message : String(err))
  + (err && err.body && Array.isArray(err.body.errors) && err.body.errors.length ? ` — ${err.body.errors.map((e) => e.reason).join('; ')}` : '');

let me = null;

function showCodes(codes) {
  const list = $('#daftar-kode');
  list.replaceChildren(...codes.map((c) => h('li', {}, h('code', { text: c }))));
  $('#lanjut').href = next() || HOME_BY_ROLE[me.user.role] || '/saya';
  $('#bagian-kode').hidden = false;
  $('#h-kode').setAttribute('tabindex', '-1');
  $('#h-kode').focus();
}

async function render() {
  me = await api('GET', '/api/v1/auth/me', undefined, { noRedirect: true });
  if (me.csrfToken) setCsrf(me.csrfToken);
  const who = $('#who');
  if (who) who.textContent = `${me.user.nama} (${me.user.role})`;
  const st = await api('GET', '/api/v1/auth/totp/status', undefined, { noRedirect: true });
  if (!me.mfaPending) await initSignedInPage();
  if (!st.enrolled) {
    $('#status-2fa').textContent = 'TOTP belum terdaftar untuk akun ini.';
    $('#bagian-daftar').hidden = false;
  } else if (me.mfaPending) {
    $('#status-2fa').textContent = 'TOTP terdaftar. Sesi ini menunggu faktor kedua.';
    $('#bagian-pulih').hidden = false;
    $('#kode-pulih').focus();
  } else {
    $('#status-2fa').textContent = `TOTP terdaftar sejak ${fmtDateTime(st.enrolledAt) || '-'}.`;
    $('#sisa-kode').textContent = `Sisa kode pemulihan yang belum dipakai: ${st.recoveryCodesLeft} dari 10.`;
    $('#bagian-ganti').hidden = false;
  }
}

$('#buat-qr').addEventListener('click', async () => {
  try {
    const r = await api('POST', '/api/v1/auth/totp/pendaftaran', {}, { idempotencyKey: null, noRedirect: true });
    // The server's rendering of the otpauth URI, parsed as SVG (an XML document: nothing in it runs) and adopted.
    const box = $('#qr');
    const svg = document.importNode(new DOMParser().parseFromString(r.qrSvg, 'image/svg+xml').documentElement, true);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Kode QR untuk aplikasi autentikator');
    box.replaceChildren(svg);
    box.hidden = false;
    $('#kunci').textContent = r.secret.replace(/(.{4})/g, '$1 ').trim();
    $('#rahasia').hidden = false;
    $('#form-konfirmasi').hidden = false;
    $('#buat-qr').textContent = 'Buat kode QR baru';
    $('#kode-baru').focus();
  } catch (err) { note('#pesan-daftar', errText(err), 'error'); $('#form-konfirmasi').hidden = false; }
});

$('#form-konfirmasi').addEventListener('submit', async (e) => {
  e.preventDefault();
  note('#pesan-daftar', 'Memeriksa…');
  try {
    const r = await api('POST', '/api/v1/auth/totp/pendaftaran/konfirmasi', { code: $('#kode-baru').value.trim() }, { idempotencyKey: null, noRedirect: true });
    if (r.csrfToken) setCsrf(r.csrfToken);
    note('#pesan-daftar', 'TOTP terdaftar.');
    $('#bagian-daftar').hidden = true;
    $('#status-2fa').textContent = 'TOTP terdaftar. Simpan kode pemulihan di bawah.';
    showCodes(r.recoveryCodes);
  } catch (err) { note('#pesan-daftar', errText(err), 'error'); $('#kode-baru').select(); }
});

$('#form-pulih').addEventListener('submit', async (e) => {
  e.preventDefault();
  note('#pesan-pulih', 'Memeriksa…');
  try {
    const r = await api('POST', '/api/v1/auth/totp/pemulihan', { code: $('#kode-pulih').value.trim() }, { idempotencyKey: null, noRedirect: true });
    setCsrf(r.csrfToken);
    note('#pesan-pulih', `Berhasil. Sisa kode pemulihan: ${r.recoveryCodesLeft}.`);
    location.assign(next() || HOME_BY_ROLE[r.user.role] || '/saya');
  } catch (err) { note('#pesan-pulih', errText(err), 'error'); $('#kode-pulih').select(); }
});

$('#ganti-kode').addEventListener('click', async () => {
  if (!confirm('Kode pemulihan yang lama tidak berlaku lagi. Buat 10 kode baru?')) return;
  try {
    const r = await api('POST', '/api/v1/auth/totp/kode-pemulihan', {}, { idempotencyKey: null, noRedirect: true });
    note('#pesan-ganti', 'Kode baru dibuat; yang lama tidak berlaku.');
    showCodes(r.recoveryCodes);
  } catch (err) { note('#pesan-ganti', errText(err), 'error'); }
});

render().catch((err) => {
  if (err && err.status === 401) location.assign(`/masuk?lanjut=${encodeURIComponent('/akun/2fa')}`);
  else say(errText(err), 'error');
});
