import path from 'node:path';
import { ensureTemporalCli, temporalCliVersion } from '../runtime/temporal-cli';

/** Finds or builds the Temporal CLI (used by .ci/run and on a fresh machine before the first start). */
ensureTemporalCli({ rootDir: path.resolve(__dirname, '..'), explicit: process.env.TEMPORAL_CLI }).then(
  (bin) => process.stdout.write(`Temporal CLI: ${bin} (${temporalCliVersion(bin)})\n`),
  (err: Error) => { process.stderr.write(`${err.message}\n`); process.exit(1); },
);
