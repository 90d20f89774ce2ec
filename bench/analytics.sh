#!/usr/bin/env bash
# What the analytics cost, on the release build with MariaDB + Redis and seeded data (5,000
# members, 20,000 ideas and EVENTS, one million by default, recorded activity events):
#   1. the home page's requests per second for a signed-in member (each request counts a page
#      view) with ANALYTICS=on and with ANALYTICS=off, DURATION each at CONNECTIONS connections;
#   2. the analytics page over the 90 days the events cover, and its days table as CSV: the
#      median of RUNS timed requests (curl's total time).
# wrk comes from Debian's packages; the load generator shares the 2 cores with the server.
#   bench/analytics.sh          EVENTS=1000000 DURATION=15s CONNECTIONS=64 RUNS=7
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
TARGET=$(realpath -m "${CARGO_TARGET_DIR:-target}")
EVENTS=${EVENTS:-1000000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
RUNS=${RUNS:-7}
MYSQL=${BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306}
DB=${BENCH_DATABASE:-aim_bench_analytics}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -p server
cargo build --release -p bench --bin seed
mariadb -uroot -h127.0.0.1 -e "CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"

work=$(mktemp -d)
pid=
stop() { stop_server "$pid"; pid=; }
trap 'stop; rm -rf "$work"' EXIT
start() {
  (cd "$work" && exec env -i PATH="$PATH" HOST=127.0.0.1 PORT=0 SITE_ROOT="$work" \
    DATABASE_URL="$MYSQL/$DB" REDIS_URL="$REDIS" REDIS_PREFIX="$DB:" WORKER=off ANALYTICS="$1" \
    RATE_LIMIT_API=1000000000 RATE_LIMIT_AUTH=1000000000 RUST_LOG=warn,server=info \
    "$TARGET/release/ai-market") >"$work/log" 2>&1 &
  pid=$!
  base=$(listening_base "$work/log" "$pid")
}
token() {
  curl -sf -H 'Content-Type: application/json' --data "{\"login\":\"$1\",\"password\":\"bench-password-2026\"}" \
    "$base/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# The analytics read their own migrations' tables: a server start applies them before seeding.
start on
stop
"$TARGET/release/seed" "$MYSQL/$DB" 5000 20000 "$EVENTS"
(cd "$work" && env -i PATH="$PATH" DATABASE_URL="$MYSQL/$DB" "$TARGET/release/ai-market" grant-admin bench1 >/dev/null)

echo "| analytics | home page req/s (signed in) | p50 latency | p99 latency |"
echo "|---|---|---|---|"
for mode in on off; do
  start "$mode"
  member=$(token bench2)
  curl -sf -o /dev/null -H "Authorization: Bearer $member" "$base/"
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $member" "$base/")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "| $mode | $rps | $p50 | $p99 |"
  [ "$mode" = on ] || break
  stop
done

admin=$(token bench1)
today=$(TZ=Asia/Shanghai date +%F)
from=$(TZ=Asia/Shanghai date -d '89 days ago' +%F)
rows=$(mariadb -uroot -h127.0.0.1 -N -e "SELECT COUNT(*), SUM(sign_ins + page_views) FROM $DB.member_activity")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() {
  for _ in $(seq 1 "$RUNS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $admin" "$base$1"
  done | median
}
page=$(timed "/admin/analytics?from=$from&to=$today")
table=$(timed "/admin/analytics.csv?table=days&from=$from&to=$today")
echo
echo "member_activity: $(cut -f1 <<<"$rows") member-days holding $(cut -f2 <<<"$rows") events"
echo "| request (90 days) | median of $RUNS |"
echo "|---|---|"
echo "| /admin/analytics | ${page} s |"
echo "| /admin/analytics.csv?table=days | ${table} s |"
