#!/usr/bin/env bash
# Memory while uploads arrive: UPLOADS (20) PDFs of SIZE_MB (10) MB sent at once to the release
# server (embedded SQLite, attachments in a local folder), from 4 members. Prints the server's
# resident memory before, its peak (VmHWM) and after, and the wall time, for bench/RESULTS.md.
# Were uploads held whole in memory, the peak would grow by UPLOADS × SIZE_MB at least.
#   bench/uploads.sh            UPLOADS=20 SIZE_MB=10
#   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/aim_bench_uploads bench/uploads.sh   (an empty database)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
TARGET=$(realpath -m "${CARGO_TARGET_DIR:-target}")
UPLOADS=${UPLOADS:-20}
SIZE_MB=${SIZE_MB:-10}
MEMBERS=4

cargo build --release -p server
work=$(mktemp -d)
pid=
cleanup() { stop_server "$pid"; rm -rf "$work"; }
trap cleanup EXIT
per_member=$(((UPLOADS + MEMBERS - 1) / MEMBERS))
(cd "$work" && exec env -i PATH="$PATH" HOST=127.0.0.1 PORT=0 SITE_ROOT="$work" \
  DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$work/app.db}" ATTACHMENT_DIR="$work/attachments" UPLOAD_SPOOL_DIR="$work/uploads" \
  ATTACHMENT_MAX_FILE_MB="$SIZE_MB" ATTACHMENT_MAX_IDEA_MB=$((SIZE_MB * (per_member + 1))) WORKER=off \
  RATE_LIMIT_API=1000000000 RATE_LIMIT_AUTH=1000000000 RUST_LOG=info,tower_http=warn \
  "$TARGET/release/ai-market") >"$work/log" 2>&1 &
pid=$!
base=$(listening_base "$work/log" "$pid")

json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
tokens=()
for n in $(seq 1 "$MEMBERS"); do
  phone="1390077$(printf %04d "$n")"
  curl -sf -H 'Content-Type: application/json' --data "{\"phone\":\"$phone\"}" "$base/api/auth/sms-code" >/dev/null
  code=
  for _ in $(seq 1 50); do
    code=$(grep -oE "SMS code for $phone: [0-9]{6}" "$work/log" | tail -n 1 | grep -oE '[0-9]{6}$' || true)
    [ -n "$code" ] && break
    sleep 0.1
  done
  tokens+=("$(curl -sf -H 'Content-Type: application/json' \
    --data "{\"username\":\"uploader$n\",\"email\":\"u$n@example.com\",\"password\":\"bench-password-2026\",\"phone\":\"$phone\",\"smsCode\":\"$code\",\"acceptTerms\":true}" \
    "$base/api/auth/register" | json token)")
done

# One PDF just under the limit, and a small warm-up upload so the baseline includes the code paths.
python3 -c "import sys; n = $SIZE_MB * 1048576 - 4096; sys.stdout.buffer.write(b'%PDF-1.4\n' + b'%' * (n - 16) + b'\n%%EOF\n')" >"$work/deck.pdf"
head -c 20000 "$work/deck.pdf" >"$work/small.pdf"
curl -sf -H "Authorization: Bearer ${tokens[0]}" -H 'Content-Type: application/octet-stream' \
  --data-binary @"$work/small.pdf" "$base/api/attachments?name=warmup.pdf" >/dev/null
mem() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }
before=$(mem VmRSS)

started=$(date +%s.%N)
uploads=()
for i in $(seq 1 "$UPLOADS"); do
  token=${tokens[$(((i - 1) % MEMBERS))]}
  curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/octet-stream' \
    --data-binary @"$work/deck.pdf" "$base/api/attachments?name=deck-$i.pdf" >"$work/status-$i" &
  uploads+=($!)
done
wait "${uploads[@]}"
elapsed=$(python3 -c "import time; print(f'{time.time() - $started:.1f}')")
stored=$(cat "$work"/status-* | grep -c '^201$' || true)
[ "$stored" -eq "$UPLOADS" ] || { echo "only $stored of $UPLOADS uploads were stored: $(cat "$work"/status-* | tr '\n' ' ')" >&2; exit 1; }
peak=$(mem VmHWM)
after=$(mem VmRSS)
echo "| uploads at once | size each | stored | wall time | RSS before | peak RSS (VmHWM) | RSS after |"
echo "|---|---|---|---|---|---|---|"
echo "| $UPLOADS | $SIZE_MB MB | $stored | $elapsed s | $before MB | $peak MB | $after MB |"
