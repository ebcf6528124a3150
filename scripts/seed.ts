import { loadConfig } from '../config';
import { createDb, migrateToLatest } from '../db';
import { countDemoRows, DEMO_CASES, DEMO_INSTANSI, DEMO_TTE_PASSPHRASE, DEMO_USERS, seedDemo } from '../db/seed';

/**
 * `npm run seed [-- --today=YYYY-MM-DD]`: migrates and seeds the database at DATABASE_URL, then prints what is there
 * and how to sign in. Safe to run again: nothing is inserted twice.
 */
async function main(): Promise<number> {
  const cfg = loadConfig();
  if (!cfg.databaseUrl) {
    process.stderr.write(
      'DATABASE_URL is not set. `npm start` runs an embedded PostgreSQL and seeds it with the demo data on first run;\n' +
      'set DATABASE_URL to seed an external database instead.\n',
    );
    return 1;
  }
  const todayArg = process.argv.slice(2).find((a) => a.startsWith('--today='));
  const today = todayArg?.slice('--today='.length) || process.env.SEED_TODAY || undefined;

  const db = createDb(cfg.databaseUrl, { max: 4 });
  try {
    await migrateToLatest(db);
    const result = await seedDemo(db, { today });
    const counts = await countDemoRows(db);
    const out: string[] = [];
    out.push(`Demo data for ${result.reference.today} (next KP period ${result.reference.nextPeriod}; open for submission: ${result.reference.openPeriods.join(', ') || '-'}) in ${result.ms} ms`);
    out.push('');
    out.push(table(['table', 'rows', 'inserted now'], Object.entries(counts).map(([t, n]) => [t, String(n), String(result.inserted[t] ?? 0)])));
    out.push('');
    out.push('Demo users (TOTP: any authenticator app, SHA-1, 6 digits, 30 s):');
    const instansiName = (id: string | null): string => DEMO_INSTANSI.find((i) => i.id === id)?.nama.replace(/^Pemerintah /, '') ?? '';
    out.push(table(['username', 'role', 'instansi / kanreg', 'password', 'TOTP secret', 'nama'],
      DEMO_USERS.map((u) => [u.username, u.role, u.instansiId ? instansiName(u.instansiId) : (u.kanregId ?? ''), u.password, u.totpSecret ?? '-', u.nama])));
    out.push(`Signing passphrase (TTE) of every signer: ${DEMO_TTE_PASSPHRASE}`);
    out.push('');
    out.push('Demo cases (db/seed/README.md explains each):');
    out.push(table(['case', 'NIP', 'KP', 'expected'],
      DEMO_CASES.map((c) => [c.key, c.nip, c.kpType, c.expectedEligible
        ? `eligible${c.missingDocuments.length ? `, berkas kurang: ${c.missingDocuments.join(', ')}` : ''}${c.signer ? `, SK: ${c.signer}` : ''}`
        : `not eligible: ${c.failedRules.join(', ')}`])));
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
