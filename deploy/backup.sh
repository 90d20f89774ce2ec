#!/usr/bin/env bash
# 数据库备份：一致性快照（--single-transaction，不锁表），gzip 压缩，原子写入，保留 30 天。
# MySQL backup: one consistent snapshot (--single-transaction, no table locks), gzip, written to
# a temporary name and renamed only once complete, then backups older than RETENTION_DAYS go.
#   MYSQL_HOST=… MYSQL_USER=… MYSQL_PASSWORD=… MYSQL_DATABASE=ai_market deploy/backup.sh
# Settings (environment; the systemd unit reads them from /etc/ai-market/backup.env):
#   MYSQL_HOST (127.0.0.1) MYSQL_PORT (3306) MYSQL_USER (root) MYSQL_PASSWORD (none)
#   MYSQL_DATABASE (ai_market) BACKUP_DIR (/var/backups/ai-market) RETENTION_DAYS (30)
#   ATTACHMENT_DIR (none): with ATTACHMENT_STORE=local, the attachment folder, archived after the
#   dump as ai-market-files-<database>-<time>.tar.gz (OSS keeps its own versions: deploy/README.md).
# The password reaches the client through a temporary option file (mode 600), never the
# command line, where any user could read it with ps. Exits non-zero on any failure, leaving no
# file that looks like a backup.
set -euo pipefail
umask 077

BACKUP_DIR=${BACKUP_DIR:-/var/backups/ai-market}
RETENTION_DAYS=${RETENTION_DAYS:-30}
MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${MYSQL_PORT:-3306}
MYSQL_USER=${MYSQL_USER:-root}
MYSQL_PASSWORD=${MYSQL_PASSWORD:-}
MYSQL_DATABASE=${MYSQL_DATABASE:-ai_market}

die() { echo "backup.sh: $*" >&2; exit 1; }

[[ $MYSQL_DATABASE =~ ^[A-Za-z0-9_]+$ ]] || die "MYSQL_DATABASE=$MYSQL_DATABASE: letters, digits and _ only"
[[ $MYSQL_PORT =~ ^[0-9]+$ ]] || die "MYSQL_PORT=$MYSQL_PORT: not a port"
[[ $RETENTION_DAYS =~ ^[0-9]+$ && $RETENTION_DAYS -ge 1 ]] || die "RETENTION_DAYS=$RETENTION_DAYS: whole days, at least 1"

# mysqldump, or MariaDB's name for it where only that one is installed.
if command -v mysqldump >/dev/null 2>&1; then
  dump=mysqldump
elif command -v mariadb-dump >/dev/null 2>&1; then
  dump=mariadb-dump
else
  die "neither mysqldump nor mariadb-dump found (apt install mysql-client, or mariadb-client)"
fi
opts=(--single-transaction --routines --triggers --hex-blob --default-character-set=utf8mb4
  # Tablespace statements need the PROCESS privilege and are useless for one database.
  --no-tablespaces)
if ! "$dump" --version 2>/dev/null | grep -qi mariadb; then
  # Oracle's client against RDS (GTIDs on): without this the dump sets GTID_PURGED, which a
  # restore into another instance refuses, and the dump itself needs the RELOAD privilege.
  opts+=(--set-gtid-purged=OFF)
fi

mkdir -p "$BACKUP_DIR"
work=$(mktemp -d "${TMPDIR:-/tmp}/ai-market-backup.XXXXXX")
tmp=
cleanup() {
  rm -rf "$work"
  # A dump that did not finish must not stay behind under any name.
  if [ -n "$tmp" ]; then rm -f "$tmp"; fi
}
trap cleanup EXIT
# Stopped (systemd timeout, Ctrl-C): exit through the EXIT trap, which removes the partial file.
trap 'exit 143' TERM INT HUP

# Option-file values: backslashes and double quotes escaped inside double quotes.
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

# One backup at a time (a manual run while the timer fires).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$BACKUP_DIR/.lock"
  flock -n 9 || die "another backup is running in $BACKUP_DIR"
fi

started=$SECONDS
# A UTC time stamp: names sort by age. A second run in the same second waits for the next one.
while :; do
  name="ai-market-$MYSQL_DATABASE-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
  final="$BACKUP_DIR/$name"
  [ -e "$final" ] || break
  sleep 1
done
# Same folder, so the rename below is atomic; the dot keeps it out of the retention glob.
tmp="$BACKUP_DIR/.$name.partial"

# pipefail: a failed dump fails the pipeline even though gzip succeeded.
if ! "$dump" --defaults-extra-file="$cnf" "${opts[@]}" "$MYSQL_DATABASE" | gzip -6 >"$tmp"; then
  die "$dump of $MYSQL_DATABASE on $MYSQL_HOST:$MYSQL_PORT failed (its message is above); no backup written"
fi

# The dump tool writes "-- Dump completed" as its very last line: a dump cut short (lost
# connection, full disk) lacks it even if the gzip stream is whole. Reading it back also
# proves the gzip stream intact.
last=$(gzip -dc "$tmp" | tail -n 1)
[[ $last == "-- Dump completed"* ]] || die "the dump is incomplete (last line: ${last:0:80})"

sync "$tmp" 2>/dev/null || true
mv -f "$tmp" "$final"
tmp=
sync "$BACKUP_DIR" 2>/dev/null || true

size=$(stat -c %s "$final")
human=$(numfmt --to=iec-i --suffix=B "$size" 2>/dev/null || echo "$size bytes")
echo "backup: $final ($human, $((SECONDS - started)) s)"

# Retention: files older than RETENTION_DAYS days (by modification time), and leftovers of
# interrupted runs older than a day. Never the file just written.
find "$BACKUP_DIR" -maxdepth 1 -type f -name 'ai-market-*.sql.gz' ! -name "$name" \
  -mmin +$((RETENTION_DAYS * 1440)) -print -delete | sed 's/^/expired: /'
find "$BACKUP_DIR" -maxdepth 1 -type f -name '.ai-market-*.partial' -mmin +1440 -delete

# The attachment folder, after the dump: every file a dumped row names is in the archive unless it
# was deleted in between. Files the app writes meanwhile may change under tar (its exit code 1,
# a warning); anything worse fails the backup.
if [ -n "${ATTACHMENT_DIR:-}" ]; then
  [ -d "$ATTACHMENT_DIR" ] || die "ATTACHMENT_DIR=$ATTACHMENT_DIR: no such folder"
  stamp=${name#"ai-market-$MYSQL_DATABASE-"}
  files_name="ai-market-files-$MYSQL_DATABASE-${stamp%.sql.gz}.tar.gz"
  tmp="$BACKUP_DIR/.$files_name.partial"
  rc=0
  tar -C "$ATTACHMENT_DIR" --warning=no-file-changed --warning=no-file-removed -czf "$tmp" . || rc=$?
  [ "$rc" -le 1 ] || die "archiving $ATTACHMENT_DIR failed (tar exit $rc); no attachment archive written"
  tar -tzf "$tmp" >/dev/null || die "the attachment archive is unreadable"
  sync "$tmp" 2>/dev/null || true
  mv -f "$tmp" "$BACKUP_DIR/$files_name"
  tmp=
  count=$(tar -tzf "$BACKUP_DIR/$files_name" | grep -vc '/$' || true)
  echo "backup: $BACKUP_DIR/$files_name ($count files)"
  find "$BACKUP_DIR" -maxdepth 1 -type f -name 'ai-market-files-*.tar.gz' ! -name "$files_name" \
    -mmin +$((RETENTION_DAYS * 1440)) -print -delete | sed 's/^/expired: /'
fi
