#!/usr/bin/env bash
# jckpt on Debian 13 ("trixie": Open MPI 5 with PRRTE and UCX, MPICH 4.2 beside it, OpenJDK 21),
# proven in a chroot: builds (or reuses) the chroot, copies this checkout in, runs ci/setup.sh there
# (which installs both MPIs, the alternatives left on Open MPI, and builds jckpt's binding against
# each) and the tests that can run in a chroot. Prints the suite's summary lines; exits non-zero on any failure.
#   ci/test-trixie.sh [--chroot-only | --prepare | --tests]
#     --chroot-only  build or check the chroot, run nothing
#     --prepare      the chroot, this checkout copied in and ci/setup.sh run there; no tests
#                    (.ci/run prepares while the host's tests run: it is mostly downloads)
#     --tests        the tests, on what --prepare left
#   JCKPT_TRIXIE_ROOT   the chroot, kept for the next run (default /var/cache/jckpt/trixie)
#   JCKPT_HEAT_CYCLES   Heat checkpoint/kill/restart cycles to run (default 4, about 20 s each)
#   JCKPT_HEAT_ITERS    iterations of each cycle's Heat (default 25000: long enough that the job still runs when
#                       the checkpoint comes, on an idle machine too)
#   JCKPT_TRIXIE_TESTS  integration tests to run instead of the proof's, e.g. OtherHostsIT
# Needs root (debootstrap, chroot, mounts); installs debootstrap when it is missing.
set -Eeuo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
root=${JCKPT_TRIXIE_ROOT:-/var/cache/jckpt/trixie}
cycles=${JCKPT_HEAT_CYCLES:-4}
iters=${JCKPT_HEAT_ITERS:-25000}
mirror=http://deb.debian.org/debian
# What the chroot holds besides what ci/setup.sh installs; a change rebuilds it.
packages=(openjdk-21-jdk-headless maven ca-certificates iproute2 iputils-ping procps)
stamp="jckpt trixie chroot: ${packages[*]}"
# The integration tests that prove jckpt on this Open MPI (PRRTE, UCX), this MPICH and JDK; the
# others test jckpt's own machinery, which the host's suite proves, or cannot run in a chroot (below).
its=(ExamplesIT RestartEquivalenceIT MpiLeftoversIT BadInputIT OtherHostsIT OpenMpiSettingsIT HeatCyclesIT MpiBindingConformanceIT MpichIT)
[ -z "${JCKPT_TRIXIE_TESTS:-}" ] || IFS=, read -r -a its <<<"$JCKPT_TRIXIE_TESTS"
declare -A not_here=(
  [AsyncFlushIT]="the background flush does not depend on the MPI; the host's suite proves it"
  [FaultsIT]="the application-level engine's faults do not depend on the MPI; the host's suite proves it"
  [DmtcpIT]="DMTCP is not packaged for Debian 13, nor built in the chroot"
  [SlurmIT]="no Slurm daemons (munged, slurmctld, slurmd) in the chroot"
  [GridEngineIT]="no Grid Engine daemons (sge_qmaster, sge_execd) in the chroot"
)
say() { echo "test-trixie: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || { say "skipped: needs root (debootstrap, chroot, mounts)"; exit 0; }
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  out=$( { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; } 2>&1) \
    || fail "cannot install debootstrap: $(grep -E '^(E|W):' <<<"$out" | head -1)"
fi

mount_in() {
  mkdir -p "${*: -1}"
  mount "$@"
}
# Processes still running in the chroot (a task a failed test left) would keep its mounts busy.
stop_chroot_processes() {
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
  done
}
mounted_under_root() {
  awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo
}
# Everything mounted on or under the chroot (ours, the tests' network namespaces, a killed run's),
# in the reverse order of mounting.
unmount_all() {
  stop_chroot_processes
  local m
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done < <(mounted_under_root | tac)
}
trap unmount_all EXIT
trap 'say "interrupted (SIGINT); unmounting the chroot"; exit 130' INT
trap 'say "stopped (SIGTERM); unmounting the chroot"; exit 143' TERM

mount_all() {
  unmount_all
  # The chroot's / a mount point of its own: ip netns (OtherHostsIT's test hosts) needs one.
  mount_in --bind "$root" "$root"
  mount_in -t proc proc "$root/proc"
  mount_in -t sysfs sysfs "$root/sys"
  mount_in --bind /dev "$root/dev"
  mount_in --bind /dev/pts "$root/dev/pts"
  mount_in -t tmpfs -o mode=1777,size=8g shm "$root/dev/shm"
  mount_in -t tmpfs -o mode=755 run "$root/run"
  mount_in -t tmpfs -o mode=1777 tmp "$root/tmp" # fresh for each run: tests leave files there
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # The host's name, as the kernel gives it to the chroot, must resolve (Open MPI, jckpt's sets).
  printf '127.0.0.1 localhost\n127.0.1.1 %s\n::1 localhost ip6-localhost ip6-loopback\n' "$(hostname)" >"$root/etc/hosts"
}

# Runs a command in the chroot as root, with a clean environment.
in_chroot() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

build_chroot() {
  local t0=$SECONDS out
  say "building the Debian 13 chroot in $root (a few minutes; kept for later runs)"
  unmount_all
  [ -z "$(mounted_under_root)" ] || fail "cannot unmount $(mounted_under_root | head -1); not removing $root"
  rm -rf --one-file-system "$root"
  mkdir -p "$(dirname "$root")"
  out=$(debootstrap --variant=minbase trixie "$root" "$mirror" 2>&1) \
    || fail "debootstrap: $(grep -E '^(E|W):' <<<"$out" | tail -1)"
  mount_all
  out=$(in_chroot sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends ${packages[*]}" 2>&1) \
    || fail "installing ${packages[*]} in the chroot: $(grep -E '^(E|W):' <<<"$out" | tail -1)"
  echo "$stamp" >"$root/etc/jckpt-chroot"
  say "chroot built in $((SECONDS - t0)) s"
}

phase=${1:-all}
case $phase in all | --chroot-only | --prepare | --tests) ;; *) fail "unknown option $phase (--chroot-only, --prepare or --tests)" ;; esac
t0=$SECONDS
prepared=$root/jckpt/.prepared # written once ci/setup.sh has passed in the chroot

