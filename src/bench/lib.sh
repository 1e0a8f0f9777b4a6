# Shared by the benchmark scripts (sourced, not run): a throwaway account with an API key.

# the UIDs of this run's events (bench_event)
BENCH_UID="${BENCH_UID:-bench-$$-$RANDOM}"

# bench_account BASE NAME: signs up a fresh account on BASE, signs in, creates a key; sets
# BENCH_EMAIL, BENCH_ACCOUNT (its id) and BENCH_KEY, and fails unless the key authenticates.
bench_account() {
    local base="$1" name="$2" password jar csrf
    BENCH_EMAIL="bench-$name-$(date +%s)-$RANDOM@calendarpipe.test"
    password="bench-password-$RANDOM$RANDOM"
    jar=$(mktemp)
    BENCH_ACCOUNT=$(curl -sf -X POST "$base/api/v1/accounts" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$password\",\"displayName\":\"Benchmark\"}" | bench_json id) \
        || { rm -f "$jar"; echo "$name: sign-up failed at $base" >&2; return 1; }
    csrf=$(curl -sf -c "$jar" -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$password\"}" | bench_json csrfToken) \
        || { rm -f "$jar"; echo "$name: sign-in failed" >&2; return 1; }
    BENCH_KEY=$(curl -sf -b "$jar" -X POST "$base/api/v1/api-keys" -H 'Content-Type: application/json' \
        -H "X-CSRF-Token: $csrf" -d '{"name":"benchmark"}' | bench_json key) \
        || { rm -f "$jar"; echo "$name: creating a key failed" >&2; return 1; }
    rm -f "$jar"
    # the key reaches curl through a here-file, never a command line that `ps` shows
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "@"<(printf 'Authorization: Bearer %s\n' "$BENCH_KEY") \
        "$base/api/v1/account")" = 200 ] || { echo "$name: the benchmark key does not authenticate" >&2; return 1; }
}

# bench_pair BASE DIR NAME: a calendar on each server to compare: a fresh account, key and hosted
# calendar on the CalendarPipe server at BASE, and a new calendar of Cyrus' user (CALDAV_URL,
# CALDAV_USER, CALDAV_PASS, as cyrus-start.sh exports them). Sets OURS_URL and CYRUS_URL (the two
# collections) and writes DIR/ours.header and DIR/cyrus.header, the Basic authorization of each:
# credentials reach curl and wrk through files, never a command line that `ps` shows.
bench_pair() {
    local base="$1" dir="$2" calendar
    bench_account "$base" "$3" || return 1
    calendar=$(curl -sf -X POST "$base/api/v1/hosted-calendars" -H "@"<(printf 'Authorization: Bearer %s\n' "$BENCH_KEY") \
        -H 'Content-Type: application/json' -d '{"name":"Bench"}' | bench_json id)
    OURS_URL="$base/dav/calendars/$BENCH_ACCOUNT/$calendar/"
    CYRUS_URL="${CALDAV_URL}user/$CALDAV_USER/bench-$(date +%s)-$RANDOM/"
    curl -sf -o /dev/null -u "$CALDAV_USER:$CALDAV_PASS" -X MKCALENDAR "$CYRUS_URL" \
        || { echo "MKCALENDAR on Cyrus failed" >&2; return 1; }
    printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$BENCH_EMAIL" "$BENCH_KEY" | base64 -w0)" > "$dir/ours.header"
    printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$CALDAV_USER" "$CALDAV_PASS" | base64 -w0)" > "$dir/cyrus.header"
}

# the value of a string field of a one-line JSON answer
bench_json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }

