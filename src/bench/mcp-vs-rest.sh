#!/usr/bin/env bash
# Benchmark: the MCP endpoint's `tools/call list_events` against the same query over REST,
# side by side in one run on loopback: the same account, calendar and events, the same window
# (one month, recurring events expanded, 50 a page), the same wrk threads and connections,
# alternating round by round. Prints both req/s and their ratio. Target: MCP / REST >= 0.8.
#
# Needs: a running server (README: `mvn package wildfly:run`) and wrk (`apt-get install wrk`).
# Usage: src/bench/mcp-vs-rest.sh [base-url] [seconds-per-round] [rounds] [events]
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
seconds="${2:-10}"
rounds="${3:-3}"
events="${4:-200}"
threads=2
connections=16

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
curl -sf "$base/api/v1/status" >/dev/null || { echo "no server at $base" >&2; exit 1; }

source "$(dirname "$0")/lib.sh"
bench_account "$base" mcp
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the key reaches curl and wrk through files, never a command line that `ps` shows
printf 'Authorization: Bearer %s\n' "$BENCH_KEY" > "$work/bearer"

calendar=$(curl -sf -H "@$work/bearer" -H 'Content-Type: application/json' -X POST "$base/api/v1/hosted-calendars" \
    -d '{"name":"MCP benchmark"}' | bench_json id)
echo "filling a calendar with $events events (an event a day from 2026-01-01, every tenth a weekly series)"
# imported over REST as iCalendar, 4 at a time: the calendar's CalDAV address is not needed
for i in $(seq 1 "$events"); do bench_event "$i" > "$work/event-$i.ics"; done
seq 1 "$events" | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "@$work/bearer" \
        -H 'Content-Type: text/calendar; charset=utf-8' --data-binary "@$work/event-{}.ics" \
        "$base/api/v1/calendars/hosted:$calendar/events" \
    | sort | uniq -c | awk '$2 != 201 { bad = 1 } END { exit bad }' || { echo "not every import was a 201" >&2; exit 1; }

window='"start":"2026-03-01T00:00:00Z","end":"2026-04-01T00:00:00Z"'
rest_url="$base/api/v1/calendars/hosted:$calendar/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z&expand=true&limit=50"
call="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"list_events\",\"arguments\":{\"calendarIds\":[\"hosted:$calendar\"],$window,\"expand\":true,\"limit\":50}}}"

# both answers list the same events: count them once
rest_count=$(curl -sf -H "@$work/bearer" "$rest_url" | grep -o '"providerEventId"' | wc -l)
mcp_count=$(curl -sf -H "@$work/bearer" -H 'Content-Type: application/json' -X POST "$base/mcp" -d "$call" \
    | grep -o '"providerEventId"' | wc -l)
[ "$rest_count" = "$mcp_count" ] && [ "$rest_count" -gt 0 ] \
    || { echo "REST lists $rest_count events, MCP $mcp_count: not the same query" >&2; exit 1; }
echo "both list $rest_count event instances a request"

printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$BENCH_KEY" > "$work/rest.lua"
{
    printf 'wrk.method = "POST"\nwrk.headers["Authorization"] = "Bearer %s"\n' "$BENCH_KEY"
    printf 'wrk.headers["Content-Type"] = "application/json"\nwrk.headers["Accept"] = "application/json, text/event-stream"\n'
    printf 'wrk.headers["MCP-Protocol-Version"] = "2025-06-18"\n'
    printf 'wrk.body = [[%s]]\n' "$call"
} > "$work/mcp.lua"

rps() { wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" | awk '/Requests\/sec/ {print $2}'; }

# a fresh server's JIT needs a good minute of load on 2 cores before figures settle
warmup=$(( seconds > 30 ? seconds : 30 ))
echo "warm-up (${warmup} s each)"
seconds=$warmup rps -s "$work/rest.lua" "$rest_url" >/dev/null
seconds=$warmup rps -s "$work/mcp.lua" "$base/mcp" >/dev/null

total_rest=0; total_mcp=0
printf '%-6s %14s %14s %7s\n' round "REST req/s" "MCP req/s" ratio
for round in $(seq 1 "$rounds"); do
    rest=$(rps -s "$work/rest.lua" "$rest_url")
    mcp=$(rps -s "$work/mcp.lua" "$base/mcp")
    printf '%-6s %14s %14s %7.3f\n' "$round" "$rest" "$mcp" "$(echo "$mcp / $rest" | bc -l)"
    total_rest=$(echo "$total_rest + $rest" | bc -l)
    total_mcp=$(echo "$total_mcp + $mcp" | bc -l)
done
printf '%-6s %14.0f %14.0f %7.3f   (target >= 0.8)\n' all "$(echo "$total_rest / $rounds" | bc -l)" \
    "$(echo "$total_mcp / $rounds" | bc -l)" "$(echo "$total_mcp / $total_rest" | bc -l)"
