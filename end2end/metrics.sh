#!/usr/bin/env bash
# The metrics text of a live server passes `promtool check metrics` (Debian's prometheus
# package), and the kit's Prometheus configuration, alert rules and their unit tests pass
# promtool too.
#   end2end/metrics.sh        (expects ${CARGO_TARGET_DIR:-target}/debug/ai-market; AIM_BIN overrides)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
BIN=${AIM_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/ai-market}
fail() { echo "metrics.sh: FAILED: $*" >&2; exit 1; }
command -v promtool >/dev/null || fail "promtool is needed (apt-get install prometheus)"
[ -x "$BIN" ] || fail "no server binary at $BIN (cargo build -p server, or set AIM_BIN)"

promtool check config "$root/deploy/prometheus/prometheus.yml" >/dev/null
promtool check rules "$root/deploy/prometheus/alerts.yml" >/dev/null
promtool test rules "$root/deploy/prometheus/alerts.test.yml" >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/aim-metrics-XXXXXX")
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
(cd "$work" && exec env -i PATH="$PATH" HOST=127.0.0.1 PORT=0 SITE_ROOT="$work" \
  DATABASE_URL="sqlite://$work/app.db" RUST_LOG=info "$BIN") >"$work/log" 2>&1 &
pid=$!
addr=
for _ in $(seq 1 300); do
  addr=$(grep -oE 'listening on http://[0-9.:]+' "$work/log" | head -n 1 | sed 's#.*http://##' || true)
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || fail "the server exited: $(tail -n 5 "$work/log")"
  sleep 0.1
done
[ -n "$addr" ] || fail "the server did not start"
# A few answers of different kinds, so the request series exist.
for path in / /api/ideas /api/ideas/1 /api/nothing /healthz /readyz; do
  curl -s -o /dev/null "http://$addr$path"
done
curl -sf "http://$addr/metrics" >"$work/metrics"
promtool check metrics <"$work/metrics" || fail "promtool check metrics found problems (above)"
grep -q '^aimarket_http_requests_total{' "$work/metrics" || fail "no request counter"
echo "metrics.sh: $(grep -vc '^#' "$work/metrics") samples pass promtool check metrics; prometheus.yml, alerts.yml and their tests pass"
