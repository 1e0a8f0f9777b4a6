#!/usr/bin/env bash
# Benchmark: the server's memory after a mixed soak. Starts the README's server command
# (`mvn -o package wildfly:run -DskipTests`, on 127.0.0.1:8080, the embedded database in a fresh
# folder) with Native Memory Tracking on, fills a calendar with N events (default 1 000), then
# loads it for SOAK seconds (default 300) with wrk: a quarter each of GET /api/v1/account, the
# REST event list, PROPFIND Depth 1 of the calendar (a CalDAV client's listing) and PUTs of new
# events. Prints the JVM's resident set size (VmRSS, what a VM's memory limit counts) and the NMT
# summary by category (heap, metaspace, code cache, threads, GC, ...), committed MiB.
#
# Needs: nothing on 127.0.0.1:8080/9990, wrk (`apt-get install wrk`), jcmd (the JDK's).
# The server runs with the pom's JVM options (wildfly-maven-plugin's <javaOpts>) and this shell's
# environment (MALLOC_ARENA_MAX=2 src/bench/soak-memory.sh, say, to try glibc's arenas bounded).
# Usage: [N=1000] [SOAK=300] [CONNECTIONS=8] src/bench/soak-memory.sh
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/lib.sh"
n="${N:-1000}"
soak="${SOAK:-300}"
connections="${CONNECTIONS:-8}"
base="http://127.0.0.1:8080"
work=$(mktemp -d)
export CALENDARPIPE_DATA_DIR="$work/data"

fail() { echo "$*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is missing: apt-get install wrk"
command -v jcmd >/dev/null || fail "jcmd is missing (it comes with the JDK)"
! (: </dev/tcp/127.0.0.1/8080) 2>/dev/null || fail "127.0.0.1:8080 is taken: stop the server there first"

trap 'bench_readme_stop; rm -rf "$work"' EXIT

echo "== starting the server (mvn -o package wildfly:run) with Native Memory Tracking"
# the plugin's JVM options as the pom sets them; NMT through JAVA_TOOL_OPTIONS, which the server
# inherits (so does Maven's own JVM, which is not measured), after any options of this shell's
# JAVA_TOOL_OPTIONS (JAVA_TOOL_OPTIONS=-XX:MaxHeapFreeRatio=50 src/bench/soak-memory.sh, say). Options
# on the plugin's command line win over them; a collector there is the pom's run.gc, and naming
# another one here makes the JVM refuse to start.
JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+$JAVA_TOOL_OPTIONS }-XX:NativeMemoryTracking=summary" bench_readme_start "$project" "$work/server.log" || exit 1
pid=$(pgrep -f -- "-Djboss.home.dir=$project/target/server .*jboss-modules.jar" | head -1)
[ -n "$pid" ] || fail "no server JVM of $project/target/server found"

bench_account "$base" soak || fail "no account to measure with"
printf 'Authorization: Bearer %s\n' "$BENCH_KEY" > "$work/auth"
calendar=$(curl -sf -H "@$work/auth" "$base/api/v1/hosted-calendars" | sed -E 's/.*"id":"([^"]+)".*/\1/')
collection="/dav/calendars/$BENCH_ACCOUNT/$calendar/"
echo "== filling $collection with $n events"
bench_fill "$base$collection" "$work/auth" "$n" || fail "the calendar could not be filled"

# one Lua script: the four requests in turn, each PUT a new event (its UID from the thread and a counter)
cat > "$work/soak.lua" <<LUA
local auth = "Bearer $BENCH_KEY"
local n, thread_id = 0, 0
local threads = {}
function setup(thread) thread:set("id", #threads + 1); table.insert(threads, thread) end
function init(args) thread_id = id end
function request()
    n = n + 1
    local kind = n % 4
    if kind == 0 then
        return wrk.format("GET", "/api/v1/account", {Authorization = auth})
    elseif kind == 1 then
        return wrk.format("GET", "/api/v1/events?limit=50", {Authorization = auth})
    elseif kind == 2 then
        return wrk.format("PROPFIND", "$collection", {Authorization = auth, Depth = "1",
            ["Content-Type"] = "application/xml"},
            '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>')
    end
    local uid = "soak-" .. thread_id .. "-" .. n .. "-$BENCH_UID"
    return wrk.format("PUT", "${collection}" .. uid .. ".ics", {Authorization = auth,
        ["Content-Type"] = "text/calendar; charset=utf-8"},
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//soak//EN\r\nBEGIN:VEVENT\r\nUID:" .. uid ..
        "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T090000Z\r\nDTEND:20260301T100000Z\r\nSUMMARY:Soak " .. n ..
        "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
end
LUA
echo "== soak: ${soak} s, wrk -t2 -c$connections"
wrk -t2 -c"$connections" -d"${soak}s" -s "$work/soak.lua" "$base" > "$work/wrk.txt"
rm -f "$work/soak.lua" "$work/auth"
grep -q 'Non-2xx' "$work/wrk.txt" && echo "note: $(grep 'Non-2xx' "$work/wrk.txt" | sed 's/^ *//')" >&2

rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
echo
echo "after ${soak} s of mixed load ($(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") req/s), N = $n"
echo "JVM options: $(tr '\0' '\n' < "/proc/$pid/cmdline" | grep -E '^-X' | tr '\n' ' ')"
echo "JAVA_TOOL_OPTIONS: $(tr '\0' '\n' < "/proc/$pid/environ" | sed -n 's/^JAVA_TOOL_OPTIONS=//p')"
echo "MALLOC_ARENA_MAX: $(tr '\0' '\n' < "/proc/$pid/environ" | sed -n 's/^MALLOC_ARENA_MAX=//p')"
echo "RSS: $rss MiB"
echo "NMT committed (MiB):"
jcmd "$pid" VM.native_memory summary scale=MB \
    | awk '/^Total:/ { print "  total      " $0 } /^-/ { name = $2; for (i = 3; i <= NF && $i !~ /\(/; i++) name = name " " $i;
           if (match($0, /committed=[0-9]+MB/)) printf "  %-22s %s\n", name, substr($0, RSTART + 10, RLENGTH - 12) }'
