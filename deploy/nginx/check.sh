#!/usr/bin/env bash
# Runs deploy/nginx/ai-market.conf for real, in front of the real server binary, and checks
# what the site promises: the HTTPS redirect and certbot's webroot, the live streams unbuffered
# and uncompressed, Cache-Control on the API, the request id, /metrics closed to others, the
# JSON 413, static assets (gzip_static, a year immutable, application/wasm) with the fallback to
# the app, compression of dynamic answers, and an X-Forwarded-For that a client cannot forge.
#   deploy/nginx/check.sh     (needs nginx, openssl, curl, python3 and the server binary)
# The config is used as written except for what a test box must change: ports (high ones on
# 127.0.0.1), the certificate (self-signed), folders (a temporary one) and the upstream port.
# The app runs on the embedded SQLite, in development mode. AIM_BIN overrides the binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BIN=${AIM_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/ai-market}
fail() { echo "nginx/check.sh: FAILED: $*" >&2; exit 1; }
for tool in nginx openssl curl python3; do command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed"; done
[ -x "$BIN" ] || fail "no server binary at $BIN (cargo build -p server, or set AIM_BIN)"

work=$(mktemp -d "${TMPDIR:-/tmp}/aim-nginx-XXXXXX")
server_pid=
nginx_pid=
cleanup() {
  local status=$?
  if [ -n "$nginx_pid" ]; then kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
https_port=$(free_port)

# --- The app ----------------------------------------------------------------------------------
mkdir -p "$work/site/pkg" "$work/assets/pkg" "$work/webroot/.well-known/acme-challenge"
(
  cd "$work"
  exec env -i PATH="$PATH" HOME="$work" HOST=127.0.0.1 PORT=0 SITE_ROOT="$work/site" \
    DATABASE_URL="sqlite://$work/app.db" TRUSTED_PROXIES=127.0.0.1 RATE_LIMIT_API=40 \
    RATE_LIMIT_AUTH=1000 AUCTION_DURATION_SECS=6 AUCTION_ROUND_SECS=0.5 PLAN_OFFLINE_PACE_MS=0 \
    RUST_LOG=info,tower_http=warn "$BIN"
) >"$work/server.log" 2>&1 &
server_pid=$!
addr=
for _ in $(seq 1 600); do
  addr=$(grep -oE 'listening on http://[0-9.:]+' "$work/server.log" | head -n 1 | sed 's#.*http://##' || true)
  [ -n "$addr" ] && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/server.log" >&2; fail "the server exited"; }
  sleep 0.1
done
[ -n "$addr" ] || fail "the server did not start in 60 s"

# --- nginx with the site ----------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=example.com \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
sed -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
  -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
  -e '/listen \[::\]/d' \
  -e "s#/etc/letsencrypt/live/example.com/fullchain.pem#$work/cert.pem#" \
  -e "s#/etc/letsencrypt/live/example.com/privkey.pem#$work/key.pem#" \
  -e "s#/opt/ai-market/assets#$work/assets#" -e "s#/opt/ai-market/site#$work/site#" \
  -e "s#/var/www/letsencrypt#$work/webroot#" -e "s#/var/log/nginx/#$work/#" \
  -e "s#server 127.0.0.1:3000 #server $addr #" \
  "$here/ai-market.conf" >"$work/site.conf"
grep -q "server $addr " "$work/site.conf" || fail "could not point the upstream at $addr"
modules=""
if [ -e /etc/nginx/modules-enabled/50-mod-http-brotli-static.conf ]; then
  modules="include /etc/nginx/modules-enabled/50-mod-http-brotli-static.conf;"
  sed -i 's/# brotli_static on;/brotli_static on;/' "$work/site.conf"
fi
cat >"$work/nginx.conf" <<EOF
$modules
daemon off;
master_process on;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path $work/tmp-body;
  proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fastcgi;
  uwsgi_temp_path $work/tmp-uwsgi;
  scgi_temp_path $work/tmp-scgi;
  include $work/site.conf;
}
EOF
nginx -t -q -p /usr/share/nginx/ -c "$work/nginx.conf" || fail "nginx -t refused the site"
nginx -p /usr/share/nginx/ -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$http_port/" && break; sleep 0.1; done

