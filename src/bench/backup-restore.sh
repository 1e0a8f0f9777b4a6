#!/usr/bin/env bash
# Benchmark: a backup and a restore of the embedded database holding N events (default 10 000),
# as README "Backups" describes them. Starts its own server (ports moved by OFFSET, default 700:
# HTTP 8780), fills one calendar by CalDAV, takes a backup through the admin endpoint while the
# server serves, stops it, restores the backup with src/backup/restore.sh into a new folder and
# starts a server there; prints the backup's size and each time (the restore's own, and the first
# start on the restored folder, which applies it, until /api/v1/status answers).
#
# Needs: curl, unzip, the provisioned server (mvn -o package -DskipTests), the embedded H2.
# Usage: [EVENTS=10000] [OFFSET=700] src/bench/backup-restore.sh
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
. "$project/src/bench/lib.sh"
events="${EVENTS:-10000}"
offset="${OFFSET:-700}"
base="http://127.0.0.1:$((8080 + offset))"
work=$(mktemp -d)
export CALENDARPIPE_ADMINS="bench-admin@calendarpipe.test" CALENDARPIPE_BACKUP_DIR="$work/backups" CALENDARPIPE_BACKUP_EVERY=0
unset CALENDARPIPE_DB_URL CALENDARPIPE_REVOCATION_LOG

fail() { echo "$*" >&2; exit 1; }
cleanup() { bench_server_stop "$dir" || true; rm -rf "$work"; }
dir="$work/server"
trap cleanup EXIT
now() { date +%s.%N; }
since() { printf '%.2f' "$(echo "$(now) - $1" | bc -l)"; }

bench_server_start "$project" "$dir" "$offset" || fail "no server"
bench_account "$base" backup
headers="$work/headers"
printf 'Authorization: Bearer %s\n' "$BENCH_KEY" > "$headers"
calendar=$(curl -sf -X POST "$base/api/v1/hosted-calendars" -H "@$headers" -H 'Content-Type: application/json' \
    -d '{"name":"Benchmark","timezone":"UTC"}' | bench_json id)
t=$(now)
bench_fill "$base/dav/calendars/$BENCH_ACCOUNT/$calendar/" "$headers" "$events"
echo "filled one calendar with $events events in $(since "$t") s"

# the admin: signed up, signed in, proved with the setup token from the log (no mail here)
password="bench-admin-password-$RANDOM$RANDOM"
curl -s -o /dev/null -X POST "$base/api/v1/accounts" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$CALENDARPIPE_ADMINS\",\"password\":\"$password\",\"displayName\":\"Admin\"}"
csrf=$(curl -sf -c "$work/jar" -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$CALENDARPIPE_ADMINS\",\"password\":\"$password\"}" | bench_json csrfToken)
token=$(grep -ao 'ADMIN SETUP: .* valid for 24 hours: [0-9a-f]\{40\}' "$dir/console.log" | tail -1 | grep -o '[0-9a-f]\{40\}$')
curl -sf -o /dev/null -b "$work/jar" -X POST "$base/api/v1/account/admin-setup" -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $csrf" -d "{\"token\":\"$token\"}" || fail "admin setup failed"

t=$(now)
answer=$(curl -sf -b "$work/jar" -X POST "$base/api/v1/admin/backups" -H "X-CSRF-Token: $csrf") || fail "the backup failed"
backup_s=$(since "$t")
name=$(echo "$answer" | bench_json name)
bytes=$(stat -c %s "$work/backups/$name")
db_bytes=$(stat -c %s "$dir/data/calendarpipe.mv.db")
bench_server_stop "$dir"

t=$(now)
"$project/src/backup/restore.sh" "$work/backups/$name" "$work/restored/data" > /dev/null
restore_s=$(since "$t")
mkdir -p "$work/restored/deployments"
cp -r "$dir/configuration" "$work/restored/configuration"
cp "$project/target/ROOT.war" "$work/restored/deployments/"
t=$(now)
dir="$work/restored"
bench_server_start "$project" "$dir" "$offset" || fail "the restored server did not start"
start_s=$(since "$t")
count=$(curl -sf -X PROPFIND -H "@$headers" -H 'Depth: 1' "$base/dav/calendars/$BENCH_ACCOUNT/$calendar/" | grep -o '<d:response>' | wc -l || true)

printf 'events %s, database file %s bytes, backup %s bytes (zip)\n' "$events" "$db_bytes" "$bytes"
printf 'backup (admin endpoint, server serving): %s s\n' "$backup_s"
printf 'restore (checksum, unzip, marker):       %s s\n' "$restore_s"
printf 'first start on the restored folder:      %s s (members listed after it: %s)\n' "$start_s" "$((count - 1))"
