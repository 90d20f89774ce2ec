#!/usr/bin/env bash
# Keeps cargo's target folder from filling the disk. Every build leaves its test executables
# (hundreds of MB each) and incremental data behind; over many builds they grew past 70 GB and a
# CI run died with "No space left on device". Below the free-space floor this removes the
# incremental data and the executables (test programs are ~1 GB each): the next build relinks
# what it needs, and the compiled dependencies, the slow part, stay. One full `make test` writes
# about 50 GB of executables and incremental data (more from a checkout at a new path, whose
# workspace artifacts get new names), so the floor is high: CI prunes before nearly every run.
set -euo pipefail
target=${CARGO_TARGET_DIR:-target}
floor_gb=${AIM_DISK_FLOOR_GB:-100}
[ -d "$target" ] || exit 0
free_gb=$(df -Pk "$target" | awk 'NR == 2 { print int($4 / 1048576) }')
if [ "$free_gb" -ge "$floor_gb" ]; then
  exit 0
fi
echo "==> $free_gb GB free (floor $floor_gb GB): pruning $target"
for profile in "$target"/*/; do
  rm -rf "${profile}incremental"
  [ -d "${profile}deps" ] && find "${profile}deps" -maxdepth 1 -type f -perm -u+x ! -name '*.*' -delete
done
echo "==> $(df -Pk "$target" | awk 'NR == 2 { print int($4 / 1048576) }') GB free after pruning"
