#!/usr/bin/env bash
# The hands-on 2-D essay's experiments: its set-up (--preset essay-2d: noise 15 -> 4x50 leaky ReLU
# -> 2, D 2 -> [100, 50, 50] -> 1, Adam (0.9, 0.999), batch 500, 10 updates of each player per
# step) on two points, the circle and four points, 800 steps, a snapshot every 100.
# LR defaults to the essay's 1e-5; pass another as the first argument (the README shows 1e-4 too).
# Usage (after mvn -q -DskipTests package): gan/experiments/essay-2d.sh [LR] [OUT]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lr=${1:-1e-5}
out=${2:-$root/runs/essay-2d-lr$lr}
for data in two-points circle four-points; do
  "$root/gan/bin/tussle" train --preset essay-2d --lr-g "$lr" --lr-d "$lr" --data "$data" --steps 800 \
    --eval-every 100 --checkpoint-every 400 --out "$out/$data" --progress none | grep -E "^metrics"
done
