#!/usr/bin/env bash
# Benchmark: what the cluster and its key cache do to an authenticated request. Measures the
# req/s and p50/p99 latency of `GET /api/v1/account` with a Bearer key, on loopback, in these
# setups run one after another against one throwaway PostgreSQL database:
#   single             the plain server (target/server) by itself on 127.0.0.1:8590
#   cluster-cache-on   the two-node cluster (src/cluster/cluster.sh) through haproxy on 127.0.0.1:8580
#   cluster-cache-off  the same with CALENDARPIPE_AUTH_CACHE=off (every request reads the key's row)
#   cluster-before     with BEFORE=<git revision>: the cluster with the cache on, running that
#                      revision's application (built into target/bench-cluster-auth/before) on
#                      today's server: e.g. the revision before the key cache's lease, to see
#                      what the lease costs a healthy cluster
#   AFTER=<git revision> makes cluster-cache-on run that revision's application the same way, so
#                      BEFORE=<rev>^ AFTER=<rev> compares one change alone (the lease: f1197e9)
#                      rather than everything since
# and prints the req/s ratios between them. SETUPS="cluster-before cluster-cache-on" runs only those.
# ROUNDS=N runs the setups N times, every other round in reverse order (A B, B A, ...), and prints the
# median of each setup: on this machine kind (2 cores shared by wrk, haproxy, PostgreSQL and both
# nodes) one pass of two setups has given ratios from 0.48 to 1.87 for the same comparison, so one
# pass says little; medians over reversed rounds cancel a drift in either direction.
# On a 2-core machine wrk, haproxy, PostgreSQL and both nodes share the same cores: the cluster
# figures show what the extra hop and the second JVM cost, not how far two nodes scale.
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust), psql, and the built servers
# (`mvn -Pcluster package -DskipTests`, run here when target/server, target/cluster-server or
# target/ROOT.war is missing); installs wrk and haproxy with apt-get when missing. Takes about
# 3 x (server start + WARMUP + DURATION). Logs and wrk output: target/bench-cluster-auth.
# Usage: [DURATION=30s] [WARMUP=30s] [CONNECTIONS=16] [BEFORE=rev] [SETUPS="…"] [ROUNDS=1] src/bench/cluster-auth.sh
set -euo pipefail

project="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-16}"
threads=2
warmup="${WARMUP:-30s}"   # a fresh JVM on 2 cores needs this long before its figures settle
single_port=8590      # port offset 510: management 10500
cluster_port=8580     # the balancer; nodes on 8581/8582, management 10491/10492
war="$project/target/ROOT.war"
cluster="$project/src/cluster/cluster.sh"
state="$project/target/bench-cluster-auth"
db="calendarpipe_bench_$$"
before="${BEFORE:-}"
after="${AFTER:-}"
setups="${SETUPS:-single cluster-cache-on cluster-cache-off${before:+ cluster-before}}"
rounds="${ROUNDS:-1}"
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "ROUNDS must be a number from 1 to 99" >&2; exit 1; }
case " $setups " in *" cluster-before "*) [ -n "$before" ] || fail "cluster-before needs BEFORE=<git revision>" ;; esac

