#!/usr/bin/env bash
# Installs what jckpt needs and builds it. Idempotent: a second run only rebuilds.
#   1. Debian packages (Open MPI with its Java bindings' native half, CMake, gcc).
#   2. mpi.jar: the site's (MPI_JAR, OMPI_HOME/lib, Open MPI's libdir) or, on Debian, one
#      compiled from Debian's own openmpi source package at the installed version.
#   3. The Java modules (Maven) and the JNI library (CMake).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
say() { echo "setup: $*" >&2; }

install_packages() {
  local wanted=(openmpi-bin libopenmpi-dev cmake gcc make dpkg-dev)
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
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}

# Prints the path of an mpi.jar the site already has, if any.
site_mpi_jar() {
  if [ -n "${MPI_JAR:-}" ]; then echo "$MPI_JAR"; return; fi
  if [ -n "${OMPI_HOME:-}" ] && [ -f "$OMPI_HOME/lib/mpi.jar" ]; then echo "$OMPI_HOME/lib/mpi.jar"; return; fi
  local libdir
  libdir=$(ompi_info --path libdir --parsable 2>/dev/null | sed -n 's/^path:libdir://p')
  if [ -n "$libdir" ] && [ -f "$libdir/mpi.jar" ]; then echo "$libdir/mpi.jar"; fi
}

# Compiles mpi.jar from Debian's openmpi source package, at exactly the installed version.
build_debian_mpi_jar() {
  local out=$1 version work
  version=$(dpkg-query -W -f='${source:Version}' libopenmpi-dev)
  if [ -f "$out" ] && [ "$(cat "$out.version" 2>/dev/null)" = "$version" ]; then return; fi
  say "building mpi.jar from Debian's openmpi $version sources"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$work/lists/partial" "$work/classes"
  local suites="bookworm bookworm-updates"
  {
    for s in $suites; do echo "deb-src http://deb.debian.org/debian $s main"; done
    echo "deb-src http://deb.debian.org/debian-security bookworm-security main"
  } > "$work/sources.list"
  local apt_opts=(-oDir::Etc::SourceList="$work/sources.list" -oDir::Etc::SourceParts=/dev/null
                  -oDir::State::Lists="$work/lists" -q)
  apt-get "${apt_opts[@]}" update >/dev/null
  (cd "$work" && apt-get "${apt_opts[@]}" source --download-only "openmpi=$version" >/dev/null 2>&1)
  (cd "$work" && dpkg-source -x ./*.dsc src >/dev/null)
  javac -nowarn -d "$work/classes" "$work"/src/ompi/mpi/java/java/*.java
  mkdir -p "$(dirname "$out")"
  jar cf "$out" -C "$work/classes" .
  echo "$version" > "$out.version"
}

install_packages
mpi_jar=$(site_mpi_jar)
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
say "building the native library"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j 2 >/dev/null
say "done; bin/jckpt is ready"
