import { api, setCsrf, say, sayError, $, HOME_BY_ROLE } from './common.js';

const next = () => {
  const p = new URLSearchParams(location.search).get('lanjut');
  return p && p.startsWith('/') && !p.startsWith('//') ? p : null;
};
let user = null;
const go = () => location.assign(next() || HOME_BY_ROLE[user.role] || '/saya');

$('#form-masuk').addEventListener('submit', async (e) => {
  e.preventDefault();
  say('Memeriksa…');
  try {
    const r = await api('POST', '/api/v1/auth/login', { username: $('#username').value.trim(), password: $('#password').value }, { idempotencyKey: null, noRedirect: true });
    setCsrf(r.csrfToken);
    user = r.user;
    if (r.mfaRequired) {
      $('#form-masuk').hidden = true;
      $('#form-totp').hidden = false;
      say('Kata sandi benar. Masukkan kode TOTP.');
      $('#totp').focus();
    } else go();
  } catch (err) { sayError(err); }
});

$('#form-totp').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const r = await api('POST', '/api/v1/auth/totp', { code: $('#totp').value.trim() }, { idempotencyKey: null, noRedirect: true });
    setCsrf(r.csrfToken);
    user = r.user;
    go();
  } catch (err) { sayError(err); $('#totp').select(); }
});

$('#username').focus();
