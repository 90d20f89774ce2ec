#!/usr/bin/env bash
# Plan pipeline benchmark: every provider answers after a fixed delay; compares a plan's wall
# time with its critical path.   bench/plans.sh [delay-ms] [plans]   (default 500 ms, 5 plans)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release -p bench --bin plan_pipeline
"$TARGET/release/plan_pipeline" "${1:-500}" "${2:-5}"
