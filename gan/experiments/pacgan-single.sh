#!/usr/bin/env bash
# The single-GAN rows of the PacGAN protocol table in the README: ring of 8 and grid of 25,
# seeds 1..N (default 10), default settings of `tussle train` (5000 steps; see --help), 2,500
# samples, high quality within 3σ. Prints one markdown row per data set.
# Usage (after mvn -q -DskipTests package): gan/experiments/pacgan-single.sh [SEEDS] [OUT]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seeds=${1:-10}
out=${2:-$root/runs/pacgan-single}
tussle="$root/gan/bin/tussle"
for data in ring8 grid25; do
  dirs=()
  for seed in $(seq 1 "$seeds"); do
    dir="$out/$data-seed$seed"
    if [ ! -f "$dir/timing.json" ]; then
      "$tussle" train --data "$data" --seed "$seed" --out "$dir" --progress none --eval-every 0 > /dev/null 2>&1
    fi
    dirs+=("$dir")
  done
  "$tussle" summarize --label "GAN, $data (Tussle)" --runs "$(IFS=,; echo "${dirs[*]}")"
done
