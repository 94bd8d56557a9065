#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server (Debian's postgresql package, installed when missing) on a loopback
# port for the equality checks, and stops it.
#
#   url=$(scripts/equality/postgres.sh start DIR PORT)   # prints a connection URL
#   scripts/equality/postgres.sh stop DIR
set -euo pipefail
command=${1:?usage: postgres.sh start DIR PORT | stop DIR}
dir=${2:?usage: postgres.sh start DIR PORT | stop DIR}

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [[ -x "$candidate/initdb" ]] && bin=$candidate
done
if [[ -z "$bin" ]]; then
  if command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql </dev/null >&2 \
      || { echo "postgres.sh: cannot install Debian's postgresql package" >&2; exit 1; }
    for candidate in /usr/lib/postgresql/*/bin; do
      [[ -x "$candidate/initdb" ]] && bin=$candidate
    done
  fi
  [[ -n "$bin" ]] || { echo "postgres.sh: PostgreSQL's initdb is not on this machine" >&2; exit 1; }
fi

# The server refuses to run as root: run it as the postgres user when started by root.
as_server() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    port=${3:?usage: postgres.sh start DIR PORT}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    rm -rf "$dir/data"
    [[ "$(id -u)" == 0 ]] && chown postgres "$dir"
    as_server "$bin/initdb" -D "$dir/data" -U segmenta --auth=trust >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://segmenta@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_server "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
    ;;
  *)
    echo "postgres.sh: start or stop, not $command" >&2
    exit 1
    ;;
esac
