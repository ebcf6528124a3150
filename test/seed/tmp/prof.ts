import { performance } from 'node:perf_hooks';
const t0 = performance.now();
import('../../../db/seed').then(async (m) => {
  const t1 = performance.now();
  const { createDb } = await import('../../../db');
  const db = createDb(process.env.DATABASE_URL!); await (await import('../../../db')).migrateToLatest(db);
  const r = await m.seedDemo(db, { today: '2026-05-20' });
  const t2 = performance.now();
  const r2 = await m.seedDemo(db, { today: '2026-05-20' });
  console.log('import', Math.round(t1 - t0), 'seed', r.ms, Math.round(t2 - t1), 'second', r2.ms);
  await db.destroy();
});
