/**
 * No-op activities of the benchmark baseline (workflows/baseline.ts): the same number of activity calls as a KP
 * lifecycle, each doing nothing, so the baseline measures what Temporal itself costs for that shape.
 */
export interface BaselineActivities {
  baselineRecordEvent(input: unknown): Promise<void>;
  baselineRecordTransition(input: unknown): Promise<void>;
  baselineNotify(input: unknown): Promise<number>;
  baselinePrepareSkDraft(input: { usulanId: string }): Promise<{ nomor: string; tanggal: string; draftSha256: string }>;
  baselineApplyPromotion(input: unknown): Promise<void>;
}

export function createBaselineActivities(): BaselineActivities {
  return {
    async baselineRecordEvent() {},
    async baselineRecordTransition() {},
    async baselineNotify() {
      return 0;
    },
    async baselinePrepareSkDraft(input) {
      return { nomor: `BASELINE/${input.usulanId}`, tanggal: '2026-01-01', draftSha256: '0'.repeat(64) };
    },
    async baselineApplyPromotion() {},
  };
}
