import { buildWorkflowBundle } from '../runtime/workflow-bundle';

buildWorkflowBundle().then(
  (p) => process.stdout.write(`workflow bundle written to ${p}\n`),
  (err: Error) => { process.stderr.write(`bundling failed: ${err.message}\n`); process.exit(1); },
);
