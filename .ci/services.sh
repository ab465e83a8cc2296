#!/usr/bin/env bash
# Installs (only what is missing, from Debian) and starts on loopback the services that the
# cluster tests (tests/test_cluster_*.cpp) and bench/cluster.sh use:
#
#   PostgreSQL + PostGIS  127.0.0.1:5432, role rxmap (password rxmap; trusted on loopback),
#                         databases rxmap and rxmap_test, each with the postgis extension
#   Redis                 127.0.0.1:6379, maxmemory 256mb, allkeys-lru, no persistence
#
# Idempotent: running it again starts what is down and changes nothing else.
# Run as root (CI and ./setup.sh test do). Prints one line per service; exits non-zero
# when a service could not be started.
#
# Environment: RXMAP_PG_PORT (5432), RXMAP_REDIS_PORT (6379), RXMAP_REDIS_MAXMEMORY (256mb).
set -euo pipefail

PG_PORT="${RXMAP_PG_PORT:-5432}"
REDIS_PORT="${RXMAP_REDIS_PORT:-6379}"
REDIS_MAXMEMORY="${RXMAP_REDIS_MAXMEMORY:-256mb}"
PG_ROLE=rxmap
PG_PASSWORD=rxmap
PG_DATABASES=(rxmap rxmap_test)

say() { printf 'services: %s\n' "$*"; }
die() { printf 'services: %s\n' "$*" >&2; exit 1; }

(( EUID == 0 )) || die "run as root (installs packages and starts services)"

installed() { [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]; }

apt_install() {
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The packages' own start attempts may fail in a container; this script starts them itself.
  local i
  for i in 1 2 3; do
    if apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
      return 0
    fi
    say "apt-get failed (try $i), retrying in $((i * 5)) s"
    sleep $((i * 5))
  done
  die "could not install ${missing[*]}"
}

# ---------------------------------------------------------------------------- PostgreSQL
apt_install postgresql postgresql-common redis-server
# The newest installed server (a client alone also has /usr/lib/postgresql/N/bin).
PG_VERSION="$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sed 's|/usr/lib/postgresql/\([^/]*\)/.*|\1|' | sort -V | tail -1)"
[[ -n "$PG_VERSION" ]] || die "no PostgreSQL server under /usr/lib/postgresql"
apt_install "postgresql-$PG_VERSION-postgis-3"

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" '$1 == v && $2 == "main"' | grep -q .; then
  say "creating cluster $PG_VERSION/main"
  pg_createcluster "$PG_VERSION" main -p "$PG_PORT" >/dev/null
fi
PG_CONF_DIR="/etc/postgresql/$PG_VERSION/main"
PG_HBA="$PG_CONF_DIR/pg_hba.conf"
# Loopback only; role rxmap may log in from 127.0.0.1/::1 without a password (dev and CI).
conf_changed=0
if ! grep -q '^# rxmap: loopback trust' "$PG_HBA"; then
  tmp="$(mktemp)"
  {
    echo "# rxmap: loopback trust for the rxmap role (.ci/services.sh; dev and CI only)"
    echo "host    all    $PG_ROLE    127.0.0.1/32    trust"
    echo "host    all    $PG_ROLE    ::1/128         trust"
    cat "$PG_HBA"
  } >"$tmp"
  cat "$tmp" >"$PG_HBA"
  rm -f "$tmp"
  conf_changed=1
fi
PG_CONF_D="$PG_CONF_DIR/conf.d"
mkdir -p "$PG_CONF_D"
want="listen_addresses = '127.0.0.1'
port = $PG_PORT
max_connections = 200
synchronous_commit = off"
if [[ "$(cat "$PG_CONF_D/rxmap.conf" 2>/dev/null || true)" != "$want" ]]; then
  printf '%s\n' "$want" >"$PG_CONF_D/rxmap.conf"
  chown postgres:postgres "$PG_CONF_D/rxmap.conf"
  conf_changed=1
fi

pg_status() { pg_ctlcluster "$PG_VERSION" main status >/dev/null 2>&1; }
if pg_status; then
  # A changed port/listen address needs a restart; pg_hba only a reload.
  if ((conf_changed)); then pg_ctlcluster "$PG_VERSION" main restart; fi
else
  # A stale pid file of a killed server would stop pg_ctl: it checks the pid itself.
  pg_ctlcluster "$PG_VERSION" main start || {
    tail -20 "/var/log/postgresql/postgresql-$PG_VERSION-main.log" >&2 || true
    die "PostgreSQL $PG_VERSION/main did not start"
  }
fi
for i in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL is not accepting connections on 127.0.0.1:$PG_PORT"

psql_admin() { PGOPTIONS='-c client_min_messages=warning' runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }
psql_admin -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
    CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
for db in "${PG_DATABASES[@]}"; do
  if [[ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
    psql_admin -d postgres -c "CREATE DATABASE $db OWNER $PG_ROLE"
  fi
  psql_admin -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis"
done
postgis="$(psql -X -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d rxmap_test -tAc 'SELECT postgis_lib_version()')" \
  || die "role $PG_ROLE cannot use PostGIS in rxmap_test"
say "PostgreSQL $PG_VERSION + PostGIS $postgis on 127.0.0.1:$PG_PORT (role $PG_ROLE; databases ${PG_DATABASES[*]})"

# ---------------------------------------------------------------------------- Redis
redis_ok() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" == PONG ]]; }
if ! redis_ok; then
  mkdir -p /var/lib/rxmap-redis /var/log/rxmap
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --dir /var/lib/rxmap-redis --save '' --appendonly no \
    --pidfile /run/rxmap-redis-"$REDIS_PORT".pid --logfile /var/log/rxmap/redis-"$REDIS_PORT".log \
    --maxmemory "$REDIS_MAXMEMORY" --maxmemory-policy allkeys-lru
  for i in $(seq 1 40); do redis_ok && break; sleep 0.25; done
  redis_ok || { tail -20 /var/log/rxmap/redis-"$REDIS_PORT".log >&2 || true; die "Redis did not start on 127.0.0.1:$REDIS_PORT"; }
fi
# Also when Debian's own service was already running: the budget and the eviction policy.
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" CONFIG SET maxmemory "$REDIS_MAXMEMORY" >/dev/null
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" CONFIG SET maxmemory-policy allkeys-lru >/dev/null
say "Redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT (maxmemory $REDIS_MAXMEMORY, allkeys-lru)"
