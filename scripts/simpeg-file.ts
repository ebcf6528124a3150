import fs from 'node:fs';
import path from 'node:path';
import { demoSimpegCsvFiles } from '../db/seed/simpeg-file';
import { DEMO_INSTANSI, todayInJakarta } from '../db/seed';

/**
 * Writes the demo population of one instansi as the template CSV files of the operator's import page (one per data
 * set), laid out for today: `npm run seed:simpeg-file -- --instansi I-3300 --out test-output/simpeg`. Import them in
 * data-set order (unor, pegawai, then the histories) into an engine that does not hold the demo people yet.
 */
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const instansi = arg('instansi', 'I-3300');
if (!DEMO_INSTANSI.some((i) => i.id === instansi)) {
  process.stderr.write(`instansi ${instansi} is not a demo instansi (${DEMO_INSTANSI.map((i) => i.id).join(', ')})\n`);
  process.exit(2);
}
const out = arg('out', path.join('test-output', 'simpeg'));
fs.mkdirSync(out, { recursive: true });
for (const f of demoSimpegCsvFiles(instansi, arg('today', todayInJakarta()))) {
  fs.writeFileSync(path.join(out, f.filename), f.csv);
  process.stdout.write(`${path.join(out, f.filename)}\n`);
}
