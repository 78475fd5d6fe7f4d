#!/bin/bash
# Entrypoint for stackctl/timescaledb: the environment contract of the public timescale/timescaledb
# (and postgres) images, reimplemented for Debian's packages.
#   POSTGRES_USER       superuser name (default postgres)
#   POSTGRES_PASSWORD   its password; required unless POSTGRES_HOST_AUTH_METHOD=trust
#   POSTGRES_DB         database created at init (default: POSTGRES_USER)
#   POSTGRES_HOST_AUTH_METHOD  auth for `host all all all` (default scram-sha-256)
#   POSTGRES_INITDB_ARGS extra initdb arguments
#   PGDATA              data directory (default /var/lib/postgresql/data)
#   POSTGRES_PASSWORD_FILE, POSTGRES_USER_FILE, POSTGRES_DB_FILE, POSTGRES_INITDB_ARGS_FILE
#                       the value read from a file instead (a secret under /run/secrets/); setting
#                       both X and X_FILE is an error
# An empty data directory is initialised once; a data directory that already holds a cluster is
# used as it is. The server runs as the postgres user and replaces this script (exec), so it is
# the container's main process and receives stop signals directly.
set -Eeuo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*" >&2; }

# X_FILE -> X, read while still root (a secret file may be readable by root only); X_FILE is then
# unset, so the re-exec as postgres below sees X alone.
file_env() {
    local var=$1 file_var="$1_FILE"
    local val="${!var:-}" file="${!file_var:-}"
    if [ -z "$file" ]; then
        return 0
    fi
    if [ -n "$val" ]; then
        log "error: both $var and $file_var are set; set only one ($file_var names a file holding the value)"
        exit 1
    fi
    if [ ! -f "$file" ] || [ ! -r "$file" ]; then
        log "error: $file_var: cannot read $file (missing, not a file, or not readable by uid $(id -u));" \
            "mount the secret there or correct $file_var"
        exit 1
    fi
    val=$(< "$file")
    if [ -z "$val" ]; then
        log "error: $file_var: $file is empty; write the value into it"
        exit 1
    fi
    export "$var=$val"
    unset "$file_var"
}
for v in POSTGRES_PASSWORD POSTGRES_USER POSTGRES_DB POSTGRES_INITDB_ARGS; do
    file_env "$v"
done

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
export PGDATA POSTGRES_USER POSTGRES_DB

# `docker run image -c foo=bar` means: postgres -c foo=bar
if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" != postgres ]; then
    exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chmod 0700 "$PGDATA" || :
    chmod 3777 /var/run/postgresql
    # only files not yet owned by postgres (a fresh volume or bind mount); cheap on a reused volume
    find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' + || :
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
        log "error: the database is uninitialised and POSTGRES_PASSWORD is not set;" \
            "set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without one)"
        exit 1
    fi
    log "initialising a new cluster in $PGDATA for user $POSTGRES_USER, database $POSTGRES_DB"
    pwfile=$(mktemp)
    trap 'rm -f "$pwfile"' EXIT
    printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host="$POSTGRES_HOST_AUTH_METHOD" ${POSTGRES_INITDB_ARGS:-} >/dev/null
    rm -f "$pwfile"
    trap - EXIT
    {
        echo
        echo "# added by docker-entrypoint.sh"
        echo "host all all all $POSTGRES_HOST_AUTH_METHOD"
    } >> "$PGDATA/pg_hba.conf"
    {
        echo
        echo "# added by docker-entrypoint.sh"
        echo "listen_addresses = '*'"
        echo "port = 5432"
        echo "shared_preload_libraries = 'timescaledb'"
        echo "timescaledb.telemetry_level = off"
        echo "jit = off"
    } >> "$PGDATA/postgresql.conf"

    # A temporary server for the database, the extension and init scripts: no TCP, and its socket
    # in a private directory, so a health check (pg_isready on the default socket) cannot report
    # ready before the real server runs.
    initsock=$(mktemp -d)
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=$initsock -p 5432" -w -t 60 start >/dev/null
    export PGHOST="$initsock"
    psql=(psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --no-password)
    if [ "$POSTGRES_DB" != postgres ]; then
        "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')\gexec
SQL
    fi
    for db in template1 "$POSTGRES_DB"; do
        "${psql[@]}" --dbname "$db" -c 'CREATE EXTENSION IF NOT EXISTS timescaledb;'
    done
    shopt -s nullglob
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh) log "running $f"; . "$f" ;;
            *.sql) log "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
            *.sql.gz) log "running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
            *) log "ignoring $f" ;;
        esac
    done
    shopt -u nullglob
    pg_ctl -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
    unset PGHOST
    rmdir "$initsock" 2>/dev/null || :
    log "initialisation complete"
else
    log "using the existing cluster in $PGDATA (PostgreSQL $(cat "$PGDATA/PG_VERSION")); skipping initialisation"
fi

# the server does not need the password: keep it out of its environment
unset POSTGRES_PASSWORD
exec "$@"