prepare() {
  if [ "$(cat "$root/etc/jckpt-chroot" 2>/dev/null)" = "$stamp" ]; then
    say "reusing the Debian 13 chroot in $root"
    mount_all
  else
    build_chroot
  fi
  [ "$phase" = --chroot-only ] && exit 0
  # This checkout as it is (committed or not, build output aside), fresh each run.
  say "copying $top into the chroot"
  rm -rf "$root/jckpt"
  mkdir -p "$root/jckpt"
  git -C "$top" ls-files -z --cached --others --exclude-standard \
    | (cd "$top" && tar --null -T - -cf - 2>/dev/null) | tar -xf - -C "$root/jckpt"
  if [ -n "$maven_opts" ]; then
    mkdir -p "$root/etc/jckpt"
    cp /etc/ssl/certs/java/cacerts "$root/etc/jckpt/host-cacerts"
  fi
  say "running ci/setup.sh in the chroot (log: $setup_log)"
  in_chroot MAVEN_OPTS="$maven_opts" sh -c "cd /jckpt && ci/setup.sh" >"$setup_log" 2>&1 &
  wait $! || { tail -20 "$setup_log" >&2; fail "ci/setup.sh failed in the Debian 13 chroot; full log $setup_log"; }
  touch "$prepared"
  say "prepared in $((SECONDS - t0)) s"
}

# Maven in the chroot trusts what the host's JDK trusts (a site's TLS proxy, say); copied in by prepare.
maven_opts=
[ -f /etc/ssl/certs/java/cacerts ] && maven_opts=-Djavax.net.ssl.trustStore=/etc/jckpt/host-cacerts
setup_log=$root/jckpt-setup.log
log=$root/jckpt-test.log

[ "$phase" = --tests ] || prepare
[ "$phase" = --prepare ] && exit 0
if [ "$phase" = --tests ]; then
  [ -f "$prepared" ] || fail "nothing prepared in $root: run ci/test-trixie.sh --prepare first"
  mount_all
fi

say "running the tests in the chroot (log: $log)"
selected=$(IFS=,; echo "${its[*]}")
status=0
# In the background: a signal to this script then ends it at once (its trap stops the chroot's
# processes), rather than once Maven is done.
in_chroot MAVEN_OPTS="$maven_opts" sh -c "
  cd /jckpt &&
  echo \"versions: Open MPI \$(ompi_info --parsable | sed -n 's/^ompi:version:full://p'),\" \\
    \"MPICH \$(mpichversion 2>/dev/null | sed -n 's/^MPICH Version:[[:space:]]*//p'), \$(java -version 2>&1 | head -1)\" &&
  mvn -B -ntp -Dstyle.color=never verify -Dit.test=$selected \
    -Djckpt.heatCycles=$cycles -Djckpt.heatCycles.iters=$iters" >"$log" 2>&1 &
wait $! || status=$?

grep -m1 '^versions: ' "$log" | sed 's/^/test-trixie: /' >&2 || true
# The summary: surefire's and failsafe's totals, and any failure or error.
grep -E '^\[(INFO|WARNING|ERROR)\] (Tests run:|BUILD)|^\[ERROR\]   ' "$log" | grep -v 'Time elapsed' | sed 's/^/  /' || true
grep -h '^cycle ' "$root"/jckpt/java/cli/target/failsafe-reports/*-output.txt 2>/dev/null | sed 's/^/  heat /' || true
for f in "$root"/jckpt/java/*/target/{surefire,failsafe}-reports/TEST-*.xml; do
  [ -f "$f" ] || continue
  tr -d '\n' <"$f" | grep -o '<testcase name="[^"]*" classname="[^"]*"[^>]*>[[:space:]]*<skipped message="[^"]*"' \
    | sed -E 's/.*name="([^"]*)" classname="[^"]*\.([^".]*)".*message="([^"]*)"/  skipped: \2.\1: \3/; s/&quot;/"/g' || true
done
for it in $(cd "$top/java/cli/src/test/java/org/jckpt/cli" && ls -- *IT.java | sed 's/\.java$//'); do
  [[ " ${its[*]} " == *" $it "* ]] && continue
  echo "  not run here: $it (${not_here[$it]:-not part of the Debian 13 proof})"
done
if [ "$status" -ne 0 ]; then
  say "log tail:"
  tail -40 "$log" >&2
  fail "the suite failed in the Debian 13 chroot (exit $status) after $((SECONDS - t0)) s; full log $log"
fi
say "passed in $((SECONDS - t0)) s"
