#!/usr/bin/env bash
# Stops the one-node Grid Engine's sge_execd and sge_qmaster started by ci/sge-start.sh.
# Running jobs' shepherds are left alone, as by qconf -ke: a restarted execd takes them up again.
# Succeeds when nothing runs.
set -euo pipefail
spool=/var/spool/gridengine
. "$(dirname "$0")/stop-daemon.sh"

for pidfile in "$spool"/execd/*/execd.pid /run/gridengine/execd.pid; do
  stop_daemon "$pidfile" sge_execd
done
stop_daemon "$spool/qmaster/qmaster.pid" sge_qmaster
stop_daemon /run/gridengine/qmaster.pid sge_qmaster
