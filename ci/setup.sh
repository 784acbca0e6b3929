#!/usr/bin/env bash
# Installs what jckpt needs and builds it. Idempotent: a second run only rebuilds.
#   1. Debian packages (Open MPI with its Java bindings' native half, MPICH beside it, CMake, gcc).
#      Debian's alternatives keep plain mpirun and mpicc on Open MPI (priority 50 to MPICH's 40);
#      jckpt calls each MPI's programs by their own names, whichever way they point.
#   2. mpi.jar: the site's (MPI_JAR, OMPI_HOME/lib, Open MPI's libdir) or, on Debian (12 or 13),
#      one compiled from Debian's own openmpi source package at the installed version. A jar
#      given as MPI_JAR is remembered (build/mpi/mpi.jar links to it) for bin/jckpt and later runs.
#   3. The Java modules (Maven) and the JNI libraries (CMake): jckpt's, and jckpt's MPI binding
#      against every MPI found (MPI_HOME's, OMPI_HOME's, the mpicc on PATH, Debian's Open MPI and
#      MPICH), each in its own build directory, named as the launcher looks for it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
say() { echo "setup: $*" >&2; }

install_packages() {
  local wanted=(openmpi-bin libopenmpi-dev mpich libmpich-dev cmake gcc make dpkg-dev)
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    say "missing packages: ${missing[*]}; run: sudo apt-get install ${missing[*]}"; exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update -q >/dev/null
  local before
  before=$(alternative_values)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  keep_alternatives "$before"
}

# Where plain mpirun and mpicc point: "NAME VALUE" a line.
alternative_values() {
  local name
  for name in mpirun mpi; do
    echo "$name $(update-alternatives --query "$name" 2>/dev/null | sed -n 's/^Value: //p')"
  done
}

# Installing an MPI must not move plain mpirun and mpicc off the MPI they pointed at ($1, as
# alternative_values printed it): Debian's priorities keep them on Open MPI; if not, they go back.
keep_alternatives() {
  local name value
  while read -r name value; do
    [ -n "$value" ] || continue
    if [ "$(update-alternatives --query "$name" | sed -n 's/^Value: //p')" != "$value" ]; then
      say "installing moved the $name alternative; setting it back to $value"
      update-alternatives --set "$name" "$value" >/dev/null
    fi
  done <<<"$1"
}

# Prints the path of an mpi.jar the site already has, if any: MPI_JAR (remembered as the link
# $1), the one remembered so, OMPI_HOME's, or the one in Open MPI's libdir.
site_mpi_jar() {
  local remembered=$1
  if [ -n "${MPI_JAR:-}" ]; then
    [ -f "$MPI_JAR" ] || { say "MPI_JAR=$MPI_JAR does not exist"; exit 1; }
    mkdir -p "$(dirname "$remembered")"
    rm -f "$remembered" "$remembered.version"
    ln -s "$(readlink -f "$MPI_JAR")" "$remembered"
    echo "$remembered"; return
  fi
  if [ -L "$remembered" ]; then
    [ -f "$remembered" ] || { say "$remembered links to $(readlink "$remembered"), which is gone; rerun with MPI_JAR=<mpi.jar>, or remove the link to build one"; exit 1; }
    echo "$remembered"; return
  fi
  if [ -n "${OMPI_HOME:-}" ] && [ -f "$OMPI_HOME/lib/mpi.jar" ]; then echo "$OMPI_HOME/lib/mpi.jar"; return; fi
  local libdir
  libdir=$(ompi_info --path libdir --parsable 2>/dev/null | sed -n 's/^path:libdir://p')
  if [ -n "$libdir" ] && [ -f "$libdir/mpi.jar" ]; then echo "$libdir/mpi.jar"; fi
}

# Runs a command quietly; if it fails, says so in one line: apt's own error if it gave one.
quietly() {
  local what=$1 out
  shift
  if ! out=$("$@" 2>&1); then
    say "$what failed: $(grep -m1 -E '^(E|dpkg-source: error|error):' <<<"$out" || grep -m1 '^W:' <<<"$out" || tail -1 <<<"$out")"
    exit 1
  fi
}

work=
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