# Static files as a release would install them.
mkdir -p "$work/assets/pkg/0123abcd"
printf 'console.log("app")%.0s' $(seq 1 200) >"$work/assets/pkg/0123abcd/ai-market.js"
gzip -k -9 "$work/assets/pkg/0123abcd/ai-market.js"
printf '\0asm\1\0\0\0' >"$work/assets/pkg/0123abcd/split_auction_panel_loader_1.wasm"
echo '<svg xmlns="http://www.w3.org/2000/svg"/>' >"$work/site/favicon.svg"
echo 'token-content' >"$work/webroot/.well-known/acme-challenge/tok"
# nginx's workers run as an unprivileged user: let them read the folders (the key stays private).
chmod 755 "$work"
chmod -R a+rX "$work/assets" "$work/site" "$work/webroot"

site=(--resolve "example.com:$https_port:127.0.0.1" -k)
https="https://example.com:$https_port"
checks=0
ok() { checks=$((checks + 1)); echo "  ok: $*"; }
header() { grep -i "^$1:" | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }

echo "==> nginx on :$http_port/:$https_port in front of the app on $addr"

# HTTP: redirect, certbot's webroot, readiness for the SLB.
h=$(curl -s -D - -o /dev/null -H 'Host: example.com' "http://127.0.0.1:$http_port/ideas?x=1")
if ! grep -q '^HTTP/1.1 301' <<<"$h" || [ "$(header location <<<"$h")" != "https://example.com/ideas?x=1" ]; then
  fail "port 80 does not redirect to https: $h"
