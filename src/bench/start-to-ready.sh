#!/usr/bin/env bash
# Benchmark: how long the README's run command takes to serve. Runs `mvn -o package wildfly:run
# -DskipTests` (warm: the server is provisioned and the classes compiled before the first run)
# RUNS times (default 5), each until `GET /api/v1/status` answers 200, and prints each time with
# WildFly's own start time (boot and deployment; the rest is Maven's), and the median.
# Target (issue 14): median under 12 s on a 2-core machine.
#
# Needs: nothing on 127.0.0.1:8080/9990 (it starts and stops its own server), the embedded H2.
# Usage: [RUNS=5] src/bench/start-to-ready.sh
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${RUNS:-5}"
work=$(mktemp -d)
export CALENDARPIPE_DATA_DIR="$work/data"

fail() { echo "$*" >&2; exit 1; }
! (: </dev/tcp/127.0.0.1/8080) 2>/dev/null || fail "127.0.0.1:8080 is taken: stop the server there first"
cd "$project"
echo "== warming: one build and start that is not counted"
mvn -o -q package -DskipTests >/dev/null

mvn_pid=""
cleanup() {
    [ -z "$mvn_pid" ] || { kill -TERM -- "-$mvn_pid" 2>/dev/null || true; wait "$mvn_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
one_run() {   # prints: total, maven-until-boot, boot, deployment (seconds)
    local log="$work/run.log" start ready
    start=$(now)
    setsid mvn -o package wildfly:run -DskipTests >"$log" 2>&1 &
    mvn_pid=$!
    until curl -sf -o /dev/null --max-time 1 http://127.0.0.1:8080/api/v1/status; do
        kill -0 "$mvn_pid" 2>/dev/null || fail "the server did not start; see $log"
        sleep 0.05
    done
    ready=$(now)
    kill -TERM -- "-$mvn_pid" 2>/dev/null || true
    wait "$mvn_pid" 2>/dev/null || true
    mvn_pid=""
    # WildFly's own figure: "started in N ms", its boot with the deployment; the rest is Maven's
    local booted
    booted=$(grep -ao 'WFLYSRV0025.*started in [0-9]*ms' "$log" | grep -o '[0-9]*ms' | head -1 | tr -d ms)
    printf '%.1f %s\n' "$(echo "$ready - $start" | bc -l)" "${booted:-?}"
    while (: </dev/tcp/127.0.0.1/8080) 2>/dev/null; do sleep 0.2; done
}

one_run >/dev/null
times=()
printf '%-5s %10s %18s\n' run "ready s" "WildFly started ms"
for i in $(seq 1 "$runs"); do
    read -r total boot < <(one_run)
    times+=("$total")
    printf '%-5s %10s %18s\n' "$i" "$total" "$boot"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "median start-to-ready: ${median} s over $runs warm runs (target < 12 s)"