# Compiles mpi.jar from Debian's openmpi source package, at exactly the installed version, from
# this Debian release's suites (VERSION_CODENAME in /etc/os-release).
build_debian_mpi_jar() {
  local out=$1 version codename
  version=$(dpkg-query -W -f='${source:Version}' libopenmpi-dev)
  if [ -f "$out" ] && [ "$(cat "$out.version" 2>/dev/null)" = "$version" ]; then return; fi
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$codename" ] || { say "cannot tell the Debian release (no VERSION_CODENAME in /etc/os-release); set MPI_JAR"; exit 1; }
  say "building mpi.jar from Debian $codename's openmpi $version sources"
  work=$(mktemp -d)
  mkdir -p "$work/lists/partial" "$work/classes"
  {
    for s in "$codename" "$codename-updates"; do echo "deb-src http://deb.debian.org/debian $s main"; done
    echo "deb-src http://deb.debian.org/debian-security $codename-security main"
  } > "$work/sources.list"
  local apt_opts=(-oDir::Etc::SourceList="$work/sources.list" -oDir::Etc::SourceParts=/dev/null
                  -oDir::State::Lists="$work/lists" -q)
  quietly "apt-get update (deb-src of $codename)" apt-get "${apt_opts[@]}" update
  (cd "$work" && quietly "apt-get source openmpi=$version" apt-get "${apt_opts[@]}" source --download-only "openmpi=$version")
  (cd "$work" && quietly "unpacking openmpi $version" dpkg-source -x ./*.dsc src)
  javac -nowarn -d "$work/classes" "$work"/src/ompi/mpi/java/java/*.java
  mkdir -p "$(dirname "$out")"
  rm -f "$out"
  jar cf "$out" -C "$work/classes" .
  echo "$version" > "$out.version"
  rm -rf "$work"
  work=
}

# Where jckpt's binding for an MPI of kind $1 (openmpi, mpich) installed at prefix $2 is built; as
# MpiChoice.bindingDir names it: Open MPI under /usr in build/native, another kind under /usr in
# build/native-KIND, an MPI elsewhere in build/native-KIND-PREFIX (slashes as underscores).
binding_dir() {
  local kind=$1 at
  at=$(realpath -m "$2" | sed 's|^/||; s|/|_|g')
  if [ "$at" = usr ]; then
    [ "$kind" = openmpi ] && echo build/native || echo "build/native-$kind"
  else
    echo "build/native-$kind-$at"
  fi
}

# The kind of the MPI installed at prefix $1: Open MPI has ompi_info, MPICH has Hydra.
mpi_kind() {
  if [ -x "$1/bin/ompi_info" ]; then echo openmpi
  elif [ -x "$1/bin/mpiexec.hydra" ]; then echo mpich
  fi
}

# Every MPI to build the binding against, one "KIND PREFIX MPICC" a line: MPI_HOME's, OMPI_HOME's,
# a site's mpicc on PATH (Debian's own are its alternatives in /usr/bin), Debian's by their real names.
mpis_here() {
  local home kind mpicc
  for home in "${MPI_HOME:-}" "${OMPI_HOME:-}"; do
    [ -n "$home" ] || continue
    kind=$(mpi_kind "$home")
    [ -n "$kind" ] || { say "$home holds neither Open MPI (bin/ompi_info) nor MPICH (bin/mpiexec.hydra)"; exit 1; }
    mpicc=$home/bin/mpicc
    [ ! -x "$home/bin/mpicc.$kind" ] || mpicc=$home/bin/mpicc.$kind # an alternatives' link may be another MPI's
    echo "$kind $home $mpicc"
  done
  mpicc=$(command -v mpicc || true)
  if [ -n "$mpicc" ] && [ "$(dirname "$(realpath "$(dirname "$mpicc")")")" != /usr ]; then
    home=$(dirname "$(realpath "$(dirname "$mpicc")")")
    kind=$(mpi_kind "$home")
    [ -z "$kind" ] || echo "$kind $home $mpicc"
  fi
  [ ! -x /usr/bin/mpicc.openmpi ] || echo "openmpi /usr /usr/bin/mpicc.openmpi"
  [ ! -x /usr/bin/mpicc.mpich ] || echo "mpich /usr /usr/bin/mpicc.mpich"
}

# jckpt's libraries in build/native; the MPI binding (and its C benchmark) against each MPI, with
# that MPI's own mpicc. A directory configured with another mpicc starts afresh.
build_native() {
  local kind prefix mpicc dir targets mpis built=" "
  mpis=$(mpis_here)
  while read -r kind prefix mpicc; do
    [ -n "$kind" ] || continue
    dir=$(binding_dir "$kind" "$prefix")
    case "$built" in *" $dir "*) continue ;; esac # the first way an MPI was named wins
    built+="$dir "
    if [ -f "$dir/CMakeCache.txt" ] && ! grep -qx "MPI_C_COMPILER:[A-Z]*=$mpicc" "$dir/CMakeCache.txt"; then
      rm -f "$dir/CMakeCache.txt"
    fi
    say "building jckpt's MPI binding against $kind at $prefix ($mpicc) in $dir"
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DMPI_C_COMPILER="$mpicc" >/dev/null
    targets=(--target jckpt_mpi jckpt_mpi_bench)
    [ "$dir" != build/native ] || targets=()
    cmake --build "$dir" -j 2 "${targets[@]}" >/dev/null
  done <<<"$mpis"
  [ -f build/native/libjckpt.so ] || { cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null; cmake --build build/native -j 2 >/dev/null; }
}

install_packages
mpi_jar=$(site_mpi_jar "$top/build/mpi/mpi.jar")
if [ -z "$mpi_jar" ]; then
  mpi_jar=$top/build/mpi/mpi.jar
  build_debian_mpi_jar "$mpi_jar"
fi
[ -f "$mpi_jar" ] || { say "mpi.jar not found at $mpi_jar"; exit 1; }
say "using $mpi_jar"
mvn -B -q -Dstyle.color=never install:install-file -Dfile="$mpi_jar" -DgroupId=org.open-mpi -DartifactId=mpi-java \
    -Dversion=site -Dpackaging=jar

say "building the Java modules"
mvn -B -q -Dstyle.color=never -DskipTests install
say "building the native libraries"
build_native
say "done; bin/jckpt is ready"
