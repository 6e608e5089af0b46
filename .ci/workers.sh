#!/usr/bin/env bash
# The Cloudflare Workers checks, self-contained (from a fresh clone after `npm ci`, or alone):
# the offline bundle and its size, a fresh PostgreSQL database migrated from Node (the Worker never
# migrates), route tests inside workerd through the Hyperdrive binding, and a smoke run of
# `wrangler dev --test-scheduled`; then the database is dropped. No network: no login, no
# telemetry, no update check, no Request.cf download. Every step has a time bound.
set -euo pipefail
exec </dev/null
cd "$(dirname "$0")/.."

export WRANGLER_SEND_METRICS=false
export WRANGLER_HIDE_BANNER=true
export CLOUDFLARE_CF_FETCH_ENABLED=false
unset CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID CLOUDFLARE_API_KEY || true

started=$(date +%s)
section() { printf '\n===== Workers: %s (%ss) =====\n' "$1" "$(($(date +%s) - started))"; }

PGHOST=127.0.0.1
PGPORT=5432
DB="sl_workers_ci_$$"
PSQL=(psql -h "$PGHOST" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qAt -d postgres)
db_created=false
cleanup() {
  local rc=$?
  if $db_created; then
    "${PSQL[@]}" -c "drop database if exists \"$DB\" with (force)" >/dev/null 2>&1 || echo "could not drop database $DB" >&2
  fi
  exit $rc
}
trap cleanup EXIT

if [ ! -x node_modules/.bin/wrangler ]; then
  section "npm ci"
  timeout 10m npm ci --no-audit --no-fund
fi

section "bundle (wrangler deploy --dry-run, offline)"
rm -rf .wrangler/dist
timeout 5m npx wrangler deploy --dry-run --outdir .wrangler/dist
bytes=$(wc -c <.wrangler/dist/worker.js)
gz=$(gzip -9 -c .wrangler/dist/worker.js | wc -c)
echo "worker.js: $((bytes / 1024)) KiB, $((gz / 1024)) KiB gzipped (Workers' limits: 3 MiB free plan, 10 MiB paid, gzipped)"

section "PostgreSQL"
if ! pg_isready -h "$PGHOST" -p "$PGPORT" -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 60); do pg_isready -h "$PGHOST" -p "$PGPORT" -q && break; sleep 1; done
fi
"${PSQL[@]}" -c "create database \"$DB\""
db_created=true
echo "fresh database $DB"

section "migrations, from Node (npm run migrate)"
DATABASE_URL="postgres://postgres@$PGHOST:$PGPORT/$DB" timeout 5m npm run migrate

section "route tests in workerd, and wrangler dev --test-scheduled"
# Hyperdrive wants a password in the URL; trust auth ignores it
WORKERS_DATABASE_URL="postgres://postgres:postgres@$PGHOST:$PGPORT/$DB" timeout 10m npx vitest run --config vitest.workers.config.ts

section "done"
