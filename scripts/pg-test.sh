#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (fsync off, trust auth on
# loopback and on its socket, nothing kept).
#   scripts/pg-test.sh start DIR          -> prints postgresql://skolesec@127.0.0.1:PORT/skolesec_test
#   scripts/pg-test.sh createdb DIR NAME  -> prints the URL of a fresh database NAME owned by skolesec
#   scripts/pg-test.sh url DIR [NAME]     -> prints the URL of an existing database (default skolesec_test)
#   scripts/pg-test.sh stop DIR           -> stops the cluster and removes DIR
# stdout carries only the URL; progress and errors go to stderr, the server
# log to DIR/postgres.log. As root, the server runs as the `postgres` user.
# DIR may be anywhere: if the postgres user cannot reach it, the cluster lives
# in a private directory under /tmp and DIR becomes a symlink to it.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ROLE=skolesec
DB=skolesec_test

die() { echo "pg-test: $*" >&2; exit 1; }
usage() { sed -n '2,7p' "$0" >&2; exit 2; }

[ $# -ge 2 ] || usage
cmd=$1
dir=$(realpath -m -s -- "$2")

is_root=0
[ "$(id -u)" = 0 ] && is_root=1

# Runs a command as the cluster's owner, from a directory it can enter.
as_pg() {
    if [ "$is_root" = 1 ]; then
        (cd "$real" && runuser -u postgres -- "$@")
    else
        (cd "$real" && "$@")
    fi
}

port_of() { cat "$real/port" 2>/dev/null || die "no cluster in $dir (missing $dir/port)"; }

psql_admin() {
    as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$real" -p "$(port_of)" -U postgres -d postgres "$@"
}

url() { echo "postgresql://$ROLE@127.0.0.1:$(port_of)/$1"; }

running() {
    [ -f "$real/data/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$real/data" status >/dev/null 2>&1
}

port_free() {
    [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
}

valid_name() { [[ $1 =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; }

resolve_real() { real=$(realpath -m -- "$dir"); }

case "$cmd" in
start)
    [ $# -eq 2 ] || usage
    [ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found (install postgresql-15)"
    resolve_real
    if running; then
        echo "pg-test: cluster in $dir already running" >&2
        url "$DB"
        exit 0
    fi
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        die "$dir exists and is not empty; stop it first or pick another DIR"
    fi
    mkdir -p "$dir"
    real=$dir
    if [ "$is_root" = 1 ]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' system user (install postgresql-15)"
        if ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
            rmdir "$dir"
            real=$(mktemp -d /tmp/skolesec-pg.XXXXXX)
            ln -s "$real" "$dir"
        fi
        chown postgres:postgres "$real"
    fi
    chmod 700 "$real"
    touch "$real/.pg-test"
    # A socket path is limited to 107 bytes.
    [ ${#real} -le 80 ] || die "path too long for a unix socket: $real"

    as_pg "$PGBIN/initdb" -D "$real/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$real/initdb.log" 2>&1 ||
        { cat "$real/initdb.log" >&2; die "initdb failed"; }
    cat >>"$real/data/postgresql.conf" <<CONF

# pg-test.sh: throwaway cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$real'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
CONF

    started=0
    for _ in $(seq 1 20); do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        port_free "$port" || continue
        echo "$port" >"$real/port"
        [ "$is_root" = 1 ] && chown postgres:postgres "$real/port"
        if as_pg "$PGBIN/pg_ctl" -D "$real/data" -l "$real/postgres.log" -w -t 60 \
            -o "-p $port" start >/dev/null 2>&1; then
            started=1
            break
        fi
        # Lost a race for the port (or worse): the log tells.
        tail -n 3 "$real/postgres.log" >&2 || true
    done
    [ "$started" = 1 ] || die "could not start PostgreSQL (see $dir/postgres.log)"

    psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB" \
        -c "CREATE DATABASE $DB OWNER $ROLE TEMPLATE template0 ENCODING 'UTF8'" >&2 ||
        die "could not create role/database"
    echo "pg-test: started PostgreSQL 15 in $dir on 127.0.0.1:$port" >&2
    url "$DB"
    ;;
createdb)
    [ $# -eq 3 ] || usage
    name=$3
    valid_name "$name" || die "bad database name '$name' (use [a-z_][a-z0-9_]*)"
    resolve_real
    running || die "no running cluster in $dir"
    psql_admin -c "CREATE DATABASE $name OWNER $ROLE TEMPLATE template0 ENCODING 'UTF8'" >&2 ||
        die "could not create database $name"
    url "$name"
    ;;
url)
    [ $# -le 3 ] || usage
    resolve_real
    running || die "no running cluster in $dir"
    url "${3:-$DB}"
    ;;
stop)
    [ $# -eq 2 ] || usage
    resolve_real
    [ -e "$dir" ] || { echo "pg-test: $dir does not exist" >&2; exit 0; }
    [ -f "$real/.pg-test" ] || die "$dir was not made by pg-test.sh; not removing it"
    if running; then
        as_pg "$PGBIN/pg_ctl" -D "$real/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$PGBIN/pg_ctl" -D "$real/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
            die "could not stop the cluster in $dir"
    fi
    rm -rf -- "$real"
    if [ -L "$dir" ]; then rm -f -- "$dir"; fi
    echo "pg-test: stopped and removed $dir" >&2
    ;;
*)
    usage
    ;;
esac
