#!/usr/bin/env bash
# Brings up a one-node Slurm cluster on this machine (munged, slurmctld, slurmd, all as root,
# started by hand: CI machines and containers have no systemd) for the batch-system tests.
# Idempotent: a second run only checks; a changed slurm.conf restarts the Slurm daemons.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
say() { echo "slurm: $*"; }

conf=/etc/slurm/slurm.conf
logdir=/var/log/slurm
key=/etc/munge/munge.key

# Prints the reason, then the tail of the log that should explain it, and exits 1.
fail() {
  say "$1 (log: $2)"
  [ -f "$2" ] && tail -n 20 "$2" >&2
  exit 1
}

# True when daemon $1 runs under the pid in its pid file (a stale file's number may be reused).
alive() { [ -f "/run/$1.pid" ] && [ "$(cat "/proc/$(cat "/run/$1.pid")/comm" 2>/dev/null)" = "$1" ]; }

install_packages() {
  local p missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    say "missing packages: ${missing[*]}; run as root: apt-get install ${missing[*]}"; exit 1
  fi
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
}

# True when munged answers with this key: a credential it makes decodes.
munge_ok() { { munge -n </dev/null | unmunge; } >/dev/null 2>&1; }

start_munge() {
  # munged refuses a key that others can read; it runs as the munge user, as Debian's unit does.
  if [ ! -s "$key" ]; then
    mungekey --create --keyfile="$key"
  fi
  chown munge:munge "$key" && chmod 0400 "$key"
  munge_ok && return
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- munged
  munge_ok || fail "munged does not answer" /var/log/munge/munged.log
}

# The configuration for this machine. The only node is reached over loopback, so the daemons
# need not resolve the hostname to an address.
config() {
  local mem
  mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  cat <<EOF
# Written by ci/slurm-start.sh; rewritten when it differs.
ClusterName=jckpt
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job waits cred_expire + 1 s before it may start again (default 120 s; Slurm's own
# test suite uses 30 s). A job step's credential must reach slurmd within that time: on one
# node that takes milliseconds, so 10 s (Slurm accepts 5 and more) leaves ample room on a slow
# or loaded machine and saves the tests 20 s per requeue.
AuthInfo=cred_expire=10
# Nothing wakes the scheduler when that wait ends: its periodic pass (default every 60 s)
# starts the job. A pass every 5 s costs nothing on one node.
SchedulerParameters=sched_interval=5
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$logdir/slurmctld.log
SlurmdLogFile=$logdir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
# No mail on this machine; the default mail program's absence is logged as an error.
MailProg=/bin/true
# Batch jobs may be requeued (scontrol requeue); finished ones leave the queue after a minute.
JobRequeue=1
MinJobAge=60
KillWait=30
# A node that was down only because slurmd was not running comes back by itself.
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

write_config() {
  local want
  want=$(config)
  [ -f "$conf" ] && [ "$(cat "$conf")" = "$want" ] && return
  install -d /etc/slurm
  printf '%s\n' "$want" >"$conf"
  # Daemons started with the old file would keep using it.
  "$here/slurm-stop.sh"
}

# Starts daemon $1 unless it runs, and waits for its pid file: it daemonizes before writing it.
start_daemon() {
  alive "$1" && return
  "$1" || fail "$1 did not start" "$logdir/$1.log"
  for _ in $(seq 10); do
    alive "$1" && return
    sleep 1
  done
  fail "$1 exited at start" "$logdir/$1.log"
}

# Waits until the node is idle (or running jobs), resuming it if the controller left it down or drained.
wait_ready() {
  local state
  for _ in $(seq 60); do
    alive slurmctld || fail "slurmctld exited" "$logdir/slurmctld.log"
    alive slurmd || fail "slurmd exited" "$logdir/slurmd.log"
    state=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
    case "$state" in
      idle|mix|alloc) return ;;
      down|drain|drng|fail) scontrol update nodename="$node" state=resume 2>/dev/null || true ;;
    esac
    sleep 1
  done
  fail "node $node not idle after 60 s (state '${state:-none}': $(sinfo -h -n "$node" -o %E 2>/dev/null || true))" \
    "$logdir/slurmd.log"
}

install_packages
[ "$(id -u)" -eq 0 ] || { say "must run as root (the daemons run as root)"; exit 1; }
node=$(hostname -s)
cpus=$(nproc)
start_munge
write_config
install -d "$logdir" /var/spool/slurmctld /var/spool/slurmd
start_daemon slurmctld
start_daemon slurmd
wait_ready
say "ready ($node, $cpus cpus)"
