export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

export function fmtMs(v: number): string {
  if (!Number.isFinite(v)) return '-';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

export function summary(values: number[]): string {
  return `p50 ${fmtMs(percentile(values, 50))}  p95 ${fmtMs(percentile(values, 95))}  p99 ${fmtMs(percentile(values, 99))}  (n=${values.length})`;
}

/** Bounded concurrency for the benches: the engine's own helper. */
export { forEachConcurrently as pool } from '../../api/concurrently';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] !== undefined) {
    const v = Number(process.argv[i + 1]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
    return v;
  }
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? Number(eq.slice(name.length + 3)) : fallback;
}

export const hasFlag = (name: string) => process.argv.includes(`--${name}`);
