import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { FsBlobStore } from '../dms/blob-store';
import { openScriptDatabase, runScript } from '../runtime/script-db';
import { formatReport, readTrustAnchors, runConsistencyAudit, type ConsistencyReport } from '../auditor/consistency';
import { CHECK_NAMES, isCheckName, type CheckName } from '../auditor/types';

/**
 * npm run audit:consistency [-- --cek numbers,decrees] [-- --sampel 1000] [-- --json]
 *
 * Checks the global invariants (auditor/) and prints each violation on its own line; exits 1 when there is any, 2 when
 * the audit could not run. Reads the configuration from the environment like `npm start`: DATABASE_URL (else the
 * embedded database in DATA_DIR), TEMPORAL_ADDRESS (else the dev server on TEMPORAL_PORT), the key store and the blob
 * store in DATA_DIR (KEYS_DIR and BLOB_DIR override them).
 */
const TEMPORAL_CHECKS: readonly CheckName[] = ['workflow-status', 'liveness'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const asked = (arg('cek') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((c) => !isCheckName(c));
  if (unknown.length) {
    process.stderr.write(`unknown check(s): ${unknown.join(', ')}; known: ${CHECK_NAMES.join(', ')}\n`);
    return 2;
  }
  let checks: CheckName[] = asked.length ? asked.filter(isCheckName) : [...CHECK_NAMES];
  const sample = arg('sampel');

  const { db, close } = await openScriptDatabase(config, 4);
  const address = config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`;
  let connection: Connection | undefined;
  let unreachable: string | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5s' });
  } catch (err) {
    unreachable = `Temporal di ${address} tidak terjangkau: ${(err as Error).message}`;
    checks = checks.filter((c) => !TEMPORAL_CHECKS.includes(c));
  }
  try {
    const keysDir = process.env.KEYS_DIR ?? path.join(config.dataDir, 'keys');
    const anchors = await readTrustAnchors(keysDir);
    const temporal = new Client({ connection: connection ?? Connection.lazy({ address }), namespace: config.temporalNamespace });
    let report: ConsistencyReport = checks.length
      ? await runConsistencyAudit({
        db, temporal, namespace: config.temporalNamespace, keysDir, trustedRootsPem: [anchors.rootCertPem],
        blobs: new FsBlobStore(process.env.BLOB_DIR ?? path.join(config.dataDir, 'blobs')),
        checks, settleMs: 2000, ...(sample ? { closedWorkflowSample: sample === 'semua' ? Infinity : Number(sample) } : {}),
      })
      : { ok: true, violations: [], checked: {}, checks: [], startedAt: new Date().toISOString(), durationMs: 0 };
    if (unreachable) {
      const skipped = (asked.length ? asked.filter(isCheckName) : [...CHECK_NAMES]).filter((c) => TEMPORAL_CHECKS.includes(c));
      report = { ...report, ok: false, checks: [...report.checks, ...skipped], violations: [...report.violations, ...skipped.map((check) => ({ check, object: 'temporal', message: unreachable! }))] };
    }
    process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await connection?.close().catch(() => undefined);
    await close();
  }
}

runScript(main, 'consistency audit');
