#!/usr/bin/env bash
# Four test "hosts" on this machine for multi-host tests: network namespaces jckpt-h1 .. jckpt-h4
# (198.18.0.1 .. .4/24, a benchmarking range never routed off the machine), their names in
# /etc/hosts, and what Open MPI needs to start daemons "remotely" in them. They share one network,
# as a cluster's nodes share a switch: a bridge jckpt-br in a namespace of its own, jckpt-net,
# with a veth pair to each host (jckpt-vN inside host N, its other end jckpt-bN on the bridge).
# Every device is made inside a namespace: none ever appears in this machine's own network.
#   ci/netns-hosts.sh up     create (idempotent: a second run only fills in what is missing, such
#                            as one host deleted while the others stayed up)
#   ci/netns-hosts.sh down   remove everything `up` made
# Made under /run/jckpt-netns:
#   on HOST CMD...      runs CMD inside HOST, under that host's own host name (new UTS namespace)
#   rsh HOST CMD...     Open MPI's plm_rsh_agent: like ssh, runs the words of CMD with a shell
#   hosts-both          hostfile: jckpt-h1 and jckpt-h2, 2 slots each
#   hosts-h2            hostfile: jckpt-h2 alone, 4 slots
#   hosts-four          hostfile: jckpt-h1 .. jckpt-h4, 1 slot each
# Only the mount of /etc/hosts and the network are touched: file systems stay shared, as on
# a cluster with a shared home, so all hosts see the same jckpt, checkpoint directory and /tmp.
# A host is lost (tests: NetnsHosts) by deleting its namespace's name while a process keeps the
# namespace; deleting its end on the bridge (ip -n jckpt-net link del jckpt-bN) removes the pair
# with it, and `up` then makes the host anew.
set -Eeuo pipefail # -E: the ERR trap below also fires inside functions

hosts=(jckpt-h1 jckpt-h2 jckpt-h3 jckpt-h4)
addrs=(198.18.0.1 198.18.0.2 198.18.0.3 198.18.0.4)
veths=(jckpt-v1 jckpt-v2 jckpt-v3 jckpt-v4) # a host's end, in the host
ports=(jckpt-b1 jckpt-b2 jckpt-b3 jckpt-b4) # the other end, on the bridge in the hub
# A host's MAC address is fixed: one made anew keeps it, so the others' ARP entries stay right.
macs=(02:00:c6:12:00:01 02:00:c6:12:00:02 02:00:c6:12:00:03 02:00:c6:12:00:04)
hub=jckpt-net
bridge=jckpt-br
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
  [ "$(id -u)" -eq 0 ] || fail "needs root (network namespaces, veth, bridge, /etc/hosts)"
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

# Network namespace $1, with its loopback up.
namespace() {
  [ -e "/run/netns/$1" ] || ip netns add "$1" 2>/dev/null \
    || fail "cannot create network namespace $1 (no CAP_SYS_ADMIN, or netns unsupported here)"
  ip -n "$1" link set lo up
}

# Host $1 (an index) reaches host $2: by ping where there is one, else by TCP to port 9, which
# the other host's kernel answers (refused, as nothing listens there) only if packets get through.
reaches() {
  local from=${hosts[$1]} to=${addrs[$2]} said
  ip -n "$from" route get "$to" >/dev/null 2>&1 || return 1
  if command -v ping >/dev/null 2>&1; then
    ip netns exec "$from" ping -c 1 -W 2 "$to" >/dev/null 2>&1
  else
    said=$(LC_ALL=C ip netns exec "$from" timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/9"' "$to" 2>&1) \
      || [[ $said == *"Connection refused"* ]]
  fi
}

up() {
  local i j
  # The hub: a namespace holding only the bridge. With STP off (the default) a port forwards as
  # soon as it is up. Its bridge-nf-call-iptables (1 where br_netfilter is loaded) sends bridged
  # packets through the hub's own iptables, which are empty: everything passes.
  namespace "$hub"
  ip -n "$hub" link show "$bridge" >/dev/null 2>&1 \
    || ip -n "$hub" link add "$bridge" type bridge \
    || fail "cannot create the bridge $bridge in $hub (no bridge support in this kernel?)"
  ip -n "$hub" link set "$bridge" up

  for i in "${!hosts[@]}"; do
    namespace "${hosts[i]}"
    # The host's veth pair. Made in the host, its other end moved straight into the hub, so that
    # nothing of it ever appears in this machine's own network. Made anew unless both ends are
    # there (either namespace may be new): the old pair goes first, with whichever end is left;
    # deleting the hub's end also removes a pair whose host end stayed in an old namespace that
    # something still holds.
    if ! ip -n "${hosts[i]}" link show "${veths[i]}" >/dev/null 2>&1 \
        || ! ip -n "$hub" link show "${ports[i]}" >/dev/null 2>&1; then
      ip -n "$hub" link del "${ports[i]}" 2>/dev/null || true
      ip -n "${hosts[i]}" link del "${veths[i]}" 2>/dev/null || true
      ip -n "${hosts[i]}" link add "${veths[i]}" address "${macs[i]}" type veth peer name "${ports[i]}" netns "$hub" \
        || fail "cannot create the veth pair between ${hosts[i]} and $hub"
    fi
    ip -n "$hub" link set "${ports[i]}" master "$bridge"
    ip -n "$hub" link set "${ports[i]}" up
    ip -n "${hosts[i]}" addr replace "${addrs[i]}/24" dev "${veths[i]}"
    ip -n "${hosts[i]}" link set "${veths[i]}" up
  done

  # Names resolve the same in every namespace: /etc is shared.
  strip_hosts
  for i in "${!hosts[@]}"; do
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
  printf '%s slots=1\n' "${hosts[@]}" >"$run/hosts-four"

  # Every host must reach every other, through the bridge.
  for i in "${!hosts[@]}"; do
    for j in "${!hosts[@]}"; do
      [ "$i" -eq "$j" ] || reaches "$i" "$j" \
        || fail "${hosts[i]} cannot reach ${hosts[j]} (${addrs[j]}) over $bridge in $hub"
    done
  done
  echo "netns-hosts: up: ${hosts[*]} (${addrs[0]} .. ${addrs[-1]}, bridge $bridge in $hub); agent $run/rsh," \
    "hostfiles $run/hosts-both, $run/hosts-h2, $run/hosts-four"
}

down() {
  local h
  for h in "${hosts[@]}" "$hub"; do
    # Deleting a namespace deletes the devices in it: a host's end of its veth pair, and with it
    # the other end; the hub's bridge and whatever ends are left on it.
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
