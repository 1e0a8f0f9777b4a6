#!/usr/bin/env bash
# Benchmark: what authentication costs on the hot path. Measures, side by side in one run
# and on loopback, the req/s of an authenticated `GET /api/v1/account` (Bearer key: format
# and checksum check, one indexed lookup, last-used buffered in memory) against the open
# `GET /api/v1/status` (no database), and prints their ratio. Target: ratio >= 0.85.
#
# Needs: a running server (README: `mvn package wildfly:run`) and wrk (`apt-get install wrk`).
# Usage: src/bench/auth-overhead.sh [base-url] [seconds-per-round] [rounds]
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
seconds="${2:-10}"
rounds="${3:-3}"
threads=2
connections=32

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
curl -sf "$base/api/v1/status" >/dev/null || { echo "no server at $base" >&2; exit 1; }

# a throwaway account and key for this run
source "$(dirname "$0")/lib.sh"
bench_account "$base" overhead
auth=$(mktemp --suffix=.lua)
trap 'rm -f "$auth"' EXIT
key="$BENCH_KEY"
# the key goes to wrk through a Lua file, never on a command line that `ps` shows
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$key" > "$auth"

rps() { wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" | awk '/Requests\/sec/ {print $2}'; }

# a fresh server's JIT needs a good minute of load on 2 cores before figures settle
warmup=$(( seconds > 30 ? seconds : 30 ))
echo "warm-up (${warmup} s each path)"
seconds=$warmup rps "$base/api/v1/status" >/dev/null
seconds=$warmup rps -s "$auth" "$base/api/v1/account" >/dev/null

total_open=0; total_auth=0
printf '%-6s %14s %14s %7s\n' round "status req/s" "account req/s" ratio
for round in $(seq 1 "$rounds"); do
    open=$(rps "$base/api/v1/status")
    authed=$(rps -s "$auth" "$base/api/v1/account")
    printf '%-6s %14s %14s %7.3f\n' "$round" "$open" "$authed" "$(echo "$authed / $open" | bc -l)"
    total_open=$(echo "$total_open + $open" | bc -l)
    total_auth=$(echo "$total_auth + $authed" | bc -l)
done
printf '%-6s %14.0f %14.0f %7.3f   (target >= 0.85)\n' all "$(echo "$total_open / $rounds" | bc -l)" \
    "$(echo "$total_auth / $rounds" | bc -l)" "$(echo "$total_auth / $total_open" | bc -l)"
