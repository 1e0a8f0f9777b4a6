#!/usr/bin/env bash
# Restores a CalendarPipe backup (README, "Backups"). Never overwrites anything that holds data:
#
#   src/backup/restore.sh BACKUP.zip NEW_DATA_DIR [--revocations FILE]
#       the embedded H2: BACKUP.zip (from CALENDARPIPE_BACKUP_DIR, with BACKUP.zip.sha256 beside
#       it) into NEW_DATA_DIR, which must not exist or be empty.
#   src/backup/restore.sh --postgres DATABASE_URL DUMP DATA_DIR [--revocations FILE]
#       PostgreSQL: DUMP (pg_dump -Fc, with DUMP.sha256 beside it) into the database DATABASE_URL
#       (a libpq URL, postgresql://user@host:5432/name), which must exist and hold no table.
#
# Both check the checksum first, and leave the marker "restored-from" in the data folder: the
# next start serves a new generation (every client syncs afresh once, ctags move forward) and
# replays the revocation log. --revocations FILE copies a revocation log kept elsewhere (beside
# the backups, say) into the data folder, where the server reads it unless
# CALENDARPIPE_REVOCATION_LOG names another file. Then start the server on the data folder (and
# database): the migrations bring an older backup's schema forward.
set -euo pipefail

fail() { echo "restore: $*" >&2; exit 1; }
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

postgres=
if [[ ${1:-} == --postgres ]]; then
    [[ $# -ge 4 ]] || usage
    postgres=$2; backup=$3; data=$4; shift 4
else
    [[ $# -ge 2 ]] || usage
    backup=$1; data=$2; shift 2
fi
revocations=
while [[ $# -gt 0 ]]; do
    case $1 in
        --revocations) [[ $# -ge 2 ]] || usage; revocations=$2; shift 2 ;;
        *) usage ;;
    esac
done

[[ -f $backup ]] || fail "no backup at $backup"
[[ -f $backup.sha256 ]] || fail "no checksum at $backup.sha256: a backup without its checksum cannot be told from a damaged one"
[[ -z $revocations || -f $revocations ]] || fail "no revocation log at $revocations"

# the checksum, compared by value: the backup may have been renamed or moved since
expected=$(awk 'NR == 1 { print $1 }' "$backup.sha256")
[[ $expected =~ ^[0-9a-f]{64}$ ]] || fail "$backup.sha256 holds no SHA-256"
actual=$(sha256sum "$backup" | awk '{ print $1 }')
[[ $actual == "$expected" ]] || fail "$backup does not match its checksum ($actual, expected $expected): damaged or altered, not restored"
echo "restore: checksum of $(basename "$backup") verified"

marker() {   # $1: the folder
    printf '%s sha256:%s restored %s\n' "$(basename "$backup")" "$actual" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$1/restored-from"
    if [[ -n $revocations ]]; then
        cat "$revocations" >> "$1/revocations.log"
    fi
}

if [[ -z $postgres ]]; then
    if [[ -e $data ]]; then
        [[ -d $data ]] || fail "$data is not a folder"
        [[ -z $(ls -A "$data") ]] || fail "$data is not empty: refusing to overwrite a data folder (a live one?); restore into a new folder"
    fi
    unzip -Z1 "$backup" 2>/dev/null | grep -qx 'calendarpipe.mv.db' || fail "$backup is not a backup of CalendarPipe's embedded database (no calendarpipe.mv.db in it)"
    parent=$(dirname "$data")
    mkdir -p "$parent"
    work=$(mktemp -d "$parent/.restoring.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    unzip -q "$backup" calendarpipe.mv.db -d "$work"
    marker "$work"
    chmod 700 "$work"
    # the folder appears complete, or not at all
    [[ -d $data ]] && rmdir "$data"
    mv "$work" "$data"
    trap - EXIT
    echo "restore: restored into $data; start the server with CALENDARPIPE_DATA_DIR=$data"
    echo "restore: copy the secrets key (secrets.key of the old data folder) into it too, unless CALENDARPIPE_SECRETS_KEY is set"
else
    command -v pg_restore > /dev/null && command -v psql > /dev/null || fail "pg_restore and psql are needed (postgresql-client)"
    tables=$(psql "$postgres" -v ON_ERROR_STOP=1 -tAc "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") \
        || fail "cannot reach the database $postgres"
    [[ $tables == 0 ]] || fail "the database holds $tables tables: refusing to restore over a database in use; create an empty one (createdb)"
    pg_restore --exit-on-error --no-owner --no-privileges -d "$postgres" "$backup" || fail "pg_restore failed"
    mkdir -p "$data"
    marker "$data"
    echo "restore: restored into $postgres; start the server on it with CALENDARPIPE_DATA_DIR=$data"
fi
