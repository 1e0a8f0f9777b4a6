#!/bin/bash
# Starts a throw-away Cyrus IMAP 3.6 CalDAV server (Debian 12 packages cyrus-imapd + cyrus-caldav, plus
# sasl2-bin for saslpasswd2) on 127.0.0.1 as a peer for benchmarks. Cyrus' own master process runs
# with a private imapd.conf / cyrus.conf; config, mail spool, DBs and the sasldb all live in $CYRUS_DIR
# (default /tmp/cyrus-peer). Nothing under /etc or /var/lib/cyrus is used or changed.
#   http (CalDAV/CardDAV)  127.0.0.1:$CYRUS_HTTP_PORT (default 8008)
#   imap (admin only, used here to create the user mailboxes)  127.0.0.1:$CYRUS_IMAP_PORT (default 8143)
# Users: alice and bob (HTTP Basic, passwords cp_ + 64 hex), admin "cyrus" (random password), all in sasldb.
# Idempotent: re-running reuses the users/spool; if the recorded master is alive it only prints the exports.
# Prints export lines for CALDAV_URL/CALDAV_USER/CALDAV_PASS(/2) and the master PID; stop with cyrus-stop.sh
# (or kill <PID>: the Cyrus master ends its children on SIGTERM).
set -eu
D=${CYRUS_DIR:-/tmp/cyrus-peer}
PORT=${CYRUS_HTTP_PORT:-8008}
IPORT=${CYRUS_IMAP_PORT:-8143}
REALM=cyrus-peer
need=""
[ -x /usr/sbin/cyrmaster ] || need="$need cyrus-imapd"
[ -x /usr/lib/cyrus/bin/httpd ] || need="$need cyrus-caldav"
command -v saslpasswd2 >/dev/null || need="$need sasl2-bin"
if [ -n "$need" ]; then
  echo "# missing packages:$need -> apt-get install -y$need" >&2
  if [ "${CYRUS_INSTALL:-0}" = 1 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y $need >&2; else exit 1; fi
fi
[ "$(id -u)" = 0 ] || { echo "must run as root (the Cyrus master drops to user cyrus)" >&2; exit 1; }

key() { echo "cp_$(head -c32 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
pw() { grep "^$1:" "$D/users" | cut -d: -f2; }
exports() {
  echo "export CALDAV_URL=http://127.0.0.1:$PORT/dav/calendars/"
  echo "export CALDAV_USER=alice CALDAV_PASS=$(pw alice)"
  echo "export CALDAV_USER2=bob CALDAV_PASS2=$(pw bob)"
  echo "# cyrus master pid $(cat "$D/pid") (src/bench/cyrus-stop.sh or kill $(cat "$D/pid")); principal http://127.0.0.1:$PORT/dav/principals/user/alice/"
}
if [ -f "$D/pid" ] && kill -0 "$(cat "$D/pid")" 2>/dev/null && grep -q cyrmaster "/proc/$(cat "$D/pid")/cmdline" 2>/dev/null; then
  echo "# already running" >&2; exports; exit 0
fi

mkdir -p "$D"
chmod 755 "$D"
for s in lib lib/db lib/socket lib/proc lib/log lib/user lib/quota lib/sieve lib/lock lib/ptclient lib/sync lib/msg spool; do mkdir -p "$D/$s"; done
chown -R cyrus:mail "$D/lib" "$D/spool"
[ -f "$D/users" ] || ( umask 077; { echo "alice:$(key)"; echo "bob:$(key)"; echo "cyrus:$(key)"; } > "$D/users" )

cat > "$D/imapd.conf" <<CFG
configdirectory: $D/lib
partition-default: $D/spool
servername: $REALM
admins: cyrus
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: $D/sasldb2
sasl_mech_list: PLAIN
httpmodules: caldav carddav
caldav_realm: $REALM
lmtpsocket: $D/lib/socket/lmtp
idlesocket: $D/lib/socket/idle
notifysocket: $D/lib/socket/notify
sievedir: $D/lib/sieve
syslog_prefix: cyrus-peer
hashimapspool: true
unixhierarchysep: yes
CFG
# the master does not pass its -C on to the services, so every cmd names the private imapd.conf itself
cat > "$D/cyrus.conf" <<CFG
START {
  recover   cmd="ctl_cyrusdb -C $D/imapd.conf -r"
}
SERVICES {
  imap      cmd="imapd -C $D/imapd.conf" listen="127.0.0.1:$IPORT" prefork=0 maxchild=10
  http      cmd="httpd -C $D/imapd.conf" listen="127.0.0.1:$PORT" prefork=${CYRUS_HTTP_PREFORK:-4} maxchild=100
}
EVENTS {
  checkpoint cmd="ctl_cyrusdb -C $D/imapd.conf -c" period=30
}
DAEMON {
}
CFG

chmod 644 "$D/imapd.conf" "$D/cyrus.conf"
# sasldb users (re-set every start so the file always matches $D/users)
for u in alice bob cyrus; do pw $u | saslpasswd2 -f "$D/sasldb2" -u "$REALM" -p -c "$u"; done
chown cyrus:mail "$D/sasldb2"; chmod 640 "$D/sasldb2"

rm -f "$D/pid"
/usr/sbin/cyrmaster -C "$D/imapd.conf" -M "$D/cyrus.conf" -p "$D/pid" -L "$D/master.log" -d
for i in $(seq 100); do [ -s "$D/pid" ] && curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
[ -s "$D/pid" ] || { echo "cyrus master did not start; see $D/master.log" >&2; exit 1; }

# create the user mailboxes (user/alice, user/bob) over loopback IMAP as admin; CalDAV then auto-provisions
# the calendar home with its Default calendar on the user's first authenticated request.
CYRUS_ADMIN_PASS=$(pw cyrus) IPORT=$IPORT /usr/bin/python3 - <<'PY'
import imaplib, os, time
for i in range(50):
    try:
        m = imaplib.IMAP4("127.0.0.1", int(os.environ["IPORT"])); break
    except OSError:
        time.sleep(0.1)
m.login("cyrus", os.environ["CYRUS_ADMIN_PASS"])
for u in ("alice", "bob"):
    typ, data = m.create("user/%s" % u)
    if typ != "OK" and b"exists" not in b" ".join(data).lower():
        raise SystemExit("CREATE user/%s: %s %s" % (u, typ, data))
m.logout()
PY
# first authenticated request provisions the calendar home
for u in alice bob; do curl -s -o /dev/null -u "$u:$(pw $u)" -X PROPFIND -H 'Depth: 0' "http://127.0.0.1:$PORT/dav/calendars/user/$u/"; done
exports
