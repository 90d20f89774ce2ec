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