fail() { echo "$*" >&2; exit 1; }
sql() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "$1" >/dev/null; }
answers() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }
listening() { (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
source "$(dirname "$0")/lib.sh"

command -v psql >/dev/null || fail "psql is missing"
psql -h 127.0.0.1 -U postgres -d postgres -qtAc 'SELECT 1' >/dev/null 2>&1 \
    || fail "no PostgreSQL as postgres on 127.0.0.1:5432"
# a server already on one of these ports would answer in place of ours
for p in "$single_port" 10500 "$cluster_port" $((cluster_port + 1)) $((cluster_port + 2)) 10491 10492; do
    ! listening "$p" || fail "127.0.0.1:$p is taken: another server (or a leftover of an earlier run) is there"
done
if ! command -v wrk >/dev/null; then
    echo "== installing wrk"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ ! -x "$project/target/server/bin/standalone.sh" ] || [ ! -x "$project/target/cluster-server/bin/standalone.sh" ] \
        || [ ! -f "$war" ]; then
    echo "== building the servers (mvn -Pcluster package)"
    (cd "$project" && mvn -B -q -Pcluster package -DskipTests)
fi

rm -rf "$state"
mkdir -p "$state"
build_revision() {   # $1: the revision, $2: the folder; that revision's application only: today's server runs it
    echo "== building the application of $1"
    mkdir -p "$2"
    git -C "$project" archive "$1" | tar -x -C "$2"
    (cd "$2" && mvn -B -q -o package -DskipTests -Dwildfly.package.skip=true) || fail "$1 does not build"
}
[ -z "$before" ] || build_revision "$before" "$state/before"
[ -z "$after" ] || build_revision "$after" "$state/after"
export CALENDARPIPE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db"
export CALENDARPIPE_DB_USER=postgres CALENDARPIPE_DB_PASSWORD=postgres
export CALENDARPIPE_CLUSTER_PORT="$cluster_port" CALENDARPIPE_CLUSTER_DIR="$state/cluster"
# the first two setups run with the cache as shipped, whatever this shell has set
unset CALENDARPIPE_AUTH_CACHE

cluster_started=""
db_created=""
cleanup() {
    set +e
    stop_single
    [ -z "$cluster_started" ] || "$cluster" down
    [ -z "$db_created" ] || sql "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
    rm -f "$state"/*.lua
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_single() {
    echo "== starting the single node on 127.0.0.1:$single_port (management 10500)"
    bench_server_start "$project" "$state/single" 510 || fail "the single node did not start"
    echo "the single node is up"
}

stop_single() {
    [ -n "${BENCH_SERVER_GROUP:-}" ] || return 0
    bench_server_stop "$state/single"
    echo "the single node stopped"
}

# per setup, the figures of every round separated by spaces
declare -A rps p50 p99 misses
# the share of key lookups both nodes answered from the database since they started, in percent:
# with the cache on and its lease held, only each key's first lookup on a node (and those after a
# lapse of the lease, which empties the cache) should be misses
cache_misses() {
    local hit=0 miss=0 node metrics
    for node in 1 2; do
        metrics=$(curl -fsS --max-time 5 "http://127.0.0.1:$((10490 + node))/metrics" 2>/dev/null) || continue
        hit=$((hit + $(awk -F' ' '/^calendarpipe_key_cache_lookups_total\{.*result="hit"/ {printf "%d", $2}' <<<"$metrics")))
        miss=$((miss + $(awk -F' ' '/^calendarpipe_key_cache_lookups_total\{.*result="miss"/ {printf "%d", $2}' <<<"$metrics")))
    done
    [ $((hit + miss)) -gt 0 ] && echo "scale=3; 100 * $miss / ($hit + $miss)" | bc || echo "?"
}
to_ms() {   # wrk's latency (850.00us, 1.20ms, 2.00s) in milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; else if (v ~ /m$/) n *= 60000
        printf "%.2f", n }'
}

measure() {   # $1: the setup's name, $2: its base URL
    local setup="$1" base="$2" out="$state/wrk-$1.txt"
    # a throwaway account and key per setup, made through the same address wrk loads
    local auth="$state/auth-$1.lua"
    bench_account "$base" "$setup" || fail "$setup: no account to measure with"
    # the key goes to wrk through a Lua file, never on a command line that `ps` shows
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$BENCH_KEY" > "$auth"

    echo "$setup: warm-up ($warmup), then $duration"
    wrk -t"$threads" -c"$connections" -d"$warmup" -s "$auth" "$base/api/v1/account" >/dev/null
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$auth" "$base/api/v1/account" > "$out"
    # figures of 401s or 5xx would measure the wrong thing
    ! grep -q 'Non-2xx' "$out" || fail "$setup: $(grep 'Non-2xx' "$out" | sed 's/^ *//') (see $out)"
    if grep -q 'Socket errors' "$out"; then echo "$setup: $(grep 'Socket errors' "$out" | sed 's/^ *//')" >&2; fi
    local r
    r=$(awk '/Requests\/sec/ {print $2}' "$out")
    [ "$(echo "${r:-0} > 0" | bc)" = 1 ] || fail "$setup: no request answered (see $out)"
    echo "$setup: $r req/s"
    rps[$setup]+="$r "
    p50[$setup]+="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")") "
    p99[$setup]+="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")") "
    rm -f "$auth"
}

