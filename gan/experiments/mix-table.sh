#!/usr/bin/env bash
# The MIX+GAN comparison of issue 6 on one data set: single GAN, single GAN widened to the
# parameter count of a k = 5 mixture (hidden widths 128·√5 ≈ 286), and MIX+GAN with k = 2, 3, 5, 8,
# all with the defaults of tussle train (as gan/experiments/pacgan-single.sh) and the same step
# budget, mixture weights learned with --mix-lr 0.05. Seeds 1..N, JOBS runs at a time (default 2),
# each on one engine thread; prints one row per configuration (mean ± standard error; ms/step
# includes evaluation).
# Usage (after mvn -q -DskipTests package): gan/experiments/mix-table.sh DATA [SEEDS] [OUT] [CONFIG...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:?data set, e.g. ring8}
seeds=${2:-10}
out=${3:-$root/runs/mix-table}
configs=("${@:4}")
[ ${#configs[@]} -gt 0 ] || configs=(single wide5 mix2 mix3 mix5 mix8)
flags() {
  case "$1" in
    single) echo "" ;;
    wide5) echo "--g-hidden 286,286 --d-hidden 286,286" ;;
    mix*) echo "--mix ${1#mix} --mix-lr 0.05" ;;
    *) echo "mix-table: unknown configuration $1" >&2; exit 2 ;;
  esac
}
commands=$(mktemp)
for c in "${configs[@]}"; do
  f=$(flags "$c")
  for seed in $(seq 1 "$seeds"); do
    dir="$out/$data-$c-seed$seed"
    [ -f "$dir/timing.json" ] && continue
    echo "TUSSLE_JAVA_OPTS=-Dtussle.threads=1 '$root/gan/bin/tussle' train --data $data --seed $seed --out '$dir' --progress none --eval-every 0 $f > /dev/null 2>&1 || echo 'failed: $c seed $seed' >&2" >> "$commands"
  done
done
xargs -P "${JOBS:-2}" -I{} bash -c {} < "$commands"
rm -f "$commands"
for c in "${configs[@]}"; do
  dirs=$(for seed in $(seq 1 "$seeds"); do printf '%s,' "$out/$data-$c-seed$seed"; done)
  "$root/gan/bin/tussle" summarize --label "$c, $data" --runs "${dirs%,}" || true
done
