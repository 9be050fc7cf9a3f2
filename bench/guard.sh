#!/usr/bin/env bash
# Runs the quick benchmarks and the peers in one session, then checks the Tussle/OpenBLAS ratios
# against bench/baseline-ratios.tsv (see bench/guard.py). Exit status 1 on a regression.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/run.sh quick
bench/peers.sh
/usr/bin/python3 bench/guard.py bench/baseline-ratios.tsv bench/target/ratios.md "${GUARD_TOLERANCE:-0.10}"
