import { loadConfig } from '../config';
import { verifyAuditChain } from '../db/repos/audit-log';
import { openScriptDatabase, runScript } from '../runtime/script-db';

/**
 * Walks the audit hash chain and exits 1 naming the first broken entry. Uses DATABASE_URL; without it, the embedded
 * database of `npm start` (connecting to it when it is running, else starting it for the check).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const { db, close } = await openScriptDatabase(config);
  try {
    const result = await verifyAuditChain(db);
    if (result.ok) {
      process.stdout.write(`audit chain intact: ${result.entries} entries, head ${result.headId}\n`);
      return 0;
    }
    process.stderr.write(`audit chain BROKEN at entry ${result.brokenId}: ${result.reason} (${result.entries} entries verified before it)\n`);
    return 1;
  } finally {
    await close();
  }
}

runScript(main, 'audit verification');
