#!/usr/bin/env bash
# Benchmark: CalDAV side by side with Cyrus (a C CalDAV server), the fastest peer we run. Fills
# one calendar on each server with the same N events (default 1 000), then measures with wrk,
# on loopback, the req/s of the requests calendar clients make, alternating the two servers
# round by round so that both see the same machine:
#   propfind-depth1   PROPFIND Depth 1 on the calendar (getetag, resourcetype): a client's listing
#   propfind-depth0   PROPFIND Depth 0 on the calendar (getctag, sync-token): "anything new?"
#   sync-initial      sync-collection REPORT from no token (getetag)
#   query-month       calendar-query REPORT, the VEVENTs of one month (getetag)
#   multiget-50       calendar-multiget REPORT of 50 objects with calendar-data
#   get-object        GET of one object
#   put-object        PUT rewriting one object
# and prints each rate and the ratio CalendarPipe / Cyrus.
#
# Needs: a running CalendarPipe server (README: `mvn package wildfly:run`, or the base URL as the
# first argument) and Cyrus started by src/bench/cyrus-start.sh (run as root; its `export` lines
# set CALDAV_URL, CALDAV_USER and CALDAV_PASS), wrk (`apt-get install wrk`).
# Usage: eval "$(src/bench/cyrus-start.sh)"; [N=1000] [SECONDS_PER_ROUND=10] [ROUNDS=3] \
#        [CONNECTIONS=16] [SCENARIOS="propfind-depth1 get-object"] src/bench/caldav-vs-cyrus.sh [base-url]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
base="${1:-http://127.0.0.1:8080}"
n="${N:-1000}"
seconds="${SECONDS_PER_ROUND:-10}"
rounds="${ROUNDS:-3}"
threads=2
# 16 unless told: see first-pass.sh for why fewer understate Cyrus
connections="${CONNECTIONS:-16}"
read -r -a scenarios <<< "${SCENARIOS:-$BENCH_SCENARIOS}"

fail() { echo "$*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is missing: apt-get install wrk"
curl -sf "$base/api/v1/status" >/dev/null || fail "no CalendarPipe server at $base"
[ -n "${CALDAV_URL:-}" ] && [ -n "${CALDAV_USER:-}" ] && [ -n "${CALDAV_PASS:-}" ] \
    || fail "no Cyrus: run eval \"\$(src/bench/cyrus-start.sh)\" first"
curl -sf -o /dev/null -u "$CALDAV_USER:$CALDAV_PASS" -X PROPFIND -H 'Depth: 0' "${CALDAV_URL}user/$CALDAV_USER/" \
    || fail "Cyrus does not answer at $CALDAV_URL"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# a throwaway account, key and calendar here, a new calendar on Cyrus
bench_pair "$base" "$work" caldav || exit 1
ours_url="$OURS_URL" cyrus_url="$CYRUS_URL"

echo "== filling both calendars with $n events"
bench_fill "$ours_url" "$work/ours.header" "$n"
bench_fill "$cyrus_url" "$work/cyrus.header" "$n"

# one wrk script per scenario and server: method, headers and body
bench_scenarios "$work" ours "$ours_url" "$work/ours.header" "$n"
bench_scenarios "$work" cyrus "$cyrus_url" "$work/cyrus.header" "$n"
rps() {   # $1: server, $2: scenario, $3: seconds
    local url="${1}_url"
    bench_rps "$work" "$1" "${!url}" "$2" "$3" "$connections" || exit 1
}

# a fresh JVM needs a good minute of load on 2 cores before its figures settle
echo "== warm-up: every scenario on both servers"
for s in "${scenarios[@]}"; do rps ours "$s" 10 >/dev/null; rps cyrus "$s" 3 >/dev/null; done

declare -A ours cyrus
for s in "${scenarios[@]}"; do ours[$s]=0; cyrus[$s]=0; done
for round in $(seq 1 "$rounds"); do
    echo "== round $round of $rounds (${seconds} s per scenario and server)"
    for s in "${scenarios[@]}"; do
        ours[$s]=$(echo "${ours[$s]} + $(rps ours "$s" "$seconds")" | bc -l)
        cyrus[$s]=$(echo "${cyrus[$s]} + $(rps cyrus "$s" "$seconds")" | bc -l)
    done
done

echo
echo "CalDAV at N = $n events, wrk -t$threads -c$connections, mean of $rounds rounds of ${seconds} s"
printf '%-16s %14s %12s %8s\n' scenario "CalendarPipe" "Cyrus" ratio
for s in "${scenarios[@]}"; do
    printf '%-16s %14.0f %12.0f %8.2f\n' "$s" "$(echo "${ours[$s]} / $rounds" | bc -l)" \
        "$(echo "${cyrus[$s]} / $rounds" | bc -l)" "$(echo "${ours[$s]} / ${cyrus[$s]}" | bc -l)"
done
