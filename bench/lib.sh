# shellcheck shell=bash
# Shared by the bench scripts (sourced, not run).

# listening_base LOG PID: waits up to 30 s for the server PID to log its address, prints
# http://host:port; shows the log and fails if the server exits first.
listening_base() {
  local log=$1 server=$2 addr
  for _ in $(seq 1 300); do
    addr=$(grep -oE 'listening on http://[0-9.:]+' "$log" | tail -n 1 | sed 's#.*http://##' || true)
    if [ -n "$addr" ]; then echo "http://$addr"; return 0; fi
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "the server did not start" >&2
  return 1
}

# stop_server PID: stops a server this script started (nothing when PID is empty) and waits for it.
stop_server() {
  if [ -n "$1" ]; then kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi
}

# start_bench_server WORK: starts the release server in the folder WORK on the bench database
# ($MYSQL/$DB and $REDIS, no worker, no rate limits) and sets the caller's `pid` and `base`
# (http://host:port); the caller's cleanup stops it (stop_server).
start_bench_server() {
  local work=$1
  (cd "$work" && exec env -i PATH="$PATH" HOST=127.0.0.1 PORT=0 SITE_ROOT="$work" \
    DATABASE_URL="$MYSQL/$DB" REDIS_URL="$REDIS" REDIS_PREFIX="$DB:" WORKER=off \
    RATE_LIMIT_API=1000000000 RATE_LIMIT_AUTH=1000000000 RUST_LOG=warn,server=info \
    "$TARGET/release/ai-market") >"$work/log" 2>&1 &
  pid=$!
  # shellcheck disable=SC2034 # for the caller
  base=$(listening_base "$work/log" "$pid")
}
