#!/usr/bin/env bash
# Regenerates the PTX that the engine ships for its CUDA path:
#   engine/src/main/resources/dev/tussle/engine/cuda/tussle_kernels.sm_90.ptx       (Hopper)
#   engine/src/main/resources/dev/tussle/engine/cuda/tussle_kernels.compute_80.ptx  (portable:
#       any GPU of compute capability >= 8.0; the driver JIT-compiles it)
# Needs nvcc 13.0 (PTX ISA 9.0, which NVIDIA driver 580 accepts; a newer nvcc emits a newer ISA
# that such a driver refuses). CudaPtxTest checks that the committed files equal this script's
# output and that ptxas assembles them. Usage: engine/src/main/cuda/build-ptx.sh [NVCC]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../resources/dev/tussle/engine/cuda"
nvcc="${1:-${NVCC:-nvcc}}"
mkdir -p "$out"
for target in sm_90 compute_80; do
  # -arch=sm_XX emits PTX for compute_XX with sm_XX-specific tuning; compute_80 is generic.
  "$nvcc" -ptx -O3 -std=c++17 -arch="$target" \
      -o "$out/tussle_kernels.$target.ptx" "$here/tussle_kernels.cu"
done
grep -h '^\.version' "$out"/tussle_kernels.*.ptx | sort -u
