#!/usr/bin/env bash
# Brings up a one-node Slurm cluster on this machine (munged, slurmctld, slurmd, all as root,
# started by hand: CI machines and containers have no systemd) for the batch-system tests.
# Idempotent: a second run only checks; a changed slurm.conf restarts the Slurm daemons.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
say() { echo "slurm: $*"; }

conf=/etc/slurm/slurm.conf
logdir=/var/log/slurm
ctld_pid=/run/slurmctld.pid
slurmd_pid=/run/slurmd.pid
key=/etc/munge/munge.key

# Prints the reason, then the tail of the log that should explain it, and exits 1.
fail() {
  say "$1"
  [ -f "$2" ] && tail -n 20 "$2" >&2
  exit 1
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && return
  if [ "$(id -u)" -ne 0 ]; then
    say "not installed; run as root: apt-get install slurm-wlm munge"; exit 1
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

# The configuration for this machine. The node talks over loopback so that a hostname
# that does not resolve (common in containers) does not matter.
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
# A requeued job waits cred_expire + 1 s before it may start again (default 120 s); 30 s is
# what Slurm's own test suite uses for quicker requeues.
AuthInfo=cred_expire=30
# Nothing wakes the scheduler when that wait ends: its periodic pass (default every 60 s)
# starts the job. A pass every 5 s costs nothing on one node.
SchedulerParameters=sched_interval=5
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$ctld_pid
SlurmdPidFile=$slurmd_pid
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

start_daemons() {
  install -d "$logdir" /var/spool/slurmctld /var/spool/slurmd
  if ! alive "$ctld_pid"; then
    slurmctld || fail "slurmctld did not start" "$logdir/slurmctld.log"
  fi
  if ! alive "$slurmd_pid"; then
    slurmd || fail "slurmd did not start" "$logdir/slurmd.log"
  fi
}

# Waits until the node is idle (or running jobs), resuming it if the controller left it down or drained.
wait_ready() {
  local state i
  for i in $(seq 60); do
    alive "$ctld_pid" || fail "slurmctld exited" "$logdir/slurmctld.log"
    alive "$slurmd_pid" || fail "slurmd exited" "$logdir/slurmd.log"
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
start_daemons
wait_ready
say "ready ($node, $cpus cpus)"
