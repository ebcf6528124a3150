import { api, setCsrf, say, sayError, $, HOME_BY_ROLE } from './common.js';

const params = new URLSearchParams(location.search);
const next = () => {
  const p = params.get('lanjut');
  return p && p.startsWith('/') && !p.startsWith('//') ? p : null;
};
let user = null;
const go = () => location.assign(next() || HOME_BY_ROLE[user.role] || '/saya');

const showTotp = (message) => {
  const password = $('#form-masuk');
  if (password) password.hidden = true;
  const sso = $('#sso');
  if (sso) sso.hidden = true;
  $('#form-totp').hidden = false;
  say(message);
  $('#totp').focus();
};

// The SSO link carries the page to open afterwards, as the password form does.
const ssoLink = $('#masuk-sso');
if (ssoLink && next()) ssoLink.setAttribute('href', `/auth/oidc/login?lanjut=${encodeURIComponent(next())}`);

const passwordForm = $('#form-masuk');
if (passwordForm) passwordForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  say('Memeriksa…');
  try {
    const r = await api('POST', '/api/v1/auth/login', { username: $('#username').value.trim(), password: $('#password').value }, { idempotencyKey: null, noRedirect: true });
    setCsrf(r.csrfToken);
    user = r.user;
    // An official without TOTP yet: the session may only enrol it.
    if (r.totpEnrolmentRequired) location.assign(`/akun/2fa${next() ? `?lanjut=${encodeURIComponent(next())}` : ''}`);
    else if (r.mfaRequired) showTotp('Kata sandi benar. Masukkan kode TOTP.');
    else go();
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

/** Back from the identity provider (/auth/oidc/callback sent us here with sso=1): the session exists already. */
async function finishSso() {
  try {
    const me = await api('GET', '/api/v1/auth/me', undefined, { noRedirect: true });
    setCsrf(me.csrfToken);
    user = me.user;
    if (me.mfaPending) showTotp('Masuk dengan SSO berhasil. Masukkan kode TOTP.');
    else go();
  } catch (err) { sayError(err); }
}

if (params.get('sso') === '1') void finishSso();
else if (passwordForm) $('#username').focus();
else if (ssoLink) ssoLink.focus();
