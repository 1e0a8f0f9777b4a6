#!/usr/bin/env bash
# Benchmark: a one-month window of events costs what the answer costs, not what the calendar
# holds. Two calendars of one account hold the same 40 events in June 2026; one holds 960
# more events elsewhere in time (1 000 in all), the other 99 960 more (100 000 in all).
# Measures side by side, in alternating rounds, the req/s of
# `GET /api/v1/calendars/{id}/events?start=2026-06-01…&end=2026-07-01…` on each, and prints
# the ratio 100k/1k. Target: >= 0.5 (the 100 000 case within 2x of the 1 000 case).
#
# The bulk events are written straight into PostgreSQL (the same columns the store indexes,
# computed for plain one-hour UTC events), since 100 000 REST calls would take longer than
# the measurement; the 40 events of the month go through the REST API.
#
# Needs: the server on PostgreSQL, wrk and psql:
#   psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE calendarpipe_bench'
#   CALENDARPIPE_DB_URL=jdbc:postgresql://127.0.0.1:5432/calendarpipe_bench CALENDARPIPE_DB_USER=postgres \
#       mvn package wildfly:run
# Usage: src/bench/events-window.sh [base-url] [psql-url] [seconds-per-round] [rounds]
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
db="${2:-postgresql://postgres@127.0.0.1:5432/calendarpipe_bench}"
seconds="${3:-10}"
rounds="${4:-3}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing" >&2; exit 1; }
curl -sf "$base/api/v1/status" >/dev/null || { echo "no server at $base" >&2; exit 1; }
psql "$db" -qtAc 'SELECT 1 FROM calendar_objects LIMIT 1' >/dev/null \
    || { echo "the server's database is not reachable as $db" >&2; exit 1; }

json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
email="bench-$(date +%s)-$RANDOM@calendarpipe.test"
password="bench-password-$RANDOM$RANDOM"
curl -sf -X POST "$base/api/v1/accounts" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Benchmark\"}" >/dev/null
jar=$(mktemp)
auth=$(mktemp --suffix=.lua)
headers=$(mktemp)
trap 'rm -f "$jar" "$auth" "$headers"' EXIT
csrf=$(curl -sf -c "$jar" -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json csrfToken)
key=$(curl -sf -b "$jar" -X POST "$base/api/v1/api-keys" -H 'Content-Type: application/json' \
    -H "X-CSRF-Token: $csrf" -d '{"name":"benchmark"}' | json key)
# the key reaches curl and wrk through files, never on a command line that `ps` shows
printf 'Authorization: Bearer %s\nContent-Type: application/json\n' "$key" > "$headers"
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$key" > "$auth"
api() { curl -sf -H "@$headers" "$@"; }

small=$(api -X POST "$base/api/v1/hosted-calendars" -d '{"name":"1 000 events"}' | json id)
large=$(api -X POST "$base/api/v1/hosted-calendars" -d '{"name":"100 000 events"}' | json id)
echo "adding the 40 events of June 2026 to both calendars over REST"
for cal in "$small" "$large"; do
    for i in $(seq 0 39); do
        day=$(( i % 30 + 1 )); hour=$(( 8 + i % 9 ))
        api -X POST "$base/api/v1/calendars/hosted:$cal/events" -o /dev/null \
            -d "$(printf '{"title":"June %d","start_at":"2026-06-%02dT%02d:00:00Z"}' "$i" "$day" "$hour")"
    done
done

bulk() {   # calendar, count: one-hour UTC events every 2 hours from 2000 on (all before 2023)
    psql "$db" -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO calendar_objects (id, calendar_id, name, uid, component, first_start, last_end, long_span, recurring,
                              etag, size_bytes, icalendar, revision, created_at, updated_at, version)
SELECT 'evt_bench_' || substr('$1', 1, 8) || '_' || i, '$1', 'evt_bench_' || substr('$1', 1, 8) || '_' || i || '.ics',
       'bench-' || i || '@calendarpipe.test', 'VEVENT', ts, ts + interval '1 hour', FALSE, FALSE,
       md5(ics), octet_length(ics), ics, 1, now(), now(), 0
FROM (SELECT i, ts, E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CalendarPipe bench//EN\r\nBEGIN:VEVENT\r\n'
             || 'UID:bench-' || i || E'@calendarpipe.test\r\nDTSTAMP:20260101T000000Z\r\n'
             || 'DTSTART:' || to_char(ts, 'YYYYMMDD"T"HH24MISS"Z"') || E'\r\n'
             || 'DTEND:' || to_char(ts + interval '1 hour', 'YYYYMMDD"T"HH24MISS"Z"') || E'\r\n'
             || 'SUMMARY:Bench ' || i || E'\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' AS ics
      FROM (SELECT i, timestamptz '2000-01-01 00:00:00+00' + i * interval '2 hours' AS ts
            FROM generate_series(1, $2) AS i) AS times) AS rows;
ANALYZE calendar_objects;
SQL
}
echo "adding 960 and 99 960 events outside June 2026 in SQL"
bulk "$small" 960
bulk "$large" 99960
for cal in "$small" "$large"; do
    total=$(api "$base/api/v1/calendars/$cal/events?limit=1" | sed -E 's/.*"total":([0-9]+).*/\1/')
    in_month=$(api "$base/api/v1/calendars/$cal/events?start=2026-06-01T00:00:00Z&end=2026-07-01T00:00:00Z" \
        | sed -E 's/.*"total":([0-9]+).*/\1/')
    echo "calendar $cal: $total events, $in_month in the window"
done

window="start=2026-06-01T00:00:00Z&end=2026-07-01T00:00:00Z"
rps() { wrk -t2 -c16 -d"${seconds}s" -s "$auth" "$1" | awk '/Requests\/sec/ {print $2}'; }
warmup=$(( seconds > 30 ? seconds : 30 ))
echo "warm-up (${warmup} s each calendar)"
seconds=$warmup rps "$base/api/v1/calendars/$small/events?$window" >/dev/null
seconds=$warmup rps "$base/api/v1/calendars/$large/events?$window" >/dev/null

total_small=0; total_large=0
printf '%-6s %14s %16s %7s\n' round "1k req/s" "100k req/s" ratio
for round in $(seq 1 "$rounds"); do
    s=$(rps "$base/api/v1/calendars/$small/events?$window")
    l=$(rps "$base/api/v1/calendars/$large/events?$window")
    printf '%-6s %14s %16s %7.3f\n' "$round" "$s" "$l" "$(echo "$l / $s" | bc -l)"
    total_small=$(echo "$total_small + $s" | bc -l)
    total_large=$(echo "$total_large + $l" | bc -l)
done
printf '%-6s %14.0f %16.0f %7.3f   (target >= 0.5)\n' all "$(echo "$total_small / $rounds" | bc -l)" \
    "$(echo "$total_large / $rounds" | bc -l)" "$(echo "$total_large / $total_small" | bc -l)"
