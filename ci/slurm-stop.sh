#!/usr/bin/env bash
# Stops the one-node cluster's slurmd and slurmctld started by ci/slurm-start.sh. munged is left
# running: it is cheap, and other users of munge may rely on it. Succeeds when nothing runs.
set -euo pipefail

# Stops daemon $2 whose pid file is $1, waiting for it to exit so that its port is free again.
# A stale pid file's number may belong to another process by now: only $2 is signalled.
stop() {
  local pid
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] && kill -TERM "$pid"; then
    for _ in $(seq 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop /run/slurmd.pid slurmd
stop /run/slurmctld.pid slurmctld
