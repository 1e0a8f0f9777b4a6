#!/usr/bin/env bash
# Benchmark: how much slower CalDAV is in the first minute after a start than once warm. Starts
# the provisioned server (target/server) by itself on 127.0.0.1:8610, fills a calendar with N
# events (default 1 000) and stops it; starts it again on the same data and, from the moment it
# answers, loads it with PROPFIND Depth 1 of that calendar (a client's listing) for 60 s in six
# windows of 10 s; keeps the load on for WARM seconds (default 120) and measures 60 s more. Prints
# each window, the first minute's rate, the warm rate and their ratio.
#
# Needs: the built server (`mvn package`), wrk (`apt-get install wrk`), nothing on 8610/10520.
# Usage: [N=1000] [WARM=120] src/bench/first-minute.sh
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/lib.sh"
n="${N:-1000}"
warm="${WARM:-120}"
offset=530
base="http://127.0.0.1:$((8080 + offset))"
state="$project/target/bench-first-minute"

fail() { echo "$*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is missing: apt-get install wrk"
[ -x "$project/target/server/bin/standalone.sh" ] && [ -f "$project/target/ROOT.war" ] || fail "run mvn package first"
! (: </dev/tcp/127.0.0.1/$((8080 + offset))) 2>/dev/null || fail "127.0.0.1:$((8080 + offset)) is taken"
unset CALENDARPIPE_DB_URL   # the embedded database, in $state/server/data
rm -rf "$state"
mkdir -p "$state"
trap 'bench_server_stop "$state/server"' EXIT

echo "== a first start, to fill a calendar with $n events"
bench_server_start "$project" "$state/server" "$offset" || fail "the server did not start"
bench_account "$base" first-minute
calendar=$(curl -sf -X POST "$base/api/v1/hosted-calendars" -H "@"<(printf 'Authorization: Bearer %s\n' "$BENCH_KEY") \
    -H 'Content-Type: application/json' -d '{"name":"Bench"}' | bench_json id)
collection="$base/dav/calendars/$BENCH_ACCOUNT/$calendar/"
printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$BENCH_EMAIL" "$BENCH_KEY" | base64 -w0)" > "$state/header"
bench_fill "$collection" "$state/header" "$n"
{
    printf 'wrk.method = "PROPFIND"\n'
    printf 'wrk.headers["Authorization"] = "%s"\n' "$(cut -d' ' -f2- < "$state/header")"
    printf 'wrk.headers["Depth"] = "1"\nwrk.headers["Content-Type"] = "application/xml; charset=utf-8"\n'
    printf 'wrk.body = [[<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>]]\n'
} > "$state/propfind.lua"
bench_server_stop "$state/server"

rps() {   # $1: seconds
    local out
    out=$(wrk -t2 -c16 -d"${1}s" -s "$state/propfind.lua" "$collection")
    ! grep -q 'Non-2xx' <<<"$out" || fail "$(grep 'Non-2xx' <<<"$out")"
    awk '/Requests\/sec/ {print $2}' <<<"$out"
}

echo "== the measured start"
bench_server_start "$project" "$state/server" "$offset" || fail "the server did not start again"
total=0
for window in 1 2 3 4 5 6; do
    r=$(rps 10)
    printf 'seconds %3d-%3d after ready %8.0f req/s\n' $(((window - 1) * 10)) $((window * 10)) "$r"
    total=$(echo "$total + $r" | bc -l)
done
first=$(echo "$total / 6" | bc -l)
echo "== $warm s more under load"
rps "$warm" >/dev/null
warm_rate=$(rps 60)
echo
echo "PROPFIND Depth 1 of a calendar of $n events, wrk -t2 -c16"
printf '%-22s %8.0f req/s\n' "first minute" "$first" "warm" "$warm_rate"
printf '%-22s %8.2f\n' "first minute / warm" "$(echo "$first / $warm_rate" | bc -l)"