sql "CREATE DATABASE \"$db\""
db_created=1

measure_cluster() {   # $1: the setup; the environment given to cluster.sh says how it differs
    local setup="$1"
    shift
    cluster_started=1
    env "$@" "$cluster" up
    answers "http://127.0.0.1:$cluster_port/api/v1/status" || fail "the balancer does not answer on $cluster_port"
    measure "$setup" "http://127.0.0.1:$cluster_port"
    misses[$setup]+="$(cache_misses) "
    "$cluster" down
    cluster_started=""
}

measure_setup() {
    local setup="$1"
    case "$setup" in
        single) start_single; measure single "http://127.0.0.1:$single_port"; stop_single ;;
        cluster-cache-on) measure_cluster cluster-cache-on CALENDARPIPE_AUTH_CACHE=on \
            ${after:+CALENDARPIPE_CLUSTER_WAR="$state/after/target/ROOT.war"} ;;
        cluster-cache-off) measure_cluster cluster-cache-off CALENDARPIPE_AUTH_CACHE=off ;;
        cluster-before) measure_cluster cluster-before CALENDARPIPE_AUTH_CACHE=on \
            CALENDARPIPE_CLUSTER_WAR="$state/before/target/ROOT.war" ;;
        *) fail "unknown setup $setup (single, cluster-cache-on, cluster-cache-off, cluster-before)" ;;
    esac
}

reversed=$(echo "$setups" | tr ' ' '\n' | grep . | tac | tr '\n' ' ')
for round in $(seq 1 "$rounds"); do
    order="$setups"
    [ $((round % 2)) = 1 ] || order="$reversed"
    [ "$rounds" = 1 ] || echo "== round $round of $rounds: $order"
    for setup in $order; do measure_setup "$setup"; done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ratio() {   # of the medians
    [ -n "${rps[$1]:-}" ] && [ -n "${rps[$2]:-}" ] || return 0
    printf '%-39s %7.3f\n' "$1 / $2" "$(echo "$(median <<<"${rps[$1]}") / $(median <<<"${rps[$2]}")" | bc -l)"
}
echo
echo "GET /api/v1/account (Bearer), wrk -t$threads -c$connections -d$duration after a $warmup warm-up"
[ -z "$before" ] || echo "cluster-before: the application of $(git -C "$project" rev-parse --short "$before")"
[ -z "$after" ] || echo "cluster-cache-on: the application of $(git -C "$project" rev-parse --short "$after")"
[ "$rounds" = 1 ] || echo "medians of $rounds rounds, every other one in reverse order"
printf '%-18s %10s %9s %9s   %-36s %s\n' setup "req/s" "p50 ms" "p99 ms" "req/s of each round" "cache misses %"
for setup in $setups; do
    printf '%-18s %10.0f %9s %9s   %-36s %s\n' "$setup" "$(median <<<"${rps[$setup]}")" "$(median <<<"${p50[$setup]}")" \
        "$(median <<<"${p99[$setup]}")" "${rps[$setup]}" "${misses[$setup]:--}"
done
ratio cluster-cache-on single
ratio cluster-cache-off single
ratio cluster-cache-on cluster-cache-off
ratio cluster-cache-on cluster-before
