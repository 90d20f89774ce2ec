#!/usr/bin/env bash
# 安装新版本并切换 / install a release beside the old ones and switch to it atomically.
#   sudo deploy/install-release.sh BINARY SITE_DIR   # e.g. target/release/ai-market target/site
#   sudo deploy/install-release.sh --rollback        # back to the release before the current one
#   deploy/install-release.sh --list
# Options: --no-restart (switch only), PREFIX=/opt/ai-market, KEEP=5 (releases kept),
# SERVICE=ai-market, READY_URL=http://127.0.0.1:3000/readyz.
# Layout under PREFIX:
#   releases/<UTC time>/{ai-market,site/}   one folder per release, never changed once written
#   current -> releases/…                   the release in service; previous -> the one before
#   ai-market -> current/ai-market          what ai-market.service runs (ExecStart)
#   site -> current/site                    SITE_ROOT
#   assets/pkg/                             every kept release's pkg/ files, served by nginx, so a
#                                           page opened before a switch still loads its old assets
# Migrations run when the new binary starts: take a backup first (deploy/README.md).
set -euo pipefail

PREFIX=${PREFIX:-/opt/ai-market}
KEEP=${KEEP:-5}
SERVICE=${SERVICE:-ai-market}
READY_URL=${READY_URL:-http://127.0.0.1:3000/readyz}

die() { echo "install-release.sh: $*" >&2; exit 1; }
usage() { sed -n '2,5p' "$0" >&2; exit 2; }

restart=1
mode=install
args=()
for a in "$@"; do
  case $a in
    --no-restart) restart=0 ;;
    --rollback) mode=rollback ;;
    --list) mode=list ;;
    -h | --help) usage ;;
    -*) echo "install-release.sh: unknown option $a" >&2; usage ;;
    *) args+=("$a") ;;
  esac
done
[[ $KEEP =~ ^[0-9]+$ && $KEEP -ge 2 ]] || die "KEEP=$KEEP: at least 2 (the current and the previous release)"

releases=$PREFIX/releases
current_release() { readlink "$PREFIX/current" 2>/dev/null || true; }

if [ "$mode" = list ]; then
  cur=$(current_release)
  prev=$(readlink "$PREFIX/previous" 2>/dev/null || true)
  for d in "$releases"/*/; do
    [ -d "$d" ] || continue
    r=$(basename "$d")
    mark=" "
    if [ "releases/$r" = "$cur" ]; then mark="*"; elif [ "releases/$r" = "$prev" ]; then mark="<"; fi
    echo "$mark $r"
  done
  echo "(* current, < previous: --rollback returns to it)"
  exit 0
fi

# Points NAME at TARGET atomically: a new link beside it, renamed over the old one.
switch_link() {
  local target=$1 name=$2
  ln -sfn "$target" "$name.new"
  mv -Tf "$name.new" "$name"
}

# The fixed links the unit and nginx use; a real file or folder there is an older manual
# install: refuse rather than delete it.
fixed_links() {
  local name
  for name in ai-market site; do
    if [ -e "$PREFIX/$name" ] && [ ! -L "$PREFIX/$name" ]; then
      die "$PREFIX/$name is not a symlink: move it away (it predates this layout)"
    fi
    switch_link "current/$name" "$PREFIX/$name"
  done
}

restart_service() {
  if [ "$restart" -ne 1 ]; then
    echo "switched; not restarted (--no-restart): systemctl restart $SERVICE"
    return 0
  fi
  command -v systemctl >/dev/null 2>&1 || die "no systemctl: restart the server yourself, or use --no-restart"
  echo "restarting $SERVICE"
  systemctl restart "$SERVICE"
  # Ready means the new binary answered /readyz: migrations applied, MySQL and Redis reachable.
  local i
  for i in $(seq 1 60); do
    if curl -fsS --max-time 2 "$READY_URL" >/dev/null 2>&1; then
      echo "ready after ${i}s: $(curl -fsS --max-time 2 "$READY_URL")"
      return 0
    fi
    sleep 1
  done
  echo "install-release.sh: $SERVICE is not ready after 60 s; see journalctl -u $SERVICE -n 50" >&2
  echo "  to go back: $0 --rollback" >&2
  exit 1
}

if [ "$mode" = rollback ]; then
  prev=$(readlink "$PREFIX/previous" 2>/dev/null || true)
  [[ -n $prev && -d $PREFIX/$prev ]] || die "no previous release to return to ($0 --list)"
  cur=$(current_release)
  switch_link "$prev" "$PREFIX/current"
  if [ -n "$cur" ]; then switch_link "$cur" "$PREFIX/previous"; fi
  fixed_links
  echo "rolled back: current -> $prev (previous -> ${cur:-none})"
  restart_service
  exit 0
fi

[ "${#args[@]}" -eq 2 ] || usage
binary=${args[0]}
site=${args[1]}
[[ -f $binary && -x $binary ]] || die "$binary: not an executable file (cargo build --release -p server)"
[ -d "$site/pkg" ] || die "$site: no pkg/ folder in it (scripts/build-site.sh)"

id=$(date -u +%Y%m%dT%H%M%SZ)
dest=$releases/$id
[ ! -e "$dest" ] || die "$dest already exists"
mkdir -p "$releases"
# Written under a temporary name: a copy cut short never looks like a release.
tmp=$releases/.$id.partial
rm -rf "$tmp"
mkdir -p "$tmp"
install -m 0755 "$binary" "$tmp/ai-market"
cp -R "$site" "$tmp/site"
# Root owns the files; the service user (and nginx) only read them.
chmod -R u=rwX,go=rX "$tmp"
mv -T "$tmp" "$dest"

# Add this release's assets to the shared folder (same names are the same content: hashed).
mkdir -p "$PREFIX/assets/pkg"
cp -R "$dest/site/pkg/." "$PREFIX/assets/pkg/"
chmod -R u=rwX,go=rX "$PREFIX/assets"

cur=$(current_release)
switch_link "releases/$id" "$PREFIX/current"
if [ -n "$cur" ]; then switch_link "$cur" "$PREFIX/previous"; fi
fixed_links
echo "installed: $dest (current; previous -> ${cur:-none})"

# Keep the newest KEEP releases, and always the current and previous ones.
prev=$(readlink "$PREFIX/previous" 2>/dev/null || true)
# Release names are UTC times, so name order is age order (globs sort).
all=()
for d in "$releases"/*/; do all+=("$(basename "$d")"); done
for ((i = 0; i < ${#all[@]} - KEEP; i++)); do
  old=${all[i]}
  if [ "releases/$old" = "releases/$id" ] || [ "releases/$old" = "$prev" ]; then continue; fi
  echo "pruned: releases/$old"
  rm -rf "${releases:?}/$old"
done
# Assets no kept release has any more.
(cd "$PREFIX/assets/pkg" && find . -type f) | while read -r f; do
  keep=0
  for r in "$releases"/*/; do
    if [ -e "$r/site/pkg/$f" ]; then keep=1; break; fi
  done
  [ "$keep" -eq 1 ] || rm -f "$PREFIX/assets/pkg/$f"
done
# And the islands' folders those files leave empty.
find "$PREFIX/assets/pkg" -mindepth 1 -type d -empty -delete

restart_service
