#!/usr/bin/env bash
# Two test "hosts" on this machine for multi-host tests: network namespaces jckpt-h1 and jckpt-h2
# joined by a veth pair (198.18.0.1 and .2, a benchmarking range never routed off the machine),
# their names in /etc/hosts, and what Open MPI needs to start daemons "remotely" in them.
#   ci/netns-hosts.sh up     create (idempotent: a second run only fills in what is missing)
#   ci/netns-hosts.sh down   remove everything `up` made
# Made under /run/jckpt-netns:
#   on HOST CMD...      runs CMD inside HOST, under that host's own host name (new UTS namespace)
#   rsh HOST CMD...     Open MPI's plm_rsh_agent: like ssh, runs the words of CMD with a shell
#   hosts-both          hostfile: jckpt-h1 and jckpt-h2, 2 slots each
#   hosts-h2            hostfile: jckpt-h2 alone, 4 slots
# Only the mount of /etc/hosts and the network are touched: file systems stay shared, as on
# a cluster with a shared home, so both hosts see the same jckpt, checkpoint directory and /tmp.
set -Eeuo pipefail # -E: the ERR trap below also fires inside functions

hosts=(jckpt-h1 jckpt-h2)
addrs=(198.18.0.1 198.18.0.2)
veths=(jckpt-v1 jckpt-v2)
run=/run/jckpt-netns
tag='# jckpt-netns'

fail() {
  echo "netns-hosts: $*" >&2
  exit 1
}

# Any command that fails unexpectedly still ends in one line saying which.
trap 'fail "failed: $BASH_COMMAND (line $LINENO)"' ERR

usage() { fail "usage: $0 up|down"; }

require() {
  [ "$(id -u)" -eq 0 ] || fail "needs root (network namespaces, veth, /etc/hosts)"
  command -v ip >/dev/null 2>&1 || fail "no 'ip' command (Debian: apt-get install iproute2)"
  command -v unshare >/dev/null 2>&1 || fail "no 'unshare' command (Debian: apt-get install util-linux)"
}

# /etc/hosts without our lines. Rewritten in place (cat >), not replaced: in containers it is
# often a bind mount, which a rename (sed -i) cannot replace.
strip_hosts() {
  local kept
  kept=$(grep -vF "$tag" /etc/hosts || true)
  printf '%s\n' "$kept" >/etc/hosts
}

up() {
  local i
  for i in 0 1; do
    [ -e "/run/netns/${hosts[i]}" ] || ip netns add "${hosts[i]}" 2>/dev/null \
      || fail "cannot create network namespace ${hosts[i]} (no CAP_SYS_ADMIN, or netns unsupported here)"
    ip -n "${hosts[i]}" link set lo up
  done
  # One veth pair, an end in each namespace. Created in the first namespace directly, so that
  # nothing of it ever appears in this machine's own network.
  if ! ip -n "${hosts[0]}" link show "${veths[0]}" >/dev/null 2>&1; then
    ip -n "${hosts[1]}" link del "${veths[1]}" 2>/dev/null || true
    ip -n "${hosts[0]}" link add "${veths[0]}" type veth peer name "${veths[1]}" netns "${hosts[1]}" \
      || fail "cannot create the veth pair between ${hosts[0]} and ${hosts[1]}"
  fi
  for i in 0 1; do
    ip -n "${hosts[i]}" addr replace "${addrs[i]}/24" dev "${veths[i]}"
    ip -n "${hosts[i]}" link set "${veths[i]}" up
  done

  # Names resolve the same in every namespace: /etc is shared.
  strip_hosts
  for i in 0 1; do
    printf '%s %s %s\n' "${addrs[i]}" "${hosts[i]}" "$tag" >>/etc/hosts
  done

  mkdir -p "$run"
  # Runs a command "on" a host: its network, and its own host name so that Open MPI, the JVM
  # and jckpt's set files see the host they run on.
  cat >"$run/on" <<'EOF'
#!/bin/sh
# on HOST CMD...: runs CMD in network namespace HOST, with host name HOST.
host=$1; shift
exec ip netns exec "$host" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$host" "$@"
EOF
  # Open MPI runs "<agent> HOST orted ...": as ssh would, hand the words to a shell on HOST
  # (Open MPI quotes them for one, and may prefix assignments such as PATH=...; export PATH).
  cat >"$run/rsh" <<'EOF'
#!/bin/sh
# Open MPI plm_rsh_agent for the namespace hosts: rsh HOST CMD...
host=$1; shift
exec ip netns exec "$host" unshare --uts sh -c 'hostname "$0" && eval "$1"' "$host" "$*"
EOF
  chmod 755 "$run/on" "$run/rsh"
  printf '%s slots=2\n%s slots=2\n' "${hosts[0]}" "${hosts[1]}" >"$run/hosts-both"
  printf '%s slots=4\n' "${hosts[1]}" >"$run/hosts-h2"

  # The two hosts must reach each other.
  ip -n "${hosts[0]}" route get "${addrs[1]}" >/dev/null 2>&1 \
    || fail "${hosts[0]} has no route to ${addrs[1]}"
  if command -v ping >/dev/null 2>&1; then
    ip netns exec "${hosts[0]}" ping -c 1 -W 2 "${addrs[1]}" >/dev/null 2>&1 \
      || fail "${hosts[0]} cannot ping ${hosts[1]} (${addrs[1]}) over the veth pair"
  fi
  echo "netns-hosts: up: ${hosts[0]} (${addrs[0]}), ${hosts[1]} (${addrs[1]}); agent $run/rsh, hostfiles $run/hosts-both, $run/hosts-h2"
}

down() {
  local h
  for h in "${hosts[@]}"; do
    # Deleting a namespace deletes its end of the veth pair, and with it the other end.
    if [ -e "/run/netns/$h" ]; then ip netns del "$h"; fi
  done
  strip_hosts
  rm -rf "$run"
  echo "netns-hosts: down"
}

[ $# -eq 1 ] || usage
require
case $1 in
  up) up ;;
  down) down ;;
  *) usage ;;
esac
