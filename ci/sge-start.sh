#!/usr/bin/env bash
# Brings up a one-node Son of Grid Engine (Debian's gridengine 8.1.9) on this machine for the
# batch-system tests: sge_qmaster and sge_execd started by hand (CI machines and containers have
# no systemd), this host an admin, submit and execution host, queue jckpt.q with 4 slots,
# parallel environment jckpt and checkpointing environment jckpt, whose commands are this
# repository's bin/jckpt. Root may submit jobs. Ends by running a trivial job.
# Idempotent: a second run only checks; only settings that differ are changed, and a changed
# host alias restarts the daemons.
# Clients (qsub, qstat, qacct, qmod, qconf) need no environment: Debian's wrapper behind
# /usr/bin/q* defaults to SGE_ROOT=/var/lib/gridengine and SGE_CELL=default.
set -Eeuo pipefail # -E: the ERR trap below also fires inside functions
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/.." && pwd) # the checkpointing environment is $home/bin/jckpt sge-ckpt-env's
say() { echo "sge-start: $*"; }

export SGE_ROOT=/var/lib/gridengine SGE_CELL=default # for the utilities run without the wrapper
common=$SGE_ROOT/$SGE_CELL/common
spool=/var/spool/gridengine
qmaster_log=$spool/qmaster/messages
queue=jckpt.q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the reason, then the tail of the log that should explain it (if any), and exits 1.
fail() {
  if [ -n "${2:-}" ]; then
    say "$1 (log: $2)"
    [ -f "$2" ] && tail -n 20 "$2" >&2
  else
    say "$1"
  fi
  exit 1
}

# Any command that fails unexpectedly still ends in one line saying which.
trap 'fail "failed: $BASH_COMMAND (line $LINENO)"' ERR

# True when daemon $2 runs under the pid in pid file $1 (a stale file's number may be reused).
alive() { [ -f "$1" ] && [ "$(cat "/proc/$(cat "$1")/comm" 2>/dev/null)" = "$2" ]; }

