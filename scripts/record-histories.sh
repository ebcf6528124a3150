#!/usr/bin/env bash
# Refreshes the recorded workflow histories the replay test keeps deterministic. Run on purpose only, after a change to
# a workflow that is meant to change its histories (behind patched() when workflows of the old shape may be running),
# and commit the result with that change.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf test/replay/histories
RECORD_HISTORIES=1 npx jest test/kp/lifecycle.test.ts test/kp/paths.test.ts test/kp/decree-integrity.test.ts test/peremajaan/workflow.test.ts test/peremajaan/api.test.ts
ls test/replay/histories | wc -l | xargs echo "recorded histories:"
