#!/usr/bin/env bash
# Starts MariaDB and Redis on this machine if they are down (the tests use the real ones).
set -euo pipefail
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if ! mariadb-admin -uroot -h127.0.0.1 ping >/dev/null 2>&1; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
fi
for _ in $(seq 1 60); do
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && mariadb-admin -uroot -h127.0.0.1 ping >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "MariaDB (127.0.0.1:3306, root without password) and Redis (127.0.0.1:6379) must be running" >&2
exit 1
