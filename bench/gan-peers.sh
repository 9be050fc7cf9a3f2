#!/usr/bin/env bash
# One training step of the hands-on essay's GAN, Tussle against PyTorch, in the same run:
#   1. JMH: GanStepBenchmark and MixtureStepBenchmark (k = 5) on 1 and 2 engine threads, timed without a
#      profiler to bench/target/jmh-gan.json, then a shorter pass with -prof gc (bytes allocated per step)
#      to bench/target/jmh-gan-gc.json: on this 2-vCPU VM the profiler's own thread slowed the 2-thread
#      single step from 1.14 to 2.26 ms (session 8), so times come from the first pass, bytes from the second;
#   2. ../shared/anchors/gan_bench.py: single, mix_loop, mix_bmm on 1 and 2 threads, float32 and float64,
#      to bench/target/peers/gan-MODE-THREADS-DTYPE.txt;
#   3. bench/gan_ratios.py: the table ms/step, Tussle/PyTorch, to bench/target/gan-ratios.md.
# Environment: STEPS (accepted PyTorch steps per configuration, default 500; the anchor's own default is
# 2000), SKIP_BUILD=1 (reuse bench/target/benchmarks.jar), SKIP_JMH=1 / SKIP_PEERS=1 (reuse earlier output).
# Needs Debian's python3 with: apt-get install -y python3-numpy python3-torch python3-threadpoolctl
# libopenblas0-pthread (see ../shared/anchors/README.md). The machine is shared: the anchor discards
# chunks during which other processes used the CPU; JMH does not, so compare medians and say how busy it was.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
ANCHORS=../shared/anchors
OUT=bench/target/peers
STEPS="${STEPS:-500}"
mkdir -p "$OUT"

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    mvn -q -pl engine,gan,bench -am package -DskipTests
  fi
  # C2 must compile the GEMM and elementwise kernels before the Vector API stops allocating.
  # Two forks: whether C2 compiles the Vector API kernels with their intrinsics varies from JVM to JVM
  # (bench/RESULTS.md: the single step is 3.1 ms in some forks, 5.4 ms in others).
  # Warm-up from the classes' annotations: 12 s for the single step, 30 s for the mixture (see MixtureStepBenchmark).
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar -i 5 -r 1s -f 2 \
    -rf json -rff bench/target/jmh-gan.json 'GanStepBenchmark.step$' 'MixtureStepBenchmark.step$'
  "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar -i 3 -r 1s -f 1 -prof gc \
    -rf json -rff bench/target/jmh-gan-gc.json 'GanStepBenchmark.step$' 'MixtureStepBenchmark.step$'
fi

if [[ "${SKIP_PEERS:-0}" != 1 ]]; then
  for dtype in float32 float64; do
    for mode in single mix_bmm mix_loop; do
      for threads in 1 2; do
        # The OpenBLAS tuning variables of this environment are unset for the run, as the anchors' README says.
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$ANCHORS/gan_bench.py" \
          "$threads" "$mode" "$dtype" "$STEPS" | tee "$OUT/gan-$mode-$threads-$dtype.txt"
      done
    done
  done
fi
/usr/bin/python3 bench/gan_ratios.py "$OUT" bench/target/jmh-gan.json bench/target/jmh-gan-gc.json | tee bench/target/gan-ratios.md