# bench_server_start PROJECT DIR OFFSET: the provisioned single server (PROJECT/target/server) as a
# plain process with its own base directory DIR (made from the provisioned configuration and
# PROJECT/target/ROOT.war when missing, kept otherwise, with the embedded database in DIR/data unless
# CALENDARPIPE_DB_URL says otherwise) and every port moved by OFFSET (HTTP 8080+OFFSET); returns
# once /api/v1/status answers. Sets BENCH_SERVER_GROUP for bench_server_stop.
bench_server_start() {
    local project="$1" dir offset="$3" port=$((8080 + $3))
    # absolute: the server runs elsewhere, and H2 refuses a path relative to its working folder
    dir=$(realpath -m "$2")
    if [ ! -d "$dir/configuration" ]; then
        mkdir -p "$dir/deployments"
        cp -r "$project/target/server/standalone/configuration" "$dir/configuration"
        rm -rf "$dir/configuration/standalone_xml_history"
        cp "$project/target/ROOT.war" "$dir/deployments/ROOT.war"
    fi
    JBOSS_PIDFILE="$dir/server.pid" LAUNCH_JBOSS_IN_BACKGROUND=1 CALENDARPIPE_DATA_DIR="$dir/data" \
        setsid nohup "$project/target/server/bin/standalone.sh" \
            -Djboss.server.base.dir="$dir" -Djboss.socket.binding.port-offset="$offset" \
            -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 \
            >"$dir/console.log" 2>&1 </dev/null &
    # setsid made the launcher the leader of a process group that holds the JVM as well
    BENCH_SERVER_GROUP=$!
    for _ in $(seq 1 240); do
        curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/api/v1/status" 2>/dev/null && return 0
        kill -0 "$BENCH_SERVER_GROUP" 2>/dev/null || break
        sleep 0.5
    done
    echo "the server did not start; see $dir/console.log and $dir/log/server.log" >&2
    return 1
}

# bench_server_stop DIR [SECONDS]: TERM lets WildFly shut down cleanly; KILL takes whatever is left of
# the group after SECONDS (default 30)
bench_server_stop() {
    [ -n "${BENCH_SERVER_GROUP:-}" ] || return 0
    local pid
    # before the JVM has written its pid file there is only the launcher to tell
    pid="$(cat "$1/server.pid" 2>/dev/null)" || pid="$BENCH_SERVER_GROUP"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((${2:-30} * 2))); do kill -0 -- "-$BENCH_SERVER_GROUP" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$BENCH_SERVER_GROUP" 2>/dev/null || true
    BENCH_SERVER_GROUP=""
}

# bench_event N: an event a day from 2026-01-01 (every tenth a weekly series of ten), CRLF lines;
# its UID is unique to this run (BENCH_UID)
bench_event() {
    local i="$1" day
    day=$(date -u -d "2026-01-01 + $i days" +%Y%m%d)
    printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CalendarPipe bench//EN\r\nBEGIN:VEVENT\r\n'
    # unique per run: a server may hold an earlier run's calendars, and Cyrus refuses a UID that
    # another calendar of the same user has
    printf 'UID:%s-%s@calendarpipe.test\r\nDTSTAMP:20260101T000000Z\r\n' "$BENCH_UID" "$i"
    printf 'DTSTART:%sT090000Z\r\nDTEND:%sT100000Z\r\nSUMMARY:Benchmark event %s\r\n' "$day" "$day" "$i"
    [ $((i % 10)) -ne 0 ] || printf 'RRULE:FREQ=WEEKLY;COUNT=10\r\n'
    printf 'DESCRIPTION:Agenda for meeting %s: status\\, risks\\, next steps.\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' "$i"
}

# bench_fill COLLECTION-URL HEADER-FILE N: PUTs events 1..N as bench-I.ics, 4 at a time; fails unless all are 201
bench_fill() {
    local dir
    dir=$(mktemp -d)
    for i in $(seq 1 "$3"); do bench_event "$i" > "$dir/bench-$i.ics"; done
    if ! seq 1 "$3" | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H "@$2" \
            -H 'Content-Type: text/calendar; charset=utf-8' --data-binary "@$dir/bench-{}.ics" "$1bench-{}.ics" \
            | sort | uniq -c | awk '$2 != 201 { bad = 1 } END { exit bad }'; then
        rm -rf "$dir"
        echo "not every PUT to $1 was a 201" >&2
        return 1
    fi
    rm -rf "$dir"
}

# bench_readme_start PROJECT LOG: the README's run command (`mvn -o package wildfly:run -DskipTests`,
# on 127.0.0.1:8080) in PROJECT, in a process group of its own, output to LOG; returns once
# /api/v1/status answers 200, polled every 50 ms (so a caller can time the start). The server
# inherits this shell's environment (CALENDARPIPE_DATA_DIR, JAVA_TOOL_OPTIONS). Sets
# BENCH_MVN_GROUP for bench_readme_stop; fails when the command ends first.
bench_readme_start() {
    (cd "$1" && exec setsid mvn -o package wildfly:run -DskipTests > "$2" 2>&1 < /dev/null) &
    BENCH_MVN_GROUP=$!
    until curl -sf -o /dev/null --max-time 1 http://127.0.0.1:8080/api/v1/status; do
        kill -0 "$BENCH_MVN_GROUP" 2>/dev/null || { echo "the server did not start; see $2" >&2; return 1; }
        sleep 0.05
    done
}

