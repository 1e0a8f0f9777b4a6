#!/usr/bin/env bash
# The server's class-data archive (AppCDS): target/server/calendarpipe.jsa, the classes a start and
# a first round of requests load (WildFly's, its modules', the application's), parsed and verified
# once here instead of at every start. Run by the build at `package`, after the server is
# provisioned (pom.xml, execution class-archive), and only when no usable archive is there: the
# archive is bound to this JDK build and to the server's path, so `java -Xshare:on` says whether
# the one there still serves. A class changed since is simply loaded from its jar as before (the
# JVM compares each class's bytes with the archived one), so edits do not call for a new archive.
#
# How: the provisioned server starts with the WAR in a base directory of its own (ports moved by
# OFFSET, default 30000, its embedded database there too), serves one account's requests (REST and
# CalDAV: the classes of the request paths), and stops; the JVM writes the archive as it exits
# (-XX:ArchiveClassesAtExit), under a temporary name first. bin/standalone.conf and wildfly:run's
# options (pom.xml) then use it. Start to ready with and without it: README "Tuning".
#
# Never fails the build: without the archive the server starts as before, only slower.
set -uo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
source "$project/src/bench/lib.sh"
server="$project/target/server"
archive="$server/calendarpipe.jsa"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
offset="${OFFSET:-30000}"
base="http://127.0.0.1:$((8080 + offset))"

usable() {
    "$java" -Xshare:on -XX:SharedArchiveFile="$1" -cp "$server/jboss-modules.jar" -version >/dev/null 2>&1
}
skip() { echo "class-data archive not made: $*; the server starts without it" >&2; exit 0; }

[ -f "$archive" ] && usable "$archive" && exit 0
[ -f "$project/target/ROOT.war" ] || skip "no target/ROOT.war"
(: </dev/tcp/127.0.0.1/$((8080 + offset))) 2>/dev/null && skip "port $((8080 + offset)) is taken (OFFSET moves it)"

dir=$(mktemp -d)
trap 'bench_server_stop "$dir/standalone" 120; rm -rf "$dir"' EXIT
echo "making the class-data archive $archive (a start and a few requests, about 30 s)"
JAVA_OPTS="-Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true -XX:ArchiveClassesAtExit=$dir/calendarpipe.jsa" \
    bench_server_start "$project" "$dir/standalone" "$offset" || skip "the server did not start"

# the request paths: sign-up, sign-in and a key (REST), a calendar, PUTs, then what calendar
# clients ask of it over CalDAV, and its ICS feed
bench_account "$base" archive || skip "the requests failed"
created=$(curl -sf -X POST "$base/api/v1/hosted-calendars" -H "@"<(printf 'Authorization: Bearer %s\n' "$BENCH_KEY") \
    -H 'Content-Type: application/json' -d '{"name":"Archive"}') || skip "creating a calendar failed"
collection="$base/dav/calendars/$BENCH_ACCOUNT/$(bench_json id <<<"$created")/"
printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$BENCH_EMAIL" "$BENCH_KEY" | base64 -w0)" > "$dir/header"
bench_fill "$collection" "$dir/header" 20 || skip "the PUTs failed"
bench_scenarios "$dir" archive "$collection" "$dir/header" 20
for scenario in $BENCH_SCENARIOS; do
    bench_once "$dir" archive "$collection" "$scenario" || skip "the request $scenario failed"
done
curl -sf -o /dev/null "$base/feed/$(bench_json feedToken <<<"$created").ics" || skip "the feed failed"

bench_server_stop "$dir/standalone" 120
usable "$dir/calendarpipe.jsa" || skip "the JVM wrote no usable archive"
mv "$dir/calendarpipe.jsa" "$archive"
echo "class-data archive made: $(du -m "$archive" | cut -f1) MiB"
