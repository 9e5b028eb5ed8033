#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the PostgreSQL specs: Debian's package (installed if
# missing), a fresh data folder, a free port on 127.0.0.1 only. Source it; it exports
# ACTORS_TEST_POSTGRES (a connection string) and PG_STOP (the command that stops the server).
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ]; then
  echo "ci: installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
bin=$(pg_bin)

pg_dir=$(mktemp -d /tmp/actors-pg.XXXXXX)
chmod 755 "$pg_dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$pg_dir"; runuser -u postgres -- "$@"; else "$@"; fi; }

as_pg "$bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE ROLE actors LOGIN PASSWORD 'actors';" -c "CREATE DATABASE actors OWNER actors;"

export ACTORS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Database=actors;Username=actors;Password=actors"
export PG_STOP="as_pg $bin/pg_ctl -D $pg_dir/data -m fast stop"
echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
