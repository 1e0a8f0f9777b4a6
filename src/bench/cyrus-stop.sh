#!/bin/bash
# Stops the Cyrus started by cyrus-start.sh: SIGTERM to the recorded master PID (the master ends its own
# children), waits, then reports. State stays in $CYRUS_DIR; CYRUS_WIPE=1 also removes it.
set -u
D=${CYRUS_DIR:-/tmp/cyrus-peer}
P=$(cat "$D/pid" 2>/dev/null || true)
if [ -n "$P" ] && kill -0 "$P" 2>/dev/null && grep -q cyrmaster "/proc/$P/cmdline" 2>/dev/null; then
  kill -TERM "$P"
  for i in $(seq 100); do kill -0 "$P" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$P" 2>/dev/null; then echo "cyrus master $P still running" >&2; exit 1; fi
  echo "# stopped cyrus master $P"
else
  echo "# no running cyrus master recorded in $D/pid"
fi
rm -f "$D/pid"
[ "${CYRUS_WIPE:-0}" = 1 ] && rm -rf "$D" && echo "# removed $D"
exit 0
