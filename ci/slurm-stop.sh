#!/usr/bin/env bash
# Stops the one-node cluster's slurmd and slurmctld started by ci/slurm-start.sh. munged is left
# running: it is cheap, and other users of munge may rely on it. Succeeds when nothing runs.
set -euo pipefail
. "$(dirname "$0")/stop-daemon.sh"

stop_daemon /run/slurmd.pid slurmd
stop_daemon /run/slurmctld.pid slurmctld
