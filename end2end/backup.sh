#!/usr/bin/env bash
# Backup and restore, end to end, on the real MariaDB/MySQL and Redis of this machine:
#   1. the real server binary fills a fresh database through the REST API until every table has
#      rows (two users, the second invited by the first; an idea with tags, liked, analysed,
#      auctioned and sold; a business plan bought and written; an API token; an attachment);
#   2. deploy/backup.sh dumps it and archives the attachment folder, deploy/restore.sh restores
#      the newest file into a second fresh database (and refuses to restore over it a second
#      time without --force) and the archive into a second folder, compared file by file;
#   3. every table is compared: row count, CHECKSUM TABLE, an ordered dump of its rows and its
#      definition; any difference fails, naming the table;
#   4. the server starts on the restored database: the idea is listed and the user logs in.
#   end2end/backup.sh          (expects ${CARGO_TARGET_DIR:-target}/debug/ai-market: cargo build -p server)
# AIM_BIN, MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASSWORD, TEST_REDIS_URL and
# BACKUP_TEST_TIMEOUT (seconds per wait, 60) override; BACKUP_TEST_KEEP=1 keeps the databases
# and the work folder for a look.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
BIN=${AIM_BIN:-$target/debug/ai-market}
export MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
export MYSQL_PORT=${MYSQL_PORT:-3306}
export MYSQL_USER=${MYSQL_USER:-root}
export MYSQL_PASSWORD=${MYSQL_PASSWORD:-}
REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379}
TIMEOUT=${BACKUP_TEST_TIMEOUT:-60}
started=$SECONDS

fail() { echo "backup.sh: FAILED: $*" >&2; exit 1; }

# --- Tools --------------------------------------------------------------------------------------
[ -x "$BIN" ] || fail "no server binary at $BIN (cargo build -p server, or set AIM_BIN)"
for tool in curl python3 gzip; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed"
done
if command -v mariadb >/dev/null 2>&1; then client=mariadb
elif command -v mysql >/dev/null 2>&1; then client=mysql
else fail "no mariadb or mysql client (apt install mariadb-client)"; fi
command -v mysqldump >/dev/null 2>&1 || command -v mariadb-dump >/dev/null 2>&1 ||
  fail "no mysqldump or mariadb-dump (apt install mariadb-client)"

# The client, as root of the test server; the password (if any) only through the environment
# of this process, never on a command line.
sql() {
  MYSQL_PWD=$MYSQL_PASSWORD "$client" -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" \
    --default-character-set=utf8mb4 -N -B "$@"
}
sql -e 'SELECT 1' >/dev/null 2>&1 ||
  fail "MariaDB/MySQL at $MYSQL_HOST:$MYSQL_PORT (user $MYSQL_USER) does not answer (scripts/services.sh starts it)"

