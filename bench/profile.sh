#!/usr/bin/env bash
# Where a page's time goes on the server: starts the release server on the bench database that
# bench/load.sh seeds (MariaDB + Redis), loads pages matching URL_REGEX with oha for DURATION while
# `perf record -e cpu-clock` samples the server (this machine's perf has no hardware counters),
# then prints the share of CPU time per crate and the top functions by self time.
#   bench/profile.sh [URL_PATH_REGEX]     default '/ideas/[1-9][0-9]{0,3}'; DURATION=15s CONNECTIONS=100
# Compare two pages by running it twice (e.g. '/(\?page=[1-9])?' for the home page).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
TARGET=$(realpath -m "${CARGO_TARGET_DIR:-target}")
PAGES=${1:-'/ideas/[1-9][0-9]{0,3}'}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-100}
MYSQL=${BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306}
DB=${BENCH_DATABASE:-aim_bench}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
command -v perf >/dev/null || { echo "perf is missing (Debian: linux-perf)" >&2; exit 1; }
command -v oha >/dev/null || cargo install oha --locked
cargo build --release -p server
mariadb -uroot -h127.0.0.1 -N -e "SELECT COUNT(*) FROM $DB.ideas" >/dev/null ||
  { echo "no bench database $DB: run bench/load.sh first" >&2; exit 1; }

work=$(mktemp -d)
pid=
cleanup() { stop_server "$pid"; rm -rf "$work"; }
trap cleanup EXIT
start_bench_server "$work"
# Warm the caches first, as a running site has them.
oha -c "$CONNECTIONS" -z 3s --no-tui --output-format json --rand-regex-url "$base$PAGES" >/dev/null
perf record -e cpu-clock -F 999 -g -p "$pid" -o "$work/perf.data" 2>"$work/perf.log" &
perf_pid=$!
sleep 1
oha -c "$CONNECTIONS" -z "$DURATION" --no-tui --output-format json --rand-regex-url "$base$PAGES" >"$work/oha.json"
kill -INT "$perf_pid"
wait "$perf_pid" || true
rps=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["summary"]["requestsPerSec"]))' "$work/oha.json")
echo "$PAGES: $rps req/s over $CONNECTIONS connections while sampled"
perf report -i "$work/perf.data" --stdio --no-children --sort sym -g none --percent-limit 0 >"$work/report" 2>/dev/null
python3 - "$work/report" <<'PY'
import re, sys
rows = []  # (percent, kernel?, symbol)
for line in open(sys.argv[1]):
    m = re.match(r"\s*([\d.]+)%\s+\[([.k])\]\s+(.*)", line)
    if m:
        rows.append((float(m.group(1)), m.group(2) == "k", m.group(3).strip()))
def crate(kernel, sym):
    if kernel:
        return "[kernel]"
    path = sym.lstrip("<&")
    return path.split("::", 1)[0] if "::" in path else "[libc and other C]"
shares = {}
for pct, kernel, sym in rows:
    shares[crate(kernel, sym)] = shares.get(crate(kernel, sym), 0) + pct
print("\nCPU time by crate (self time, % of samples):")
for name, pct in sorted(shares.items(), key=lambda kv: -kv[1])[:20]:
    print(f"  {pct:5.1f} %  {name}")
print("\ntop functions by self time:")
for pct, _, sym in rows[:25]:
    print(f"  {pct:5.1f} %  {sym[:150]}")
PY
