import { loadConfig } from '../config';
import { startEngine } from '../runtime/engine';

/** The API process of a scaled-out deployment: needs DATABASE_URL and TEMPORAL_ADDRESS. */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) throw new Error('npm run api needs DATABASE_URL and TEMPORAL_ADDRESS (use npm start for the embedded mode)');
  const engine = await startEngine(config, { role: 'api' });
  process.stdout.write(`usulan API listening on ${engine.url}\n`);
  const stop = () => void engine.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`usulan API could not start: ${err.message}\n`);
  process.exit(1);
});
