#!/usr/bin/env bash
# Installs what is missing, builds, and runs the demo: Heat on 4 tasks, checkpointed, killed
# mid-run, restarted from its newest set, finishing with the checksum of an uninterrupted run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
ci/setup.sh

demo=$(mktemp -d)
heat=(org.jckpt.examples.Heat --n 512 --iters 20000)
echo "== uninterrupted run, 1 task"
bin/jckpt run -np 1 --ckpt-dir "$demo" -- "${heat[@]}" | tail -n 1 | tee "$demo/reference"

echo "== 4 tasks, a complete checkpoint every 2000 iterations, killed after 3 s"
bin/jckpt run -np 4 --ckpt-dir "$demo" --ckpt-every 2000 -- "${heat[@]}" &
launcher=$!
sleep 3
pkill -KILL -P "$launcher" 2>/dev/null || true
kill -KILL "$launcher" 2>/dev/null || true
wait "$launcher" 2>/dev/null || true
pkill -KILL -f 'org.jckpt.examples.Heat' 2>/dev/null || true
bin/jckpt list "$demo"

echo "== restart from the newest committed set"
bin/jckpt restart --latest "$demo/heat" | tail -n 1 | tee "$demo/restarted"
if cmp -s "$demo/reference" "$demo/restarted"; then
  echo "demo: the restarted job printed the same checksum as the uninterrupted run"
else
  echo "demo: checksums differ" >&2
  exit 1
fi
