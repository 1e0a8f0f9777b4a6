#!/usr/bin/env bash
# Benchmark: what a password sign-in costs, and what a throttled one costs. Side by side in one run,
# on loopback, against a running server with the default throttle: `POST /api/v1/session` with the
# right password (one PBKDF2 check, 600 000 iterations), then with a wrong one from the same address
# until the address throttle engages (20 failures), then the throttled refusals that follow (no
# hash, no database). Prints each one's req/s and time per request at 2 connections (one per core
# here), and the ratio refused / checked. Afterwards this address may not sign in for 5 minutes:
# run it against a server of its own.
#
# Needs: a running server (README: `mvn package wildfly:run`) and wrk (`apt-get install wrk`).
# Usage: src/bench/sign-in-cost.sh [base-url] [seconds-per-phase]
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
seconds="${2:-10}"
connections=2

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
curl -sf "$base/api/v1/status" >/dev/null || { echo "no server at $base" >&2; exit 1; }

email="bench-signin-$(date +%s)-$RANDOM@calendarpipe.test"
password="bench-password-$RANDOM$RANDOM"
curl -sf -X POST "$base/api/v1/accounts" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Benchmark\"}" >/dev/null \
    || { echo "sign-up failed at $base" >&2; exit 1; }

right=$(mktemp --suffix=.lua); wrong=$(mktemp --suffix=.lua)
trap 'rm -f "$right" "$wrong"' EXIT
# the password goes to wrk through a Lua file, never on a command line that `ps` shows
for file in "$right" "$wrong"; do
    pw="$password"; [ "$file" = "$wrong" ] && pw="not-the-password"
    cat > "$file" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"$email","password":"$pw"}'
LUA
done

# req/s of one phase: SECONDS LUA-FILE
phase() {
    wrk -t"$connections" -c"$connections" -d"${1}s" -s "$2" "$base/api/v1/session" | awk '/Requests\/sec/ {print $2}'
}

echo "warm-up: right passwords for ${seconds} s (the JIT compiles PBKDF2 first)"
phase "$seconds" "$right" >/dev/null
checked=$(phase "$seconds" "$right")
# 20 wrong passwords engage the address throttle; the warm-up of the refusals is part of it
phase 3 "$wrong" >/dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}")
[ "$status" = 429 ] || { echo "the throttle did not engage (answer $status): is it set to its defaults?" >&2; exit 1; }
refused=$(phase "$seconds" "$wrong")

ms() { echo "1000 * $connections / $1" | bc -l; }
printf '%-22s %12s %12s\n' "" "req/s" "ms each"
printf '%-22s %12.1f %12.2f\n' "checked sign-in" "$checked" "$(ms "$checked")"
printf '%-22s %12.1f %12.3f\n' "throttled refusal" "$refused" "$(ms "$refused")"
printf 'a throttled refusal costs %.4f of a checked sign-in (%.0f times cheaper)\n' \
    "$(echo "$checked / $refused" | bc -l)" "$(echo "$refused / $checked" | bc -l)"
