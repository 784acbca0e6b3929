# Sourced by the batch systems' stop scripts (ci/slurm-stop.sh, ci/sge-stop.sh).
# stop_daemon PIDFILE NAME: stops daemon NAME whose pid file is PIDFILE (SIGTERM, its controlled
# shutdown), waiting for it to exit so that its port is free again; SIGKILL after 30 s. A stale
# pid file's number may belong to another process by now: only NAME is signalled.
stop_daemon() {
  local pid
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] && kill -TERM "$pid"; then
    for _ in $(seq 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -KILL "$pid" 2>/dev/null; then
      echo "$(basename "$0" .sh): $2 (pid $pid) ignored SIGTERM for 30 s; killed" >&2
    fi
  fi
  rm -f "$1"
}
