#!/usr/bin/env bash
# Install PostgreSQL from Debian's packages, start it on localhost, create a role and a database for the
# tests, and export PARLEY_TEST_POSTGRES_URL (the store tests then run against it as well as SQLite).
# Use:  source .ci/postgres.sh      (or run it: it prints the URL on its last line)
# Idempotent: an installed, running server is reused; the role and database are created once.
_pg_setup() {
  local db=parley_test role=parley password=parley port=5432 version
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
    pg_createcluster "$version" main >/dev/null || return 1
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
    pg_ctlcluster "$version" main start || return 1
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  local psql="su postgres -c"
  if ! $psql "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$role'\"" | grep -q 1; then
    $psql "psql -p $port -qc \"CREATE ROLE $role LOGIN PASSWORD '$password'\"" || return 1
  fi
  if ! $psql "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1; then
    $psql "createdb -p $port -O $role $db" || return 1
  fi
  export PARLEY_TEST_POSTGRES_URL="postgresql+psycopg://$role:$password@localhost:$port/$db"
  echo "$PARLEY_TEST_POSTGRES_URL"
}
_pg_setup || echo "postgres.sh: could not set up PostgreSQL; the PostgreSQL store tests will be skipped" >&2
unset -f _pg_setup
