#!/usr/bin/env bash
# Times the peers on this machine (NumPy → OpenBLAS and PyTorch, float32 GEMM, 1 and 2 threads)
# with the anchor script in ../shared/anchors, then writes the ratio table Tussle/peer from the
# JMH results of bench/run.sh (bench/target/jmh-*.json) to bench/target/ratios.md.
#   bench/peers.sh          quick anchors (7 reps per shape)
#   bench/peers.sh --full   full anchors (21 reps, adds 2048²)
# Needs Debian's python3 with: apt-get install -y python3-numpy python3-torch python3-threadpoolctl
# libopenblas0-pthread (without libopenblas0-pthread both peers fall back to the reference BLAS).
set -euo pipefail
cd "$(dirname "$0")/.."
ANCHORS=../shared/anchors
OUT=bench/target/peers
mkdir -p "$OUT"
quick=--quick
[[ "${1:-}" == --full ]] && quick=

for threads in 1 2; do
  # The OpenBLAS tuning variables of this environment are unset for the run, as the anchors' README says.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$ANCHORS/sgemm_bench.py" "$threads" $quick \
    | tee "$OUT/sgemm-$threads.txt"
done
# Oldest first, so that ratios.py lets the newest run's figures win for a benchmark that several
# runs measured (the file names' order would let an old quick run override a newer kernels run).
mapfile -t runs < <(ls -tr bench/target/jmh-*.json 2>/dev/null || true)
/usr/bin/python3 bench/ratios.py "$OUT" "${runs[@]}" | tee bench/target/ratios.md
