/**
 * CPU-heavy document work (PDF rendering, hashing) polls its own task queue beside the workflow queue, so it cannot
 * starve workflow tasks; the worker and the workflow both name it here.
 */
export const documentsQueueOf = (taskQueue: string): string => `${taskQueue}-documents`;
