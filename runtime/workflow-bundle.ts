import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');
export const DEFAULT_BUNDLE_PATH = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

/** Builds the workflow bundle once so that workers start without webpack (about 1.4 s saved per worker). */
export async function buildWorkflowBundle(outFile = DEFAULT_BUNDLE_PATH): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile + '.tmp', code);
  fs.renameSync(outFile + '.tmp', outFile);
  return outFile;
}

/** A prebuilt bundle is used only when it is newer than every workflow and domain source file. */
export function prebuiltBundleIsFresh(bundlePath = DEFAULT_BUNDLE_PATH): boolean {
  if (!fs.existsSync(bundlePath)) return false;
  const built = fs.statSync(bundlePath).mtimeMs;
  const root = path.resolve(__dirname, '..');
  const newest = (dir: string): number => {
    let max = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      max = Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }
    return max;
  };
  return built >= Math.max(newest(path.join(root, 'workflows')), newest(path.join(root, 'domain')));
}

const quietLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: (m: string) => process.stderr.write(`[bundle] ${m}\n`), error: (m: string) => process.stderr.write(`[bundle] ${m}\n`),
};
