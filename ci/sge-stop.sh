#!/usr/bin/env bash
# Stops the one-node Grid Engine's sge_execd and sge_qmaster started by ci/sge-start.sh.
# Running jobs' shepherds are left alone, as by qconf -ke: a restarted execd takes them up again.
# Succeeds when nothing runs.
set -euo pipefail
spool=/var/spool/gridengine

# Stops daemon $2 whose pid file is $1 (SIGTERM: the same controlled shutdown as qconf -ke/-km),
# waiting for it to exit so that its port is free again. A stale pid file's number may belong to
# another process by now: only $2 is signalled.
stop() {
  local pid
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] && kill -TERM "$pid"; then
    for _ in $(seq 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -KILL "$pid" 2>/dev/null; then
      echo "sge-stop: $2 (pid $pid) ignored SIGTERM for 30 s; killed" >&2
    fi
  fi
  rm -f "$1"
}

# Started by hand, the daemons keep their pid files in their spool directories; started by
# Debian's init scripts, in /run/gridengine.
for pidfile in "$spool"/execd/*/execd.pid /run/gridengine/execd.pid; do
  stop "$pidfile" sge_execd
done
stop "$spool/qmaster/qmaster.pid" sge_qmaster
stop /run/gridengine/qmaster.pid sge_qmaster
