#!/usr/bin/env bash
# Prints a DATABASE_URL for a local PostgreSQL test database, starting one first when none answers:
# the one already on 127.0.0.1:5432, else a PostgreSQL 15 installed from Debian's packages (root only).
set -euo pipefail

answers() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

if ! answers; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "No PostgreSQL on 127.0.0.1:5432 and cannot install one (needs root on Debian)." >&2
    exit 1
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian's packages…" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  version=$(ls /etc/postgresql | sort -n | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # Local-only test server: trust loopback connections, as the CI machine's own server does.
  if ! grep -q "selfcare-ci" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # selfcare-ci\nhost all all ::1/128 trust # selfcare-ci' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || pg_ctlcluster "$version" main start >&2
  for _ in $(seq 1 30); do answers && break; sleep 1; done
fi

if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'test'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -qc "create database test" >&2
fi
echo "postgres://postgres@127.0.0.1:5432/test"
