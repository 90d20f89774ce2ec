#!/usr/bin/env bash
# 防火墙（原方案第 3 步）：默认拒绝入站，只开放 22（SSH）、80、443。可重复执行。
# Firewall of the original plan: deny incoming by default, allow 22/80/443, enable. Idempotent:
# ufw skips rules it already has. Run as root: sudo deploy/firewall.sh
# SSH_PORT=2222 deploy/firewall.sh if sshd listens elsewhere (allowed before enabling, so the
# running session is never locked out). The Alibaba Cloud security group must allow the same ports.
set -euo pipefail

SSH_PORT=${SSH_PORT:-22}

if [ "$(id -u)" -ne 0 ]; then
  echo "firewall.sh: run as root (sudo $0)" >&2
  exit 1
fi
if ! command -v ufw >/dev/null 2>&1; then
  echo "firewall.sh: installing ufw"
  DEBIAN_FRONTEND=noninteractive apt-get install -y ufw
fi

ufw default deny incoming
ufw default allow outgoing
# SSH first: enabling the firewall without it would cut this very session.
ufw allow "$SSH_PORT/tcp" comment 'ssh'
ufw allow 80/tcp comment 'http (certbot, redirect to https)'
ufw allow 443/tcp comment 'https'
# The app (3000), Prometheus (9090), node_exporter (9100) and Grafana (3300 here) stay
# closed: they listen on 127.0.0.1 or are reached over the VPC from allowed hosts only.
ufw --force enable
ufw status verbose