rand=$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
src_db=aim_backup_${rand}_src
dst_db=aim_backup_${rand}_restored
prefix="aimtest-backup-$rand:"
work=$(mktemp -d "${TMPDIR:-/tmp}/aim-backup-XXXXXX")
server_pid=

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$server_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "backup.sh: the server ignored SIGTERM for 30 s; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
cleanup() {
  local status=$?
  stop_server
  if [ -n "${BACKUP_TEST_KEEP:-}" ]; then
    echo "kept: databases $src_db and $dst_db, folder $work" >&2
  else
    sql -e "DROP DATABASE IF EXISTS \`$src_db\`; DROP DATABASE IF EXISTS \`$dst_db\`" 2>/dev/null || true
    if command -v redis-cli >/dev/null 2>&1; then
      redis-cli -u "$REDIS_URL" --scan --pattern "$prefix*" 2>/dev/null |
        xargs -r redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mysql_url() {
  python3 - "$MYSQL_USER" "$MYSQL_PASSWORD" "$MYSQL_HOST" "$MYSQL_PORT" "$1" <<'EOF'
import sys, urllib.parse as u
user, pw, host, port, db = sys.argv[1:]
auth = u.quote(user, safe="") + (":" + u.quote(pw, safe="") if pw else "")
print(f"mysql://{auth}@{host}:{port}/{db}")
EOF
}

# --- The server ---------------------------------------------------------------------------------
# Started in its own folder (no .env is read from the project), with a clean environment: no
# provider keys (every agent is the offline analyst), the log SMS sender, a fast auction, no
# writing pace for plans, rate limits out of the way.
log=
base=
start_server() {
  local db=$1 redis_prefix=$2 attachments=$3
  log=$work/server-$db.log
  mkdir -p "$work/site/pkg"
  (
    cd "$work"
    exec env -i PATH="$PATH" HOME="$work" \
      APP_ENV=development HOST=127.0.0.1 PORT=0 SITE_ROOT="$work/site" \
      DATABASE_URL="$(mysql_url "$db")" DATABASE_MAX_CONNECTIONS=5 \
      ATTACHMENT_DIR="$attachments" UPLOAD_SPOOL_DIR="$work/uploads" \
      REDIS_URL="$REDIS_URL" REDIS_PREFIX="$redis_prefix" \
      WORKER=on SMS_PROVIDER=log \
      AUCTION_DURATION_SECS=4 AUCTION_ROUND_SECS=0.5 AUCTION_EXTENSION_WINDOW_SECS=0.5 \
      AUCTION_EXTENSION_SECS=0.5 PLAN_OFFLINE_PACE_MS=0 \
      RATE_LIMIT_API=100000 RATE_LIMIT_AUTH=100000 \
      RUST_LOG='info,sqlx=warn,tower_http=warn' \
      "$BIN"
  ) >"$log" 2>&1 &
  server_pid=$!
  local addr
  addr=$(wait_log 'listening on http://([0-9.:]+)' 'the server to listen')
  base="http://$addr"
  echo "==> server on $base, database $db (log: $log)"
}

# Waits for a line of the server's log matching an ERE and prints its first capture group.
wait_log() {
  local pattern=$1 what=$2 found deadline=$((SECONDS + TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    found=$(grep -oE "$pattern" "$log" | tail -n 1 || true)
    if [ -n "$found" ]; then
      sed -E "s#^$pattern\$#\\1#" <<<"$found"
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "backup.sh: the server exited while waiting for $what; its log ends with:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "backup.sh: timed out after ${TIMEOUT}s waiting for $what" >&2
  return 1
}

# call EXPECTED_STATUS METHOD PATH [BODY] [TOKEN]: prints the body; fails on any other status.
call() {
  local expect=$1 method=$2 path=$3 body=${4:-} token=${5:-} out status
  out=$(mktemp "$work/resp-XXXXXX")
  local args=(-sS --max-time 15 -o "$out" -w '%{http_code}' -X "$method")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
  status=$(curl "${args[@]}" "$base$path") || status="no answer"
  if [[ ! $status =~ ^($expect)$ ]]; then
    echo "backup.sh: $method $path answered $status, expected $expect: $(head -c 500 "$out")" >&2
    return 1
  fi
  cat "$out"
}

# json EXPR: reads JSON on stdin, prints the Python expression EXPR of it (the value is `j`).
json() { python3 -c 'import json, sys; j = json.load(sys.stdin); v = eval(sys.argv[1]); print(v if not isinstance(v, (dict, list)) else json.dumps(v))' "$1"; }

# Polls "call 200 GET PATH [TOKEN] | json EXPR" until it prints WANT; a value in STOP fails at once.
wait_json() {
  local path=$1 expr=$2 want=$3 stop=$4 what=$5 token=${6:-} value deadline=$((SECONDS + TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    value=$(call 200 GET "$path" "" "$token" | json "$expr")
    [ "$value" = "$want" ] && return 0
    [ -n "$stop" ] && [ "$value" = "$stop" ] && fail "$what: $path has $expr = $value"
    sleep 0.3
  done
  fail "timed out after ${TIMEOUT}s waiting for $what ($path: $expr is $value, not $want)"
}

PASSWORD='backup-tea-garden-2026'
register() {
  local name=$1 phone=$2 invite=${3:-} code extra=""
  call 200 POST /api/auth/sms-code "{\"phone\":\"$phone\"}" >/dev/null
  code=$(wait_log "SMS code for $phone: ([0-9]{6})" "the SMS code for $phone")
  [ -n "$invite" ] && extra=",\"inviteCode\":\"$invite\""
  call 201 POST /api/auth/register \
    "{\"username\":\"$name\",\"email\":\"$name@example.com\",\"password\":\"$PASSWORD\",\"phone\":\"$phone\",\"smsCode\":\"$code\"$extra}" |
    json 'j["token"]'
}

# --- 1. Fill every table ------------------------------------------------------------------------
sql -e "CREATE DATABASE \`$src_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
start_server "$src_db" "${prefix}src:" "$work/attachments"

author=$(register bk_author 13800138001)
invite=$(call 200 GET /api/me/credits "" "$author" | json 'j["inviteCode"]')
[ -n "$invite" ] || fail "the author has no invite code"
buyer=$(register bk_buyer 13800138002 "$invite")
invited_by=$(sql -e "SELECT b.invited_by = a.id FROM \`$src_db\`.users a, \`$src_db\`.users b
  WHERE a.username = 'bk_author' AND b.username = 'bk_buyer'")
[ "$invited_by" = 1 ] || fail "bk_buyer registered with invite code $invite is not recorded as invited by bk_author"
echo "==> registered bk_author and bk_buyer (invited with code $invite)"

TITLE='AI 健身私教小程序'
idea=$(call 201 POST /api/ideas \
  "{\"title\":\"$TITLE\",\"description\":\"面向城市白领用户的小程序，用摄像头识别动作并由 AI 个性化纠正，会员订阅收费，和健身房分成。\",\"category\":\"health\",\"tags\":[\"AI\",\"健身\"]}" \
  "$author" | json 'j["id"]')
call '200|201|204' POST "/api/ideas/$idea/like" "" "$buyer" >/dev/null
call 200 POST "/api/ideas/$idea/watch" "" "$buyer" >/dev/null
echo "==> idea $idea submitted, liked and watched; waiting for the analyses and the auction"
wait_json "/api/ideas/$idea" 'j["status"]' completed "" "the auction of idea $idea to complete"
outcome=$(call 200 GET "/api/ideas/$idea/auction" | json 'j["auction"]["outcome"]["outcome"]')
echo "==> auction closed: $outcome"

plan=$(call 202 POST /api/business-plan/generate \
  "{\"ideaId\":$idea,\"options\":{\"detailed\":true,\"aiServices\":[\"baidu\",\"alibaba\",\"iflytek\",\"tencent\",\"zhipu\"]}}" \
  "$buyer" | json 'j["id"]')
wait_json "/api/business-plan/$plan" 'j["status"]' completed failed "business plan $plan to be written" "$buyer"
echo "==> business plan $plan completed"
call 201 POST /api/me/tokens '{"name":"backup-test"}' "$author" >/dev/null
echo "==> API token created"
call 204 POST "/api/ideas/$idea/report" '{"reason":"other","note":"备份测试的举报"}' "$buyer" >/dev/null
echo "==> idea $idea reported"
order=$(call 201 POST /api/orders '{"credits":100,"idempotencyKey":"backup-order-0001"}' "$buyer" | json 'j["id"]')
call 200 POST "/api/orders/$order/confirm" "" "$buyer" >/dev/null
echo "==> order $order bought and paid with the development provider"
(cd "$work" && env -i PATH="$PATH" HOME="$work" DATABASE_URL="$(mysql_url "$src_db")" "$BIN" grant-admin bk_author >/dev/null)
call 200 POST "/api/admin/orders/$order/refund" '{"reason":"备份测试退款"}' "$author" >/dev/null
echo "==> bk_author made an admin; order $order refunded (an audit log line)"
python3 -c 'import sys; sys.stdout.buffer.write(b"%PDF-1.4\n% backup test deck\n" + bytes(range(256)) * 64 + b"\n%%EOF\n")' >"$work/deck.pdf"
file_url=$(curl -sS --max-time 15 -H "Authorization: Bearer $author" -H 'Content-Type: application/octet-stream' \
  --data-binary @"$work/deck.pdf" "$base/api/attachments?name=deck.pdf" | json 'j["url"]') || fail "uploading an attachment"
echo "==> attachment $file_url uploaded"

# Every table must have rows, or the comparison below proves less than it claims.
tables=$(sql -e "SELECT TABLE_NAME FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = '$src_db' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")
[ -n "$tables" ] || fail "$src_db has no tables: did the migrations run?"
empty=()
for t in $tables; do
  n=$(sql -e "SELECT COUNT(*) FROM \`$src_db\`.\`$t\`")
  [ "$n" -gt 0 ] || empty+=("$t")
done
[ "${#empty[@]}" -eq 0 ] || fail "tables the API flow left empty: ${empty[*]} (extend the flow above)"
echo "==> every table has rows: $(wc -w <<<"$tables") tables"

# Graceful stop, as systemd does it: the worker finishes its step, nothing writes afterwards.
stop_server

# --- 2. Backup and restore ----------------------------------------------------------------------
echo "==> deploy/backup.sh"
BACKUP_DIR=$work/backups MYSQL_DATABASE=$src_db ATTACHMENT_DIR=$work/attachments "$root/deploy/backup.sh"
newest=$(find "$work/backups" -maxdepth 1 -name 'ai-market-*.sql.gz' -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
[ -n "$newest" ] || fail "deploy/backup.sh wrote no ai-market-*.sql.gz into $work/backups"
if find "$work/backups" -name '*.partial' | grep -q .; then fail "a .partial file was left behind"; fi

echo "==> deploy/restore.sh $(basename "$newest") $dst_db"
"$root/deploy/restore.sh" "$newest" "$dst_db"
if "$root/deploy/restore.sh" "$newest" "$dst_db" >"$work/refused.log" 2>&1; then
  fail "restore.sh restored over a non-empty database without --force"
fi
grep -q -- '--force' "$work/refused.log" || fail "restore.sh refused without saying why: $(cat "$work/refused.log")"
archive=$(find "$work/backups" -maxdepth 1 -name 'ai-market-files-*.tar.gz' | head -n 1)
[ -n "$archive" ] || fail "deploy/backup.sh wrote no attachment archive"
"$root/deploy/restore.sh" --files "$archive" "$work/attachments-restored"
diff -r "$work/attachments" "$work/attachments-restored" >"$work/files.diff" ||
  fail "the restored attachment folder differs: $(head -c 500 "$work/files.diff")"
echo "==> attachment folder restored identical ($(find "$work/attachments" -type f | wc -l) files)"

# --- 3. Compare every table ---------------------------------------------------------------------
dst_tables=$(sql -e "SELECT TABLE_NAME FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = '$dst_db' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")
[ "$tables" = "$dst_tables" ] || fail "the restored tables differ: source [$(tr '\n' ' ' <<<"$tables")], restored [$(tr '\n' ' ' <<<"$dst_tables")]"

# Rows in a fixed order (every column, in order) and UTC times, so equal data prints equally.
ordered_rows() {
  local db=$1 t=$2 n
  n=$(sql -e "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$db' AND TABLE_NAME = '$t'")
  sql -e "SET time_zone = '+00:00'; SELECT * FROM \`$db\`.\`$t\` ORDER BY $(seq -s, 1 "$n")" | md5sum | cut -d' ' -f1
}
definition() { sql -e "SHOW CREATE TABLE \`$1\`.\`$2\`" | cut -f2- | md5sum | cut -d' ' -f1; }

rows_total=0
diffs=()
for t in $tables; do
  a=$(sql -e "SELECT COUNT(*) FROM \`$src_db\`.\`$t\`")
  b=$(sql -e "SELECT COUNT(*) FROM \`$dst_db\`.\`$t\`")
  rows_total=$((rows_total + a))
  if [ "$a" != "$b" ]; then diffs+=("$t: $a rows, restored $b"); continue; fi
  ca=$(sql -e "CHECKSUM TABLE \`$src_db\`.\`$t\`" | cut -f2)
  cb=$(sql -e "CHECKSUM TABLE \`$dst_db\`.\`$t\`" | cut -f2)
  [ "$ca" = "$cb" ] || diffs+=("$t: CHECKSUM TABLE $ca, restored $cb")
  [ "$(ordered_rows "$src_db" "$t")" = "$(ordered_rows "$dst_db" "$t")" ] || diffs+=("$t: rows differ")
  [ "$(definition "$src_db" "$t")" = "$(definition "$dst_db" "$t")" ] || diffs+=("$t: definition differs")
done
if [ "${#diffs[@]}" -gt 0 ]; then
  printf '  %s\n' "${diffs[@]}" >&2
  fail "the restored database differs from the backed-up one in ${#diffs[@]} check(s)"
fi
ntables=$(wc -w <<<"$tables")
echo "==> compared $ntables tables: counts, CHECKSUM TABLE, ordered rows and definitions all equal"

# --- 4. The restored database serves --------------------------------------------------------------
# A new Redis prefix: nothing can come from the first server's cache or sessions.
start_server "$dst_db" "${prefix}restored:" "$work/attachments-restored"
listed=$(call 200 GET /api/ideas | json "next((i['title'] for i in j['items'] if i['id'] == $idea), '')")
[ "$listed" = "$TITLE" ] || fail "GET /api/ideas on the restored database does not list idea $idea ($TITLE): got '$listed'"
buyer2=$(call 200 POST /api/auth/login "{\"login\":\"bk_buyer@example.com\",\"password\":\"$PASSWORD\"}" | json 'j["token"]')
status=$(call 200 GET "/api/business-plan/$plan" "" "$buyer2" | json 'j["status"]')
[ "$status" = completed ] || fail "the restored plan $plan is $status"
author2=$(call 200 POST /api/auth/login "{\"login\":\"bk_author\",\"password\":\"$PASSWORD\"}" | json 'j["token"]')
curl -sS --max-time 15 -H "Authorization: Bearer $author2" -o "$work/deck.restored" "$base$file_url" || fail "reading $file_url"
cmp -s "$work/deck.pdf" "$work/deck.restored" || fail "the restored server serves $file_url differently"
echo "==> restored database: idea $idea listed, both users log in, plan $plan and $file_url readable"
stop_server

echo "backup.sh: $ntables tables, $rows_total rows, identical after backup and restore; restored database serves ($((SECONDS - started)) s)"
