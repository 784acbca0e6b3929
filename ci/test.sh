#!/usr/bin/env bash
# The whole test suite: unit tests (surefire) and integration tests on real mpirun (failsafe).
# Installs and builds first (idempotent), so it runs on a fresh clone.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
ci/setup.sh
exec mvn -B -ntp -Dstyle.color=never verify
