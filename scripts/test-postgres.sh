#!/usr/bin/env bash
# A throwaway PostgreSQL server for the team-backend tests (Pulumi's PostgreSQL DIY backend).
#
#   url=$(bash scripts/test-postgres.sh start <dir>)   # prints the connection URL (one line) on stdout
#   bash scripts/test-postgres.sh stop <dir>
#
# The cluster lives in <dir> (created if missing), listens on 127.0.0.1 only, on a free port, and has one role,
# `pulumi`, with a random password. The password never appears in the URL, a command line or a log: it is written
# to a 0600 pgpass file in <dir>, and the URL names that file (`passfile=`, read by lib/pq, the driver the Pulumi
# CLI uses). Run as root (CI), the server runs as the `postgres` system user that Debian's package creates.
# Needs Debian's `postgresql` package (`.ci/run` installs it) or any PostgreSQL >= 12 with initdb on PATH.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [[ -z "$cmd" || -z "$dir" ]]; then
    echo "usage: $0 start|stop <dir>" >&2
    exit 2
fi

pg_bin() {
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return
    fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z "$found" || ! -x "$found/initdb" ]]; then
        echo "test-postgres: PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin);" \
            "install Debian's package: apt-get update && apt-get install -y postgresql" >&2
        exit 3
    fi
    echo "$found"
}

# Run a PostgreSQL program as a user it accepts (it refuses root).
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

bin=$(pg_bin)
data="$dir/data"

case "$cmd" in
start)
    mkdir -p "$dir"
    chmod 700 "$dir"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres "$dir"
    fi
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077 && printf '%s\n' "$password" >"$dir/initpw")
    [[ "$(id -u)" == 0 ]] && chown postgres "$dir/initpw"
    as_owner "$bin/initdb" -D "$data" -U pulumi --auth-local=peer --auth-host=scram-sha-256 \
        --pwfile="$dir/initpw" >"$dir/initdb.log" 2>&1 || {
        rm -f "$dir/initpw"
        echo "test-postgres: initdb failed, see $dir/initdb.log" >&2
        exit 1
    }
    rm -f "$dir/initpw"
    port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" \
        start >/dev/null || {
        echo "test-postgres: the server did not start, see $dir/server.log" >&2
        exit 1
    }
    # pgpass: host:port:database:user:password, readable by the tests' user only.
    (umask 077 && printf '127.0.0.1:%s:*:pulumi:%s\n' "$port" "$password" >"$dir/pgpass")
    echo "postgres://pulumi@127.0.0.1:$port/postgres?sslmode=disable&passfile=$dir/pgpass"
    ;;
stop)
    if [[ -d "$data" ]]; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
*)
    echo "usage: $0 start|stop <dir>" >&2
    exit 2
    ;;
esac
