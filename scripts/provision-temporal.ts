import path from 'node:path';
import { ensureTemporalCli, temporalCliVersion } from '../runtime/temporal-cli';
import { binaryVersion, ensureTemporalServer } from '../runtime/temporal-server';

/**
 * Finds or builds the Temporal CLI (the dev server of `npm start`) and the Temporal server with its SQL tool (the
 * cluster of `npm run cluster` and of the cluster tests); used by .ci/run and on a fresh machine before the first start.
 */
async function main() {
  const rootDir = path.resolve(__dirname, '..');
  const cli = await ensureTemporalCli({ rootDir, explicit: process.env.TEMPORAL_CLI });
  process.stdout.write(`Temporal CLI: ${cli} (${temporalCliVersion(cli)})\n`);
  const { server, sqlTool } = await ensureTemporalServer({ rootDir });
  process.stdout.write(`Temporal server: ${server} (${binaryVersion(server)})\nTemporal SQL tool: ${sqlTool} (${binaryVersion(sqlTool)})\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