# bench_readme_stop: stops what bench_readme_start started, and waits until port 8080 is free
bench_readme_stop() {
    [ -n "${BENCH_MVN_GROUP:-}" ] || return 0
    kill -TERM -- "-$BENCH_MVN_GROUP" 2>/dev/null || true
    wait "$BENCH_MVN_GROUP" 2>/dev/null || true
    BENCH_MVN_GROUP=""
    while (: </dev/tcp/127.0.0.1/8080) 2>/dev/null; do sleep 0.2; done
}

# the CalDAV scenarios calendar clients make, as caldav-vs-cyrus.sh describes them
BENCH_SCENARIOS="propfind-depth1 propfind-depth0 sync-initial query-month multiget-50 get-object put-object"

# bench_scenarios DIR NAME COLLECTION-URL HEADER-FILE N: one wrk script per scenario, DIR/NAME-SCENARIO.lua,
# and the same request as a curl config, DIR/NAME-SCENARIO.curl, for the calendar at COLLECTION-URL
# filled by bench_fill with N events, authorised by HEADER-FILE
bench_scenarios() {
    local dir="$1" name="$2" url="$3" n="$5" header path xml="application/xml; charset=utf-8" multiget i
    header=$(cut -d' ' -f2- < "$4" | tr -d '\n')
    path="/${url#*://*/}"
    multiget='<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>'
    for i in $(seq 1 50); do multiget+="<d:href>${path}bench-$((i * n / 50)).ics</d:href>"; done
    multiget+='</c:calendar-multiget>'
    bench_scenario_files() {   # scenario, method, depth or "", content type or "", body or ""
        local headers=("Authorization: $header") h
        [ -z "$3" ] || headers+=("Depth: $3")
        [ -z "$4" ] || headers+=("Content-Type: $4")
        # for wrk (bench_rps) a script; for one curl (bench_once) a config file, the body beside it
        {
            printf 'wrk.method = "%s"\n' "$2"
            for h in "${headers[@]}"; do printf 'wrk.headers["%s"] = "%s"\n' "${h%%: *}" "${h#*: }"; done
            [ -z "$5" ] || printf 'wrk.body = [==[%s]==]\n' "$5"
        } > "$dir/$name-$1.lua"
        {
            printf 'request = "%s"\n' "$2"
            for h in "${headers[@]}"; do printf 'header = "%s"\n' "$h"; done
            [ -z "$5" ] || printf 'data-binary = "@%s"\n' "$dir/$name-$1.body"
        } > "$dir/$name-$1.curl"
        [ -z "$5" ] || printf '%s' "$5" > "$dir/$name-$1.body"
    }
    bench_scenario_files propfind-depth1 PROPFIND 1 "$xml" '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>'
    bench_scenario_files propfind-depth0 PROPFIND 0 "$xml" '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/><d:displayname/></d:prop></d:propfind>'
    bench_scenario_files sync-initial REPORT 0 "$xml" '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>'
    bench_scenario_files query-month REPORT 1 "$xml" '<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20260601T000000Z" end="20260701T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>'
    bench_scenario_files multiget-50 REPORT 1 "$xml" "$multiget"
    bench_scenario_files get-object GET "" "" ""
    bench_scenario_files put-object PUT "" "text/calendar; charset=utf-8" "$(bench_event 7)"
}

# bench_rps DIR NAME COLLECTION-URL SCENARIO SECONDS [CONNECTIONS]: the req/s of one scenario (wrk -t2,
# 16 connections unless told); fails on any answer that is not a 2xx
bench_rps() {
    local out
    out=$(wrk -t2 -c"${6:-16}" -d"${5}s" -s "$1/$2-$4.lua" "$(bench_target "$3" "$4")")
    if grep -q 'Non-2xx' <<<"$out"; then echo "$2 $4: $(grep 'Non-2xx' <<<"$out")" >&2; return 1; fi
    awk '/Requests\/sec/ {print $2}' <<<"$out"
}

# bench_once DIR NAME COLLECTION-URL SCENARIO: one request of a scenario, by curl; fails unless a 2xx
bench_once() {
    curl -sf -o /dev/null -K "$1/$2-$4.curl" "$(bench_target "$3" "$4")"
}

# bench_target COLLECTION-URL SCENARIO: where a scenario's requests go (an event of the calendar, or the calendar)
bench_target() {
    case "$2" in get-object|put-object) echo "${1}bench-7.ics" ;; *) echo "$1" ;; esac
}

# bench_median: the median of the numbers on stdin, one a line
bench_median() {
    sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
