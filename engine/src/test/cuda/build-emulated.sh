#!/usr/bin/env bash
# Builds the emulated CUDA driver (libcuda.so.1: Tussle's kernels run on the CPU) and the stand-in
# cuBLAS (libcublas_stub.so) into DIR, for the tests that run the CUDA path without a GPU
# (CudaEmulatedDeviceTest in engine, DeviceTrainerEmulatedTest in gan). Usage: build-emulated.sh DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build-emulated.sh DIR}"
mkdir -p "$out"
g++ -std=c++20 -O1 -w -shared -fPIC -pthread -DTUSSLE_KERNELS="\"$here/../../main/cuda/tussle_kernels.cu\"" \
    -I "$here" -o "$out/libcuda.so.1" "$here/emulated_libcuda.cpp"
gcc -shared -fPIC -O2 -o "$out/libcublas_stub.so" "$here/stub_libcublas.c"
