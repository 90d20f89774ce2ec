#!/usr/bin/env bash
# Load benchmark against the release build on MariaDB + Redis with seeded data (5,000 users and
# 20,000 ideas by default): the home page, the JSON idea list, idea pages, and login. For each:
#   1. a closed loop of CONNECTIONS connections for DURATION (the most it serves: requests/s);
#   2. a fixed rate of RATE_PERCENT % of that, with oha's latency correction (no coordinated
#      omission: a request late because the server stalled counts as late from when it was due).
# Prints a Markdown table (and the server's peak RSS) for bench/RESULTS.md. The same run measures
# bench/src/bin/bare.rs, a bare axum + sqlx handler serving the home page's rows as plain HTML
# from the same database, and prints each page's requests/s as a share of it.
#   bench/load.sh                       CONNECTIONS=1000 DURATION=20s RATE_PERCENT=50 USERS=5000 IDEAS=20000
#   SOAK=600 bench/load.sh              then holds the home page at SOAK_RATE (1000) req/s for 600 s,
#                                       sampling RSS every 30 s (memory must stay flat)
# oha comes from crates.io (cargo install oha); the load generator shares the machine's cores
# with the server, so its figures are a floor.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
TARGET=$(realpath -m "${CARGO_TARGET_DIR:-target}")
CONNECTIONS=${CONNECTIONS:-1000}
DURATION=${DURATION:-20s}
RATE_PERCENT=${RATE_PERCENT:-50}
USERS=${USERS:-5000}
IDEAS=${IDEAS:-20000}
SOAK=${SOAK:-0}
MYSQL=${BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306}
DB=${BENCH_DATABASE:-aim_bench}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
ulimit -n "$(ulimit -Hn)"

command -v oha >/dev/null || cargo install oha --locked
cargo build --release -p server
cargo build --release -p bench --bin seed --bin bare
mariadb -uroot -h127.0.0.1 -e "CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
"$TARGET/release/seed" "$MYSQL/$DB" "$USERS" "$IDEAS"

work=$(mktemp -d)
pid=
bare_pid=
cleanup() { stop_server "$pid"; stop_server "$bare_pid"; rm -rf "$work"; }
trap cleanup EXIT
start_bench_server "$work"
"$TARGET/release/bare" "$MYSQL/$DB" 0 >"$work/bare.log" 2>&1 &
bare_pid=$!
bare=$(listening_base "$work/bare.log" "$bare_pid")
max_idea=$(mariadb -uroot -h127.0.0.1 -N -e "SELECT MAX(id) FROM $DB.ideas")
# Login bodies for random seeded users, one per line (oha picks lines at random).
python3 - "$USERS" >"$work/logins" <<'EOF'
import json, random, sys
users = int(sys.argv[1])
random.seed(7)
for _ in range(5000):
    print(json.dumps({"login": f"bench{random.randrange(users)}", "password": "bench-password-2026"}))
EOF
rss() { awk '/^VmRSS/{print $2}' "/proc/$pid/status"; }
peak() { awk '/^VmHWM/{print $2}' "/proc/$pid/status"; }

# name | oha arguments after the connection count; URL regexes pick random pages and ideas.
# The bare handler goes last: it saturates MariaDB, which must not slow the server's scenarios.
scenarios=(
  "home page (HTML)|--rand-regex-url $base/(\?page=[1-9])?"
  "idea list (JSON)|--rand-regex-url $base/api/ideas\?page=[1-9]&sort=(newest|hottest)"
  "idea page (HTML)|--rand-regex-url $base/ideas/[1-9][0-9]{0,3}"
  "login (JSON)|-m POST -T application/json -Z $work/logins $base/api/auth/login"
  "bare axum + sqlx (HTML)|--rand-regex-url $bare/(\?page=[1-9])?"
)

