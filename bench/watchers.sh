#!/usr/bin/env bash
# Live-watchers benchmark: N SSE clients on one instance (release build, SQLite) during an auction.
#   bench/watchers.sh [watchers]     (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
# Each watcher is one socket on each side of loopback.
ulimit -n "$(ulimit -Hn)"
# Built one at a time, so the bench's features do not change the server's build.
cargo build --release -p server
cargo build --release -p bench
"$TARGET/release/watchers" "$TARGET/release/ai-market" "${1:-10000}"