fi
ok "http -> 301 https://example.com/ideas?x=1"
[ "$(curl -s -H 'Host: example.com' "http://127.0.0.1:$http_port/.well-known/acme-challenge/tok")" = token-content ] ||
  fail "the ACME challenge is not served from the webroot"
ok "/.well-known/acme-challenge/ served from the webroot over http"
ready=$(curl -sf -H 'Host: example.com' "http://127.0.0.1:$http_port/readyz") || fail "/readyz over http"
grep -q '"ready":true' <<<"$ready" || fail "/readyz over http is not ready"
ok "/readyz over http for the SLB health check"

# TLS versions.
curl -s "${site[@]}" --tls-max 1.1 -o /dev/null "$https/healthz" 2>/dev/null && fail "TLS 1.1 was accepted"
[ "$(curl -s "${site[@]}" --tlsv1.2 --tls-max 1.2 "$https/healthz")" = ok ] || fail "TLS 1.2 refused"
[ "$(curl -s "${site[@]}" --tlsv1.3 "$https/healthz")" = ok ] || fail "TLS 1.3 refused"
ok "TLS 1.2 and 1.3 accepted, 1.1 refused"
h=$(curl -s "${site[@]}" -D - -o /dev/null --http2 "$https/healthz")
grep -q '^HTTP/2 200' <<<"$h" || fail "no HTTP/2: $h"
ok "HTTP/2"

# The API: one Cache-Control, no-cache; the request id nginx made reaches the app and comes back.
h=$(curl -s "${site[@]}" -D - -o /dev/null -H 'X-Request-Id: forged-by-client' "$https/api/ideas")
if [ "$(grep -ci '^cache-control:' <<<"$h")" != 1 ] || [ "$(header cache-control <<<"$h")" != no-cache ]; then
  fail "/api/ideas Cache-Control is not one no-cache: $h"
fi
ok "/api/ideas: Cache-Control: no-cache (once)"
rid=$(header x-request-id <<<"$h")
[[ $rid =~ ^[0-9a-f]{32}$ ]] || fail "X-Request-Id is not nginx's \$request_id: '$rid'"
grep -q "rid=$rid" "$work/ai-market.access.log" || fail "request id $rid not in nginx's access log"
ok "X-Request-Id $rid: set by nginx (the client's dropped), echoed by the app, in the access log"
h=$(curl -s "${site[@]}" -D - -o /dev/null "$https/api/openapi.json" -H 'Accept-Encoding: gzip')
[ "$(header content-encoding <<<"$h")" = gzip ] || fail "dynamic JSON is not gzipped: $h"
ok "dynamic answers gzipped (/api/openapi.json)"
grep -qi '^strict-transport-security' <<<"$h" && fail "nginx added HSTS (the app sends it in production)"
ok "no HSTS from nginx (development app: none at all)"

# A body over 64k: the API's JSON error shape.
big=$(python3 -c 'print("{\"title\":\"" + "x" * 70000 + "\"}")')
out=$(curl -s "${site[@]}" -w '\n%{http_code} %{content_type}' -H 'Content-Type: application/json' --data "$big" "$https/api/ideas")
if ! grep -q '"code":"too_large"' <<<"$out" || ! grep -q '^413 application/json' <<<"$(tail -n 1 <<<"$out")"; then
  fail "a 70 KB body did not get the JSON 413: $(tail -c 200 <<<"$out")"
fi
ok "70 KB body -> 413 application/json {\"error\":{\"code\":\"too_large\"}}"

# /metrics: this box only.
# Read whole before matching: `grep -q` stops at the first match, and with pipefail the curl it
# cut off (SIGPIPE) would fail the check whenever the text outgrows the pipe.
metrics=$(curl -sf "${site[@]}" "$https/metrics") || fail "/metrics from 127.0.0.1"
grep -q '^aimarket_http_requests_total' <<<"$metrics" || fail "/metrics from 127.0.0.1 has no request counter"
[ "$(curl -s "${site[@]}" --interface 127.0.0.2 -o /dev/null -w '%{http_code}' "$https/metrics")" = 403 ] ||
  fail "/metrics answered another address"
ok "/metrics: 200 from 127.0.0.1, 403 from 127.0.0.2"

# Static assets.
h=$(curl -s "${site[@]}" -D - -o /dev/null -H 'Accept-Encoding: gzip' "$https/pkg/0123abcd/ai-market.js")
[ "$(header content-encoding <<<"$h")" = gzip ] || fail "gzip_static did not send the .gz: $h"
cc=$(grep -i '^cache-control:' <<<"$h" | cut -d: -f2- | tr -d '\r' | paste -sd, -)
[[ $cc == *max-age=31536000* && $cc == *immutable* && $cc == *public* ]] || fail "/pkg/ Cache-Control: $cc"
header expires <<<"$h" | grep -q GMT || fail "/pkg/ has no Expires"
[ "$(header x-content-type-options <<<"$h")" = nosniff ] || fail "/pkg/ lacks nosniff"
ok "/pkg/*.js: the .gz sent as is, Cache-Control:$cc, Expires, nosniff"
[ "$(curl -s "${site[@]}" -o /dev/null -w '%{content_type}' "$https/pkg/0123abcd/split_auction_panel_loader_1.wasm")" = application/wasm ] ||
  fail "wasm not served as application/wasm"
ok "/pkg/*.wasm: application/wasm"
code=$(curl -s "${site[@]}" -o /dev/null -w '%{http_code}' "$https/pkg/not-installed.js")
[ "$code" = 404 ] || fail "a missing asset answered $code"
ok "/pkg/ missing file -> the app's 404"
grep -q '<svg' <<<"$(curl -s "${site[@]}" "$https/favicon.svg")" || fail "favicon.svg not served"
ok "/favicon.svg from the site folder"

# A user, an idea and its live stream through nginx: events arrive while the stream is open
# (unbuffered), not compressed although the client accepts gzip.
call() { curl -s "${site[@]}" -H 'Content-Type: application/json' "$@"; }
call --data '{"phone":"13800138009"}' "$https/api/auth/sms-code" >/dev/null
code=
for _ in $(seq 1 100); do
  code=$(grep -oE 'SMS code for 13800138009: [0-9]{6}' "$work/server.log" | tail -n 1 | grep -oE '[0-9]{6}$' || true)
  [ -n "$code" ] && break
  sleep 0.1
done
[ -n "$code" ] || fail "no SMS code in the server log"
token=$(call --data "{\"username\":\"nginxcheck\",\"email\":\"n@example.com\",\"password\":\"tea-garden-2026\",\"phone\":\"13800138009\",\"smsCode\":\"$code\"}" \
  "$https/api/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
idea=$(call -H "Authorization: Bearer $token" \
  --data '{"title":"AI 健身私教小程序","description":"面向城市白领用户的小程序，用摄像头识别动作并由 AI 个性化纠正，会员订阅收费，和健身房分成。","category":"health","tags":["AI"]}' \
  "$https/api/ideas" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Each event line is stamped with the time it reached the client: buffered, they would come in
# one burst at the end (or not at all); unbuffered, they come as the bids are made (0.5 s apart).
curl -s "${site[@]}" -N --http1.1 --max-time 5 -D "$work/sse.headers" -H 'Accept-Encoding: gzip' \
  "$https/api/ideas/$idea/stream" | python3 -c '
import sys, time
t0 = time.monotonic()
for line in sys.stdin.buffer:
    if line.startswith(b"event:"):
        print(f"{time.monotonic() - t0:.2f}", line.decode().strip(), flush=True)' >"$work/sse.times" || true
grep -qi '^content-type: text/event-stream' "$work/sse.headers" || fail "the stream is not text/event-stream: $(cat "$work/sse.headers")"
grep -qi '^content-encoding' "$work/sse.headers" && fail "the stream was compressed"
read -r events spread < <(python3 -c '
import sys
t = [float(l.split()[0]) for l in open(sys.argv[1])]
print(len(t), f"{(max(t) - min(t)) if t else 0:.2f}")' "$work/sse.times")
if [ "$events" -lt 3 ] || ! python3 -c "import sys; sys.exit(0 if $spread >= 1.0 else 1)"; then
  fail "events did not arrive while the stream was open (buffered?): $(tr '\n' ';' <"$work/sse.times")"
fi
ok "/api/ideas/$idea/stream: text/event-stream, uncompressed, $events events arriving over ${spread}s (unbuffered)"

# A 2 MB upload passes nginx (the API's 64k limit does not apply to it), and the draft it makes
# is served with the app's own Cache-Control (private), not the pages' no-cache.
python3 -c 'import sys; sys.stdout.buffer.write(b"%PDF-1.4\n" + b"%" * (2 * 1024 * 1024) + b"\n%%EOF\n")' >"$work/deck.pdf"
file_url=$(curl -s "${site[@]}" -H "Authorization: Bearer $token" -H 'Content-Type: application/octet-stream' \
  --data-binary @"$work/deck.pdf" "$https/api/attachments?name=deck.pdf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])') ||
  fail "a 2 MB upload through nginx"
h=$(curl -s "${site[@]}" -D - -o /dev/null -H "Authorization: Bearer $token" "$https$file_url")
grep -qi '^cache-control: private, no-store' <<<"$h" || fail "the attachment's Cache-Control was not the app's: $h"
grep -qi '^content-disposition: attachment' <<<"$h" || fail "the PDF is not a download: $h"
ok "a 2 MB upload through nginx, and $file_url served with the app's private Cache-Control"

# X-Forwarded-For is set by nginx, not appended: 40 requests each claiming another address
# still share one rate-limit budget (RATE_LIMIT_API=40), so the last ones get 429.
limited=0
for i in $(seq 1 45); do
  c=$(curl -s "${site[@]}" -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.$i" "$https/api/ideas")
  [ "$c" = 429 ] && limited=$((limited + 1))
done
[ "$limited" -gt 0 ] || fail "forged X-Forwarded-For addresses each got a fresh rate-limit budget"
ok "forged X-Forwarded-For ignored: $limited of 45 requests rate-limited as one client"

echo "nginx/check.sh: $checks checks passed"
