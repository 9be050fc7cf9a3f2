#!/usr/bin/env bash
# The four-points chase of the hands-on essay, with and without MIX+GAN. The essay's set-up
# (--preset essay-2d) on four points, except that the generator learns 10x faster than the
# discriminator (--lr-g 1e-3 --lr-d 1e-4): the single GAN then jumps from point to point. The same
# setting is run as a mixture of k = 2, 3, 5 (--mix-lr 0.05, default entropy regularizer), 800
# steps each, a snapshot every EVAL steps (25 for the measurements; the README's strips use 100),
# one run at a time. mode-chase.py then prints, per run, how much the nearest-mode histogram of the
# snapshots moves between consecutive evaluations (total variation) after step 200.
# Usage (after mvn -q -DskipTests package): gan/experiments/four-points-chase.sh [OUT] [SEEDS] [EVAL]
#   e.g. gan/experiments/four-points-chase.sh runs/four-points-chase "1 2 3" 25
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/runs/four-points-chase}
seeds=${2:-1 2 3}
eval_every=${3:-25}
common=(--preset essay-2d --data four-points --lr-g 1e-3 --lr-d 1e-4 --steps 800 --eval-every "$eval_every"
        --checkpoint-every 0 --progress none)
for seed in $seeds; do
  for k in 1 2 3 5; do
    dir=$out/k$k-seed$seed
    if [ "$k" = 1 ]; then mix=(); else mix=(--mix "$k" --mix-lr 0.05); fi
    "$root/gan/bin/tussle" train "${common[@]}" "${mix[@]}" --seed "$seed" --out "$dir" > /dev/null
    python3 "$root/gan/experiments/mode-chase.py" "$dir" --quiet --from 200
  done
done