# Daemons start with an init system's environment, not this shell's: jobs submitted without -V
# get execd's environment plus SGE's variables.
clean_env() { env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

install_packages() {
  local p missing=()
  for p in gridengine-master gridengine-exec gridengine-client; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    say "missing packages: ${missing[*]}; run as root: apt-get install ${missing[*]}"; exit 1
  fi
  # The packages ask for the cell and the master's name; the master package then creates the
  # cluster's configuration (init_cluster) and the client package writes act_qmaster.
  debconf-set-selections <<EOF
gridengine-common shared/gridengineconfig boolean true
gridengine-common shared/gridenginecell string $SGE_CELL
gridengine-common shared/gridenginemaster string $(hostname)
EOF
  apt-get update -q >/dev/null 2>"$work/apt.log" || fail "apt-get update failed" "$work/apt.log"
  # Without recommends; bsd-mailx still brings an MTA (exim4), which SGE does not need.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    gridengine-master gridengine-exec gridengine-client >"$work/apt.log" 2>&1 ||
    fail "apt-get install gridengine-master gridengine-exec gridengine-client failed" "$work/apt.log"
}

# The cluster's spool and settings, made by the master package's postinst unless it was told
# not to configure SGE.
init_cluster() {
  [ -e "$spool/spooldb/sge" ] && return
  install -d -o sgeadmin -g sgeadmin "$spool/qmaster/job_scripts" "$spool/spooldb" "$common"
  [ -f "$common/bootstrap" ] ||
    install -m 0644 -o sgeadmin -g sgeadmin /usr/share/gridengine/default-bootstrap "$common/bootstrap"
  su -s /bin/sh -c "/usr/share/gridengine/scripts/init_cluster $SGE_ROOT $SGE_CELL $spool/spooldb sgeadmin" \
    sgeadmin >/dev/null || fail "init_cluster failed"
}

# SGE insists that a client's name, looked up from its address, is the name it gives itself.
# Where the host name's address is 127.0.0.1 and /etc/hosts lists localhost first for it, the
# address gives "localhost" and every qconf is refused ("access denied ... client IP resolved to
# host name localhost"); host_aliases makes the two names one. Daemons read it at start only.
host_names() {
  local addr rev want
  node=$(/usr/lib/gridengine/gethostname -name) || fail "SGE cannot resolve this host's name $(hostname)" /etc/hosts
  addr=$(getent hosts "$node" | awk '{ print $1; exit }') || fail "cannot resolve $node (getent hosts $node)"
  rev=$(/usr/lib/gridengine/gethostbyaddr -name "$addr" 2>/dev/null || true)
  want=""
  [ -n "$rev" ] && [ "$rev" != "$node" ] && want="$node $rev"
  if [ "$(cat "$common/host_aliases" 2>/dev/null || true)" != "$want" ]; then
    "$here/sge-stop.sh"
    if [ -n "$want" ]; then
      printf '%s\n' "$want" >"$common/host_aliases"
    else
      rm -f "$common/host_aliases"
    fi
  fi
  # The clients and execd find the master here; a master that started before the alias wrote
  # the other name.
  if [ "$(cat "$common/act_qmaster" 2>/dev/null || true)" != "$node" ]; then
    "$here/sge-stop.sh"
    echo "$node" >"$common/act_qmaster"
    chown sgeadmin:sgeadmin "$common/act_qmaster"
  fi
}

# Started by hand, the daemons write their pid files into their spool directories; Debian's init
# scripts (which apt-get install runs where policy-rc.d allows it) into /run/gridengine.
qmaster_alive() { alive "$spool/qmaster/qmaster.pid" sge_qmaster || alive /run/gridengine/qmaster.pid sge_qmaster; }

start_qmaster() {
  if ! qmaster_alive; then
    clean_env /usr/sbin/sge_qmaster || fail "sge_qmaster did not start" "$qmaster_log"
  fi
  for i in $(seq 30); do
    qconf -sh >/dev/null 2>&1 && return
    qmaster_alive || [ "$i" -lt 5 ] || fail "sge_qmaster exited at start" "$qmaster_log"
    sleep 1
  done
  fail "sge_qmaster does not answer: $(qconf -sh 2>&1 | head -n 1 || true)" "$qmaster_log"
}

# Runs qconf, quiet unless it fails (it reports success on stderr too).
q() {
  local out
  out=$(qconf "$@" 2>&1) || fail "qconf $* failed: $(echo "$out" | tail -n 1)" "$qmaster_log"
}

# An object's attributes as "key value" lines: continuation lines joined, blanks squeezed,
# comments dropped, sorted; compares qconf's output with the files we give it.
norm() { sed -e ':a' -e '/\\$/{N;s/\\\n *//;ba}' | awk 'NF && $1 !~ /^#/ { $1 = $1; print }' | sort; }

# Sets attributes (pairs "key value", one a line on stdin) of the global configuration (conf)
# or the scheduler's (sconf): writes the current one with these values back when it differs.
set_config() {
  local kind=$1 key value new
  new=$work/$kind/global # qconf -Mconf takes the host (or global) from the file's name
  mkdir -p "$work/$kind"
  qconf -s"$kind" | norm >"$work/$kind.old"
  cp "$work/$kind.old" "$new"
  while read -r key value; do
    awk -v k="$key" -v v="$value" '$1 == k { $0 = k " " v } { print }' "$new" >"$work/$kind.tmp"
    mv "$work/$kind.tmp" "$new"
  done
  cmp -s "$work/$kind.old" "$new" && return
  q -M"$kind" "$new"
  say "set $kind: $({ diff "$work/$kind.old" "$new" || true; } | sed -n 's/^> //p' | paste -sd';')"
}

# Adds object $2 of kind $1 (p, ckpt, q) from the file on stdin, or modifies it where it differs.
set_object() {
  local kind=$1 name=$2
  cat >"$work/$name.$kind"
  if ! qconf -s"$kind" "$name" >"$work/$name.$kind.old" 2>/dev/null; then
    q -A"$kind" "$work/$name.$kind"
    say "added $name ($kind)"
  elif [ "$(norm <"$work/$name.$kind.old")" != "$(norm <"$work/$name.$kind")" ]; then
    q -M"$kind" "$work/$name.$kind"
    say "changed $name ($kind)"
  fi
}

configure() {
  # Root's jobs are refused below uid/gid 1000 (Debian's default); the job script's #! line
  # chooses its shell; accounting (qacct) is written at once; no mail.
  # ENABLE_ADDGRP_KILL: a job's end also kills processes that left its process group (mpirun's
  # daemons), found by the extra group id SGE gives each job.
  # load_report_time: a job that migrated or was rescheduled may start again on the same host
  # only after two reports from its execd (default every 40 s, so 40-80 s; now 5-10 s).
  set_config conf <<EOF
load_report_time 00:00:05
min_uid 0
min_gid 0
shell_start_mode unix_behavior
mailer /bin/true
execd_params ENABLE_ADDGRP_KILL=TRUE
reporting_params accounting=true reporting=false flush_time=00:00:01 joblog=false sharelog=00:00:00
EOF
  # Schedules every second, and at once on each submission and job end (default: every 15 s).
  set_config sconf <<EOF
schedule_interval 0:0:1
flush_submit_sec 1
flush_finish_sec 1
EOF
  qconf -sh 2>/dev/null | grep -qx "$node" || q -ah "$node"
  qconf -ss 2>/dev/null | grep -qx "$node" || q -as "$node"
  if ! qconf -sel 2>/dev/null | grep -qx "$node"; then
    printf '%s\n' "hostname $node" "load_scaling NONE" "complex_values NONE" "user_lists NONE" \
      "xuser_lists NONE" "projects NONE" "xprojects NONE" "usage_scaling NONE" "report_variables NONE" \
      >"$work/host"
    q -Ae "$work/host"
    say "added execution host $node"
  fi
  set_object p jckpt <<EOF
pe_name jckpt
slots 4
user_lists NONE
xuser_lists NONE
start_proc_args NONE
stop_proc_args NONE
allocation_rule \$fill_up
control_slaves TRUE
job_is_first_task FALSE
urgency_slots min
accounting_summary FALSE
qsort_args NONE
EOF
  # jckpt's own checkpointing environment (bin/jckpt sge-ckpt-env, as a site would define it):
  # application-level; SGE runs migr_command when a job is suspended (x) or its execd shuts down
  # (s), and reschedules it when its host goes unknown (r).
  local ckpt_env
  ckpt_env=$("$home/bin/jckpt" sge-ckpt-env 2>&1) ||
    fail "bin/jckpt sge-ckpt-env failed: $(tail -n 1 <<<"$ckpt_env")" /dev/null
  set_object ckpt jckpt <<<"$ckpt_env"
  # No load thresholds: a busy machine (other test suites) must not put the queue in alarm.
  # notify: jobs submitted with -notify get SIGUSR1/SIGUSR2 this long before SIGSTOP/SIGKILL.
  set_object q "$queue" <<EOF
qname $queue
hostlist $node
seq_no 0
load_thresholds NONE
suspend_thresholds NONE
nsuspend 1
suspend_interval 00:05:00
priority 0
min_cpu_interval 00:05:00
processors UNDEFINED
qtype BATCH INTERACTIVE
ckpt_list jckpt
pe_list jckpt
rerun FALSE
slots 4
tmpdir /tmp
shell /bin/sh
prolog NONE
epilog NONE
shell_start_mode unix_behavior
starter_method NONE
suspend_method NONE
resume_method NONE
terminate_method NONE
notify 00:00:30
owner_list NONE
user_lists NONE
xuser_lists NONE
subordinate_list NONE
complex_values NONE
projects NONE
xprojects NONE
calendar NONE
initial_state default
s_rt INFINITY
h_rt INFINITY
s_cpu INFINITY
h_cpu INFINITY
s_fsize INFINITY
h_fsize INFINITY
s_data INFINITY
h_data INFINITY
s_stack INFINITY
h_stack INFINITY
s_core INFINITY
h_core INFINITY
s_rss INFINITY
h_rss INFINITY
s_vmem INFINITY
h_vmem INFINITY
EOF
}

# The queue instance's states (qstat -f): "ok" when it takes jobs; "u" until execd reports.
queue_states() {
  { qstat -f -q "$queue@$node" 2>/dev/null || true; } |
    awk -v q="$queue@$node" '$1 == q { s = $6 == "" ? "ok" : $6 } END { print s == "" ? "missing" : s }'
}

# execd's spool directory is named after the host as it resolves it before aliasing (here
# "localhost"), hence the globs.
execd_alive() {
  local f
  for f in "$spool"/execd/*/execd.pid /run/gridengine/execd.pid; do
    alive "$f" sge_execd && return
  done
  return 1
}
execd_log() { ls -t "$spool"/execd/*/messages 2>/dev/null | head -n 1 || true; }

start_execd() {
  local states
  execd_alive || clean_env /usr/sbin/sge_execd || fail "sge_execd did not start" "$(execd_log)"
  for i in $(seq 60); do
    states=$(queue_states)
    case "$states" in
      ok) execd_alive && return ;;
      # A queue left disabled (d), suspended (s) or in error (E) by earlier tests takes jobs again.
      *[dsE]*)
        qmod -e "$queue@$node" >/dev/null 2>&1 || true
        qmod -us "$queue@$node" >/dev/null 2>&1 || true
        qmod -c "$queue@$node" >/dev/null 2>&1 || true
        ;;
    esac
    execd_alive || [ "$i" -lt 5 ] || fail "sge_execd exited at start" "$(execd_log)"
    sleep 1
  done
  fail "queue $queue@$node not ready after 60 s (states '$states')" "$(execd_log)"
}

# A trivial job must run and succeed (qsub -sync y exits with the job's status).
check_job() {
  local out
  out=$(cd /tmp && timeout 60 qsub -sync y -b y -q "$queue" -N sge-start-check -o /dev/null -j y /bin/true 2>&1) ||
    fail "test job failed: $(echo "$out" | tail -n 1)" "$(execd_log)"
}

install_packages
[ "$(id -u)" -eq 0 ] || { say "must run as root (the daemons run as root)"; exit 1; }
install -d -o sgeadmin -g sgeadmin /run/gridengine
init_cluster
host_names
start_qmaster
configure
start_execd
check_job
say "ready ($node, queue $queue, 4 slots; SGE_ROOT=$SGE_ROOT SGE_CELL=$SGE_CELL, settings $common/settings.sh)"
