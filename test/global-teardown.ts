import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const stops = ((globalThis as Record<string, unknown>).__usulanStops ?? []) as (() => Promise<void>)[];
  for (const stop of stops.reverse()) await stop().catch((e: unknown) => process.stderr.write(`teardown: ${String(e)}\n`));
  if (process.env.TEST_TMP_DIR) fs.rmSync(process.env.TEST_TMP_DIR, { recursive: true, force: true });
}
