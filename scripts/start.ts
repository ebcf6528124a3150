import { loadConfig, passwordLoginAvailable } from '../config';
import { startEngine } from '../runtime/engine';
import { NEW_OFFICIAL } from '../runtime/stand-in-idp';

/** Embedded mode: dev server, database, worker and API in one process; Ctrl-C stops everything cleanly. */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  const engine = await startEngine(config, { role: 'all', seedIfEmpty: true, enrolDemoSigners: true, standInIdp: true, standInSiasn: true });
  const lines = [
    '',
    `usulan is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  App:          ${engine.url}`,
    `  Health:       ${engine.url}/healthz`,
    `  API docs:     ${engine.url}/api/docs`,
    engine.temporalUiUrl ? `  Temporal UI:  ${engine.temporalUiUrl}` : `  Temporal:     ${engine.temporalAddress}`,
    engine.mail ? `  Mail capture: SMTP on 127.0.0.1:${engine.mail.port} (development; in-app inbox under /api/v1/notifikasi)` : '',
    engine.standInIdp
      ? `  SSO:          ${engine.standInIdp.issuer} (STAND-IN identity provider: the demo users, and ${NEW_OFFICIAL.username} without an account yet)`
      : engine.config.sso.oidc ? `  SSO:          ${engine.config.sso.oidc.issuer}` : '',
    engine.standInSiasn ? `  SIASN:        ${engine.standInSiasn.url} (STAND-IN for BKN's SIASN web services: the demo people, with planted drifts)` : '',
    passwordLoginAvailable(engine.config.sso) ? '' : '  Password login: off (PASSWORD_LOGIN=off); sign in with SSO',
    '  Demo users:   see README.md (password Demo#2026)',
    'Press Ctrl-C to stop.',
  ].filter(Boolean);
  process.stdout.write(lines.join('\n') + '\n');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping...\n`);
    engine.stop().then(() => process.exit(0), (e: unknown) => { process.stderr.write(`${String(e)}\n`); process.exit(1); });
  };
  // A worker that stops on its own stops the whole process (exit 1): an API whose workers are gone would accept
  // decisions that never move, which looks like a quiet day; a restart loses nothing, since the state is durable.
  engine.workers?.onFatal((err) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nworker stopped: ${err.message}; stopping...\n`);
    void engine.stop().finally(() => process.exit(1));
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: Error) => {
  process.stderr.write(`usulan could not start: ${err.message}\n`);
  process.exit(1);
});
