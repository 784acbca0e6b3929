#!/usr/bin/env bash
# bin/jckpt bench --redundancy on this machine's network-namespace test hosts (ci/netns-hosts.sh):
#   ci/bench-redundancy.sh partner [BENCH OPTIONS...]   4 tasks on jckpt-h1 and jckpt-h2, 2 each
#   ci/bench-redundancy.sh xor:4 [BENCH OPTIONS...]     4 tasks on jckpt-h1 .. jckpt-h4, 1 each
# Runs from jckpt-h1 with Open MPI between the hosts as the tests run it (NetnsHosts), each host's
# local level a directory of its own (/dev/shm/%h); prints the bench's JSON on stdout, its lines
# on stderr. Root only (namespaces, and the page cache dropped before each global restart). The
# hosts are made if missing and left up.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 partner|xor[:K] [bench options...]" >&2; exit 2; }
scheme=$1
shift
case $scheme in
  partner) hostfile=/run/jckpt-netns/hosts-both ;;
  xor*) hostfile=/run/jckpt-netns/hosts-four ;;
  *) echo "bench-redundancy: $scheme is not partner or xor[:K]" >&2; exit 2 ;;
esac
"$here/ci/netns-hosts.sh" up >&2
work=$(mktemp -d /var/tmp/jckpt-bench-redundancy.XXXXXX)
trap 'rm -rf "$work"' EXIT
export OMPI_MCA_plm_rsh_agent=/run/jckpt-netns/rsh OMPI_MCA_btl=self,tcp \
  OMPI_MCA_oob_tcp_if_include=198.18.0.0/24 OMPI_MCA_btl_tcp_if_include=198.18.0.0/24 \
  OMPI_MCA_hwloc_base_binding_policy=none OMPI_MCA_mpi_yield_when_idle=1
/run/jckpt-netns/on jckpt-h1 "$here/bin/jckpt" bench --redundancy "$scheme" --hostfile "$hostfile" \
  --local-dir '/dev/shm/%h' --dir "$work" --json "$@"
