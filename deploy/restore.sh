#!/usr/bin/env bash
# 从备份恢复：restore.sh [--force] FILE [TARGET_DB]，附件：restore.sh --files [--force] ARCHIVE DIR
# Restores a backup written by backup.sh (FILE: .sql.gz, or a plain .sql) into TARGET_DB
# (default MYSQL_DATABASE), creating the database (utf8mb4) when missing. Refuses a database that
# already holds tables unless --force is given (then every table of the dump is dropped and
# recreated; tables the dump lacks are left alone). Checks the file is whole before touching the
# database. Same connection settings as backup.sh: MYSQL_HOST MYSQL_PORT MYSQL_USER
# MYSQL_PASSWORD MYSQL_DATABASE; the password goes through a temporary option file (mode 600).
# Stop the app first when restoring over the live database: systemctl stop ai-market
# With --files, ARCHIVE is an attachment archive (ai-market-files-*.tar.gz) unpacked into the
# folder DIR (ATTACHMENT_DIR), which must be empty or missing unless --force is given.
set -euo pipefail
umask 077

usage() { echo "usage: $0 [--force] FILE [TARGET_DB] | $0 --files [--force] ARCHIVE DIR" >&2; exit 2; }
die() { echo "restore.sh: $*" >&2; exit 1; }

force=0
files=0
args=()
for a in "$@"; do
  case $a in
    --force) force=1 ;;
    --files) files=1 ;;
    -h | --help) usage ;;
    -*) echo "restore.sh: unknown option $a" >&2; usage ;;
    *) args+=("$a") ;;
  esac
done
[[ ${#args[@]} -ge 1 && ${#args[@]} -le 2 ]] || usage
file=${args[0]}

if [ "$files" -eq 1 ]; then
  [[ ${#args[@]} -eq 2 ]] || usage
  dir=${args[1]}
  [[ -f $file && -r $file ]] || die "$file: no such readable file"
  echo "checking $file"
  tar -tzf "$file" >/dev/null || die "$file: not a readable attachment archive"
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ "$force" -ne 1 ]; then
    die "$dir is not empty; restore into an empty folder, or add --force to unpack over it"
  fi
  mkdir -p "$dir"
  tar -C "$dir" --no-same-owner -xzf "$file"
  echo "restored: $file -> $dir ($(find "$dir" -type f | wc -l) files)"
  exit 0
fi
MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${MYSQL_PORT:-3306}
MYSQL_USER=${MYSQL_USER:-root}
MYSQL_PASSWORD=${MYSQL_PASSWORD:-}
target=${args[1]:-${MYSQL_DATABASE:-ai_market}}

[[ -f $file && -r $file ]] || die "$file: no such readable file"
# The name goes into SQL unquoted by the client: allow only what needs no quoting.
[[ $target =~ ^[A-Za-z0-9_]+$ ]] || die "TARGET_DB=$target: letters, digits and _ only"
[[ $MYSQL_PORT =~ ^[0-9]+$ ]] || die "MYSQL_PORT=$MYSQL_PORT: not a port"

if command -v mysql >/dev/null 2>&1; then
  client=mysql
elif command -v mariadb >/dev/null 2>&1; then
  client=mariadb
else
  die "neither mysql nor mariadb client found (apt install mysql-client, or mariadb-client)"
fi

case $file in
  *.gz) reader=(gzip -dc -- "$file") ;;
  *) reader=(cat -- "$file") ;;
esac

# A backup is whole when it decompresses and ends with the dump tool's closing line.
echo "checking $file"
last=$("${reader[@]}" | tail -n 1) || die "$file: cannot be read (corrupt gzip?)"
[[ $last == "-- Dump completed"* ]] || die "$file: incomplete dump (no \"-- Dump completed\" line at the end)"

work=$(mktemp -d "${TMPDIR:-/tmp}/ai-market-restore.XXXXXX")
trap 'rm -rf "$work"' EXIT
quote() { local v=${1//\\/\\\\}; printf '"%s"' "${v//\"/\\\"}"; }
cnf=$work/client.cnf
{
  echo "[client]"
  echo "host=$(quote "$MYSQL_HOST")"
  echo "port=$MYSQL_PORT"
  echo "user=$(quote "$MYSQL_USER")"
  if [ -n "$MYSQL_PASSWORD" ]; then echo "password=$(quote "$MYSQL_PASSWORD")"; fi
} >"$cnf"
chmod 600 "$cnf"
sql() { "$client" --defaults-extra-file="$cnf" --default-character-set=utf8mb4 "$@"; }

sql -e "CREATE DATABASE IF NOT EXISTS \`$target\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
tables=$(sql -N -B -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$target'")
if [ "$tables" -gt 0 ] && [ "$force" -ne 1 ]; then
  die "database $target already has $tables tables; restore into an empty database, or add --force to replace them"
fi

started=$SECONDS
echo "restoring into $target on $MYSQL_HOST:$MYSQL_PORT"
# pipefail: a read error fails the restore even though the client got a partial stream.
"${reader[@]}" | sql "$target"
tables=$(sql -N -B -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$target'")
echo "restored: $file -> $target ($tables tables, $((SECONDS - started)) s)"
