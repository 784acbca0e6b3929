#!/usr/bin/env bash
# The integration tests of jobs, checkpoints and restarts again with jckpt's own MPI binding, on Open
# MPI and on MPICH (issue 22); .ci/run has no time for them beside the rest, so it runs MpichIT and
# the conformance suite on MPICH instead. JCKPT_MPI and JCKPT_BINDINGS reach every bin/jckpt the
# tests start, as a site's module would set them. Run after ci/setup.sh; prints each setting's
# summary lines and exits non-zero if any setting failed.
#   ci/test-mpi-matrix.sh [jckpt-on-openmpi|mpich|all]   (default all)
#   JCKPT_MATRIX_TESTS  integration tests to run instead, e.g. ExamplesIT,FaultsIT
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tests=${JCKPT_MATRIX_TESTS:-ExamplesIT,RestartEquivalenceIT,AsyncFlushIT,RedistributionIT,AutoRestartIT,FaultsIT,OtherHostsIT,NodeLossIT,StandaloneProjectIT}
declare -A mpi_of=([jckpt-on-openmpi]=openmpi [mpich]=mpich)
say() { echo "test-mpi-matrix: $*" >&2; }

case "${1:-all}" in
  all) settings=(jckpt-on-openmpi mpich) ;;
  jckpt-on-openmpi | mpich) settings=("$1") ;;
  *) say "unknown setting '$1' (jckpt-on-openmpi, mpich or all)"; exit 2 ;;
esac

# One setting: the tests through failsafe, every job on JCKPT_MPI with jckpt's binding.
run_setting() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/test-mpi-matrix-$1.XXXXXX")
  say "$1: JCKPT_MPI=${mpi_of[$1]} JCKPT_BINDINGS=jckpt: $tests (log: $log)"
  JCKPT_MPI=${mpi_of[$1]} JCKPT_BINDINGS=jckpt mvn -B -ntp -Dstyle.color=never verify -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="$tests" >"$log" 2>&1
  local status=$?
  grep -E '^\[(INFO|WARNING|ERROR)\] (Tests run:|Tests in error|Failures:|  [A-Za-z]+IT\.)' "$log" | sed "s/^/$1: /" || true
  return "$status"
}

failed=()
for setting in "${settings[@]}"; do
  run_setting "$setting" || failed+=("$setting")
done
[ ${#failed[@]} -eq 0 ] || { say "FAILED: ${failed[*]}"; exit 1; }
say "passed: ${settings[*]}"