summary() { # json file -> "rps p50 p99 errors total"
  python3 - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
codes = r.get("statusCodeDistribution", {})
ok = sum(n for c, n in codes.items() if c.startswith("2") or c == "404")
# Requests still in flight when the run's time is up are not errors.
errors = {k: n for k, n in r.get("errorDistribution", {}).items() if k != "aborted due to deadline"}
bad = sum(codes.values()) - ok + sum(errors.values())
p = r["latencyPercentiles"]
print(f'{r["summary"]["requestsPerSec"]:.0f} {p["p50"] * 1000:.1f} {p["p99"] * 1000:.1f} {bad} {sum(codes.values())}')
EOF
}

kinds() { # json file -> its errors and non-2xx statuses by kind, on one line (empty when none)
  python3 - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
kinds = {k: n for k, n in r.get("errorDistribution", {}).items() if k != "aborted due to deadline"}
kinds.update({f"HTTP {c}": n for c, n in r.get("statusCodeDistribution", {}).items() if not (c.startswith("2") or c == "404")})
print("; ".join(f"{k}: {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
EOF
}

declare -A closed_rps
errors_seen=()
echo "| scenario | closed loop: req/s | p50 / p99 ms | fixed rate (req/s) | corrected p50 / p99 ms | errors |"
echo "|---|---:|---:|---:|---:|---:|"
for entry in "${scenarios[@]}"; do
  name=${entry%%|*}
  args=${entry#*|}
  # shellcheck disable=SC2086 # the arguments are split on purpose
  oha -c "$CONNECTIONS" -z "$DURATION" --no-tui --output-format json $args >"$work/closed.json"
  read -r rps p50 p99 errors_closed _ < <(summary "$work/closed.json")
  rate=$(( rps * RATE_PERCENT / 100 ))
  [ "$rate" -ge 1 ] || rate=1
  # shellcheck disable=SC2086
  oha -c "$CONNECTIONS" -z "$DURATION" -q "$rate" --latency-correction --no-tui --output-format json $args \
    >"$work/fixed.json"
  read -r _ cp50 cp99 errors_fixed _ < <(summary "$work/fixed.json")
  echo "| $name | $rps | $p50 / $p99 | $rate | $cp50 / $cp99 | $((errors_closed + errors_fixed)) |"
  for run in closed fixed; do
    found=$(kinds "$work/$run.json")
    if [ -n "$found" ]; then errors_seen+=("$name, $run loop: $found"); fi
  done
  closed_rps[$name]=$rps
done
for line in "${errors_seen[@]}"; do echo "errors: $line"; done
echo
bare_rps=${closed_rps["bare axum + sqlx (HTML)"]}
for name in "home page (HTML)" "idea list (JSON)" "idea page (HTML)"; do
  rps=${closed_rps[$name]}
  echo "$name: $(( rps * 100 / bare_rps )) % of the bare handler's requests/s"
done
home_rps=${closed_rps["home page (HTML)"]}
idea_rps=${closed_rps["idea page (HTML)"]}
echo "an idea page costs $(awk -v h="$home_rps" -v i="$idea_rps" 'BEGIN { printf "%.2f", h / i }') times a home page"
echo
echo "ideas seeded: $IDEAS (max id $max_idea), users: $USERS; server RSS now $(( $(rss) / 1024 )) MiB, peak $(( $(peak) / 1024 )) MiB"

if [ "$SOAK" -gt 0 ]; then
  rate=${SOAK_RATE:-1000}
  echo
  echo "soak: the home page at $rate req/s over $CONNECTIONS connections for ${SOAK}s; RSS (MiB) every 30 s:"
  oha -c "$CONNECTIONS" -z "${SOAK}s" -q "$rate" --latency-correction --no-tui --output-format json \
    --rand-regex-url "$base/(\?page=[1-9])?" >"$work/soak.json" &
  load=$!
  samples=()
  while kill -0 "$load" 2>/dev/null; do
    samples+=("$(( $(rss) / 1024 ))")
    sleep 30
  done
  wait "$load"
  read -r srps sp50 sp99 serrors stotal < <(summary "$work/soak.json")
  echo "${samples[*]}"
  echo "soak: $stotal requests, $srps req/s, corrected p50 $sp50 ms / p99 $sp99 ms, $serrors errors; peak RSS $(( $(peak) / 1024 )) MiB"
fi
