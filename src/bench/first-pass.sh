#!/usr/bin/env bash
# Benchmark: fast from the first request (issue 23), side by side with Cyrus, in one run.
#   1. Starts the README's run command (`mvn -o package wildfly:run -DskipTests`, the embedded
#      database in a fresh folder) and fills one calendar on each server with the same N events
#      (default 1 000), then stops ours.
#   2. First pass: for each CalDAV scenario of caldav-vs-cyrus.sh, starts the README command again
#      on that data, times it to the first 200 of /api/v1/status, and loads the scenario for
#      FIRST_SECONDS (default 5) from that moment; then Cyrus for as long. Prints the start-to-ready
#      times and their median.
#   3. Warm: one more start, a warm-up of every scenario, then ROUNDS rounds (default 3) of
#      SECONDS_PER_ROUND (default 10) per scenario and server, alternating.
#   4. Prints both tables as ratios CalendarPipe / Cyrus, then runs soak-memory.sh (SOAK seconds,
#      default 150; SOAK=0 skips it): the RSS and NMT summary after a mixed soak.
# wrk -t2 with CONNECTIONS connections (default 16) throughout, on loopback. Why 16: on one
# connection each multistatus answer of Cyrus takes about 42 ms with its CPU mostly idle (a TCP
# delayed ACK, by the look of it), so at 4 connections its listings and reports are held near
# 100 req/s by that timer, not by work; from 16 on it is at its full rate (about 300 for PROPFIND
# Depth 1 at N = 1 000, the same at 32 and 64).
#
# Needs: nothing on 127.0.0.1:8080/9990, wrk (`apt-get install wrk`), jcmd, and Cyrus started by
# src/bench/cyrus-start.sh (run as root; its `export` lines set CALDAV_URL, CALDAV_USER, CALDAV_PASS).
# Usage: eval "$(src/bench/cyrus-start.sh)"; [N=1000] [FIRST_SECONDS=5] [ROUNDS=3] [SOAK=150] \
#        [CONNECTIONS=16] [SCENARIOS="propfind-depth1 get-object"] src/bench/first-pass.sh
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/lib.sh"
n="${N:-1000}"
first="${FIRST_SECONDS:-5}"
seconds="${SECONDS_PER_ROUND:-10}"
rounds="${ROUNDS:-3}"
soak="${SOAK:-150}"
connections="${CONNECTIONS:-16}"
base="http://127.0.0.1:8080"
read -r -a scenarios <<< "${SCENARIOS:-$BENCH_SCENARIOS}"

fail() { echo "$*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is missing: apt-get install wrk"
[ -n "${CALDAV_URL:-}" ] && [ -n "${CALDAV_USER:-}" ] && [ -n "${CALDAV_PASS:-}" ] \
    || fail "no Cyrus: run eval \"\$(src/bench/cyrus-start.sh)\" first"
curl -sf -o /dev/null -u "$CALDAV_USER:$CALDAV_PASS" -X PROPFIND -H 'Depth: 0' "${CALDAV_URL}user/$CALDAV_USER/" \
    || fail "Cyrus does not answer at $CALDAV_URL"
! (: </dev/tcp/127.0.0.1/8080) 2>/dev/null || fail "127.0.0.1:8080 is taken: stop the server there first"

work=$(mktemp -d)
export CALENDARPIPE_DATA_DIR="$work/data"
trap 'bench_readme_stop; rm -rf "$work"' EXIT
now() { date +%s.%N; }

cd "$project"
echo "== building (not counted)"
mvn -o -q package -DskipTests > /dev/null

echo "== a first start, to fill both calendars with $n events"
bench_readme_start "$project" "$work/server.log" || exit 1
bench_pair "$base" "$work" first-pass || exit 1
ours_url="$OURS_URL" cyrus_url="$CYRUS_URL"
bench_fill "$ours_url" "$work/ours.header" "$n"
bench_fill "$cyrus_url" "$work/cyrus.header" "$n"
bench_scenarios "$work" ours "$ours_url" "$work/ours.header" "$n"
bench_scenarios "$work" cyrus "$cyrus_url" "$work/cyrus.header" "$n"
bench_readme_stop

declare -A first_ours first_cyrus warm_ours warm_cyrus
ready=()
echo "== first pass: the README command started anew for each scenario, ${first} s of load from the moment it is ready"
printf '%-16s %8s %14s %10s\n' scenario "ready s" "CalendarPipe" "Cyrus"
for s in "${scenarios[@]}"; do
    started=$(now)
    bench_readme_start "$project" "$work/server.log" || exit 1
    ready+=("$(echo "$(now) - $started" | bc -l)")
    first_ours[$s]=$(bench_rps "$work" ours "$ours_url" "$s" "$first" "$connections") || exit 1
    bench_readme_stop
    first_cyrus[$s]=$(bench_rps "$work" cyrus "$cyrus_url" "$s" "$first" "$connections") || exit 1
    printf '%-16s %8.1f %14.0f %10.0f\n' "$s" "${ready[-1]}" "${first_ours[$s]}" "${first_cyrus[$s]}"
done
median=$(printf '%s\n' "${ready[@]}" | bench_median)

echo "== warm: one more start, every scenario loaded once (10 s, Cyrus 3 s), then $rounds rounds of ${seconds} s"
bench_readme_start "$project" "$work/server.log" || exit 1
for s in "${scenarios[@]}"; do
    bench_rps "$work" ours "$ours_url" "$s" 10 "$connections" > /dev/null || exit 1
    bench_rps "$work" cyrus "$cyrus_url" "$s" 3 "$connections" > /dev/null || exit 1
    warm_ours[$s]=0
    warm_cyrus[$s]=0
done
for round in $(seq 1 "$rounds"); do
    for s in "${scenarios[@]}"; do
        rate=$(bench_rps "$work" ours "$ours_url" "$s" "$seconds" "$connections") || exit 1
        warm_ours[$s]=$(echo "${warm_ours[$s]} + $rate" | bc -l)
        rate=$(bench_rps "$work" cyrus "$cyrus_url" "$s" "$seconds" "$connections") || exit 1
        warm_cyrus[$s]=$(echo "${warm_cyrus[$s]} + $rate" | bc -l)
    done
done
bench_readme_stop

echo
echo "CalDAV at N = $n events, wrk -t2 -c$connections, req/s: the first ${first} s after ready, and warm (mean of $rounds rounds)"
printf '%-16s | %12s %8s %6s | %12s %8s %6s\n' scenario "first: ours" Cyrus ratio "warm: ours" Cyrus ratio
for s in "${scenarios[@]}"; do
    printf '%-16s | %12.0f %8.0f %6.2f | %12.0f %8.0f %6.2f\n' "$s" \
        "${first_ours[$s]}" "${first_cyrus[$s]}" "$(echo "${first_ours[$s]} / ${first_cyrus[$s]}" | bc -l)" \
        "$(echo "${warm_ours[$s]} / $rounds" | bc -l)" "$(echo "${warm_cyrus[$s]} / $rounds" | bc -l)" \
        "$(echo "${warm_ours[$s]} / ${warm_cyrus[$s]}" | bc -l)"
done
printf 'start to ready (README command, to the first 200): median %.1f s of %d starts\n' "$median" "${#ready[@]}"

if [ "$soak" != 0 ]; then
    echo
    # the soak keeps its own connection count (soak-memory.sh's default)
    SOAK="$soak" N="$n" CONNECTIONS= "$project/src/bench/soak-memory.sh"
fi
