#!/usr/bin/env bash
# Installs what is missing, builds, and runs the demo: Heat on 4 tasks, checkpointed, killed
# mid-run, restarted from its newest set, finishing with the checksum of an uninterrupted run.
#   --no-setup   skip ci/setup.sh (the tree is built already); runs the demo only
# The kill waits for a committed set rather than a fixed time, so a busy machine only makes the
# demo slower, not fail.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ "${1:-}" = --no-setup ] || ci/setup.sh

say() { echo "demo: $*"; }
demo=$(mktemp -d)
heat=(org.jckpt.examples.Heat --n 512 --iters 20000)
echo "== uninterrupted run, 1 task"
mkdir "$demo/reference"
bin/jckpt run -np 1 --ckpt-dir "$demo/reference" -- "${heat[@]}" | tail -n 1 | tee "$demo/reference.txt"

# Every pid below $1, deepest last (launcher -> mpirun -> tasks).
tree() {
  local child
  echo "$1"
  for child in $(ps -o pid= --ppid "$1"); do tree "$child"; done
}

# The first committed set of 10: the job still has 90% of its iterations to go when it appears.
echo "== 4 tasks, a complete checkpoint every 2000 of 20000 iterations, killed after the first set commits"
mkdir "$demo/ckpt"
bin/jckpt run -np 4 --ckpt-dir "$demo/ckpt" --ckpt-every 2000 -- "${heat[@]}" > "$demo/killed.txt" &
launcher=$!
# A set is committed once its set file <name>.<tag> exists: jckpt writes it last, atomically.
committed() {
  local f
  for f in "$demo"/ckpt/heat.*; do [[ $f =~ /heat\.[0-9]+$ ]] && return 0; done
  return 1
}
limit=300 # seconds; a busy machine has taken minutes for the whole demo
SECONDS=0
while true; do
  committed && break
  if ! kill -0 "$launcher" 2>/dev/null; then
    say "the job ended before any checkpoint set committed" >&2; exit 1
  fi
  if ((SECONDS >= limit)); then
    say "no checkpoint set committed within ${limit} s; stopping the job" >&2
    kill -KILL $(tree "$launcher") 2>/dev/null || true
    exit 1
  fi
  sleep 0.1
done
# SIGKILL to the launcher, mpirun and every task at once, as a node failure would.
pids=$(tree "$launcher")
kill -KILL $pids 2>/dev/null || true
status=0
wait "$launcher" 2>/dev/null || status=$?
# 137 (128 + SIGKILL) only if the kill found the launcher still running.
if ((status != 137)); then
  say "the job ended by itself (exit $status) before the kill: no mid-run kill to show" >&2; exit 1
fi
say "killed the job mid-run (launcher, mpirun, tasks: pids $(echo $pids)) ${SECONDS} s after its start, once a set had committed"
bin/jckpt list "$demo/ckpt"

echo "== restart from the newest committed set"
bin/jckpt restart --latest "$demo/ckpt/heat" > "$demo/restarted-all.txt"
grep '^restarted at' "$demo/restarted-all.txt" || true
tail -n 1 "$demo/restarted-all.txt" | tee "$demo/restarted.txt"
if cmp -s "$demo/reference.txt" "$demo/restarted.txt"; then
  say "the restarted job printed the same checksum as the uninterrupted run"
  rm -rf "$demo"
else
  say "checksums differ (files in $demo)" >&2
  exit 1
fi
