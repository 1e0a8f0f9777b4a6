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
#        [SCENARIOS="propfind-depth1 get-object"] src/bench/caldav-vs-cyrus.sh [base-url]
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
n="${N:-1000}"
seconds="${SECONDS_PER_ROUND:-10}"
rounds="${ROUNDS:-3}"
threads=2
connections=16
read -r -a scenarios <<< "${SCENARIOS:-propfind-depth1 propfind-depth0 sync-initial query-month multiget-50 get-object put-object}"

fail() { echo "$*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is missing: apt-get install wrk"
curl -sf "$base/api/v1/status" >/dev/null || fail "no CalendarPipe server at $base"
[ -n "${CALDAV_URL:-}" ] && [ -n "${CALDAV_USER:-}" ] && [ -n "${CALDAV_PASS:-}" ] \
    || fail "no Cyrus: run eval \"\$(src/bench/cyrus-start.sh)\" first"
curl -sf -o /dev/null -u "$CALDAV_USER:$CALDAV_PASS" -X PROPFIND -H 'Depth: 0' "${CALDAV_URL}user/$CALDAV_USER/" \
    || fail "Cyrus does not answer at $CALDAV_URL"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# CalendarPipe: a throwaway account, key and hosted calendar
source "$(dirname "$0")/lib.sh"
bench_account "$base" caldav
email="$BENCH_EMAIL" account="$BENCH_ACCOUNT" key="$BENCH_KEY"
calendar=$(curl -sf -X POST "$base/api/v1/hosted-calendars" -H "@"<(printf 'Authorization: Bearer %s\n' "$key") \
    -H 'Content-Type: application/json' -d '{"name":"Bench"}' | bench_json id)
ours_url="$base/dav/calendars/$account/$calendar/"
# Cyrus: a fresh calendar of its user's
cyrus_url="${CALDAV_URL}user/$CALDAV_USER/bench-$(date +%s)-$RANDOM/"
curl -sf -o /dev/null -u "$CALDAV_USER:$CALDAV_PASS" -X MKCALENDAR "$cyrus_url" || fail "MKCALENDAR on Cyrus failed"

# credentials reach curl and wrk through files, never a command line that `ps` shows
printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$email" "$key" | base64 -w0)" > "$work/ours.header"
printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$CALDAV_USER" "$CALDAV_PASS" | base64 -w0)" > "$work/cyrus.header"

echo "== filling both calendars with $n events"
bench_fill "$ours_url" "$work/ours.header" "$n"
bench_fill "$cyrus_url" "$work/cyrus.header" "$n"

# one wrk script per scenario and server: method, headers and body
propfind1='<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>'
propfind0='<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/><d:displayname/></d:prop></d:propfind>'
sync='<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>'
query='<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20260601T000000Z" end="20260701T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>'
multiget() {   # $1: the collection's path
    printf '<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>'
    for i in $(seq 1 50); do printf '<d:href>%sbench-%s.ics</d:href>' "$1" $((i * n / 50)); done
    printf '</c:calendar-multiget>'
}
lua() {   # $1: server, $2: scenario, $3: method, $4: depth or "", $5: content type, $6: body
    local header
    header=$(cut -d' ' -f2- < "$work/$1.header" | tr -d '\n')
    {
        printf 'wrk.method = "%s"\n' "$3"
        printf 'wrk.headers["Authorization"] = "%s"\n' "$header"
        [ -z "$4" ] || printf 'wrk.headers["Depth"] = "%s"\n' "$4"
        [ -z "$5" ] || printf 'wrk.headers["Content-Type"] = "%s"\n' "$5"
        [ -z "$6" ] || printf 'wrk.body = [==[%s]==]\n' "$6"
    } > "$work/$1-$2.lua"
}
for server in ours cyrus; do
    url="${server}_url"; url="${!url}"
    path="/${url#*://*/}"
    xml="application/xml; charset=utf-8"
    lua "$server" propfind-depth1 PROPFIND 1 "$xml" "$propfind1"
    lua "$server" propfind-depth0 PROPFIND 0 "$xml" "$propfind0"
    lua "$server" sync-initial REPORT 0 "$xml" "$sync"
    lua "$server" query-month REPORT 1 "$xml" "$query"
    lua "$server" multiget-50 REPORT 1 "$xml" "$(multiget "$path")"
    lua "$server" get-object GET "" "" ""
    lua "$server" put-object PUT "" "text/calendar; charset=utf-8" "$(bench_event 7)"
done
target() {   # $1: server, $2: scenario
    local url="${1}_url"; url="${!url}"
    case "$2" in get-object|put-object) echo "${url}bench-7.ics" ;; *) echo "$url" ;; esac
}
rps() {   # $1: server, $2: scenario, $3: seconds; fails on any non-2xx answer
    local out
    out=$(wrk -t"$threads" -c"$connections" -d"${3}s" -s "$work/$1-$2.lua" "$(target "$1" "$2")")
    if grep -q 'Non-2xx' <<<"$out"; then echo "$1 $2: $(grep 'Non-2xx' <<<"$out")" >&2; exit 1; fi
    awk '/Requests\/sec/ {print $2}' <<<"$out"
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
