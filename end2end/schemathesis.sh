#!/usr/bin/env bash
# API fuzzing: schemathesis generates requests from the OpenAPI description the server itself
# serves (GET /api/openapi.json, generated from the handlers: server/src/api/openapi.rs) and sends them
# to the real debug binary on a fresh SQLite database. Any 5xx, or any answer the description
# does not allow (status, content type, headers, body), fails the run.
#   end2end/schemathesis.sh    (expects target/debug/ai-market; scripts/setup.sh --test installs st)
# AIM_BIN, SITE_ROOT, AIM_CACHE (where the venv lives), ST_MAX_EXAMPLES and ST_SEED override.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
BIN=${AIM_BIN:-$root/target/debug/ai-market}
SITE_ROOT=${SITE_ROOT:-$root/target/site}
VENV=${AIM_CACHE:-/var/cache/ai-market}/venv
ST=$VENV/bin/st
PY=$VENV/bin/python
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-25}
SEED=${ST_SEED:-20260301}
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance

[ -x "$BIN" ] || { echo "schemathesis.sh: no server binary at $BIN (cargo build -p server)" >&2; exit 1; }
[ -x "$ST" ] || { echo "schemathesis.sh: no schemathesis at $ST (scripts/setup.sh --test)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/aim-st-XXXXXX")
log=$work/server.log
server_pid=
started=$SECONDS
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_server
  [ -n "${ST_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# The server as end2end/run.mjs starts it: port 0, its own folder (no .env, no ./data), the
# worker on, the log SMS sender; the rate limits out of the way (they are tested over HTTP).
(
  cd "$work"
  exec env -u APP_ENV -u REDIS_URL -u LOG_FORMAT -u SMS_PROVIDER -u ALLOWED_ORIGINS \
    HOST=127.0.0.1 PORT=0 SITE_ROOT="$SITE_ROOT" DATABASE_URL="sqlite://$work/app.db" \
    WORKER=on RATE_LIMIT_API=1000000 RATE_LIMIT_AUTH=1000000 RUST_LOG='info,tower_http=warn,sqlx=warn' \
    "$BIN"
) >"$log" 2>&1 &
server_pid=$!

# Waits for a log line and prints the first capture group of the pattern (ERE).
wait_for() {
  local pattern=$1 what=$2 found
  for _ in $(seq 1 600); do
    found=$(grep -oE "$pattern" "$log" | tail -n 1 || true)
    if [ -n "$found" ]; then
      sed -E "s#.*$pattern.*#\\1#" <<<"$found"
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "schemathesis.sh: the server exited waiting for $what:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "schemathesis.sh: timed out waiting for $what" >&2
  return 1
}

addr=$(wait_for 'listening on http://([0-9.:]+)' 'the listening line')
base="http://$addr"
echo "==> server on $base (log: $log)"

# JSON request; prints the body, fails unless the status is the expected one.
call() {
  local expect=$1 method=$2 path=$3 body=$4 token=${5:-} out status
  out=$(mktemp "$work/resp-XXXXXX")
  local auth=()
  [ -n "$token" ] && auth=(-H "Authorization: Bearer $token")
  status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "${auth[@]}" \
    -H 'Content-Type: application/json' --data "$body" "$base$path")
  if [ "$status" != "$expect" ]; then
    echo "schemathesis.sh: $method $path answered $status, expected $expect: $(cat "$out")" >&2
    return 1
  fi
  cat "$out"
}
json_field() { "$PY" -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# A user through the API: an SMS code (read from the server's log), then registration. The
# main user and the password are the description's examples, so that those reach the success
# paths (logging in, changing the password) and the conflicts (registering again).
register() {
  local name=$1 phone=$2 code
  call 200 POST /api/auth/sms-code "{\"phone\":\"$phone\"}" >/dev/null
  code=$(wait_for "SMS code for $phone: ([0-9]{6})" "the SMS code for $phone")
  call 201 POST /api/auth/register \
    "{\"username\":\"$name\",\"email\":\"$name@example.com\",\"password\":\"tea-garden-2026\",\"phone\":\"$phone\",\"smsCode\":\"$code\"}" |
    json_field token
}

token=$(register tea_lover 13800138001)
idea=$(call 201 POST /api/ideas \
  '{"title":"共享厨房预约","description":"把写字楼里闲置的茶水间改造成可预约的共享厨房，白领可以自己做健康午餐。","category":"lifestyle","tags":["共享经济","餐饮"]}' \
  "$token" | json_field id)
echo "==> registered a user, submitted idea $idea"

# The operations that end the caller's session (signing in again ends the session the request came with; logout, logout everywhere, a password change, closing the account)
# run last, each with a user of its own, so that the main run keeps a valid token throughout.
ENDERS=(/api/auth/login /api/auth/logout /api/auth/logout-everywhere /api/me/password /api/me/close)
common=(--checks "$CHECKS" --max-examples "$MAX_EXAMPLES" --seed "$SEED" --generation-database none
  --request-timeout 20 --no-color --exclude-path-regex '/stream$')
results=()
failed=0
run_st() {
  local label=$1 token=$2 status=0
  shift 2
  echo "==> schemathesis: $label"
  "$ST" run "$base/api/openapi.json" "${common[@]}" --header "Authorization: Bearer $token" \
    --report junit --report-junit-path "$work/junit-$label.xml" "$@" | tee "$work/st-$label.log" || status=$?
  results+=("$label:$status")
  [ "$status" -eq 0 ] || failed=1
}

excludes=()
for p in "${ENDERS[@]}"; do excludes+=(--exclude-path "$p"); done
# Their users register first: the main run's SMS requests use up this address's daily codes.
ender_tokens=()
n=2
for _ in "${ENDERS[@]}"; do
  ender_tokens+=("$(register "fuzzer$n" "1390000000$n")")
  n=$((n + 1))
done
run_st main "$token" "${excludes[@]}"
for i in "${!ENDERS[@]}"; do
  run_st "session-$((i + 2))" "${ender_tokens[$i]}" --include-path "${ENDERS[$i]}"
done

stop_server
# A panic inside a handler drops the connection; say so even if a check already failed.
if grep -q 'panicked' "$log"; then
  echo "schemathesis.sh: the server panicked:" >&2
  grep -m 5 'panicked' "$log" >&2
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "==> the server's errors (first 10, cut to 400 characters):" >&2
  grep -E '"level":"ERROR"|panicked' "$log" | head -n 10 | cut -c 1-400 >&2 || true
fi
"$PY" - "$work" "$SEED" "$((SECONDS - started))" "${results[@]}" <<'EOF'
import glob, re, sys, xml.etree.ElementTree as ET
work, seed, secs, results = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
ops, failing = set(), set()
for path in glob.glob(f"{work}/junit-*.xml"):
    for case in ET.parse(path).getroot().iter("testcase"):
        name = case.get("name", "")
        ops.add(name)
        if case.findall("failure") or case.findall("error"):
            failing.add(name)
cases = 0
for path in glob.glob(f"{work}/st-*.log"):
    for m in re.finditer(r"^\s*(\d+) generated", open(path, encoding="utf-8").read(), re.M):
        cases += int(m.group(1))
bad = [r.split(":")[0] for r in results if not r.endswith(":0")]
tested = len(ops - {"Stateful tests"})
print(f"schemathesis: {tested} operations (and stateful sequences), {cases} test cases, seed {seed}, {secs} s: "
      + (f"FAILED in {', '.join(sorted(failing)) or ', '.join(bad)}" if failing or bad else "no 5xx, no answer outside the description"))
EOF
exit "$failed"
