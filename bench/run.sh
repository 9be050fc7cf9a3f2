#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the kernel benchmarks.
#   bench/run.sh quick   ~1.5 minutes: GEMM 1024² and the six GAN shapes on 1 and 2 threads, batched matmul
#                        (what bench/guard.sh checks against its baseline)
#   bench/run.sh kernels every kernel benchmark (GEMM, ND4J's GEMM when built, batched matmul, elementwise,
#                        reductions, fused linear, Box–Muller) with all the parameters and the
#                        warm-up/measurement in the classes (~30 minutes): the kernel tables of bench/RESULTS.md
#   bench/run.sh full    every benchmark and parameter with the warm-up/measurement in the classes
#   bench/run.sh measure the figures of bench/RESULTS.md (~5 minutes): GEMM 1024² and the GAN
#                        shapes, batched matmul, fused linear, Box–Muller, on 1 and 2 threads, then -prof gc
#                        (bytes per op of the GEMM, the batched matmul and the fused layer)
#   bench/run.sh jar ARGS...   just runs benchmarks.jar with JMH arguments (e.g. -prof gc GemmBenchmark)
# Results go to bench/target/jmh-<mode>.json (JMH's JSON) and to the console.
# ND4J=1 builds with the Maven profile nd4j (ND4J's GEMM as a JVM peer, ~90 MB of native libraries) and
# adds Nd4jGemmBenchmark to the quick and measure modes; bench/peers.sh then adds a Tussle/ND4J column.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
mode="${1:-quick}"
shift || true

profile=()
nd4j=()
if [[ "${ND4J:-0}" == 1 ]]; then
  profile=(-Pnd4j)
  nd4j=('\.Nd4jGemmBenchmark\.gemm$')
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -q "${profile[@]}" -pl engine,bench -am package -DskipTests
fi
JAR=bench/target/benchmarks.jar

case "$mode" in
  quick)
    exec "$JAVA" -jar "$JAR" -wi 2 -w 1s -i 3 -r 1s -f 1 \
      -p shape=1024,500x15x50,500x50x50,500x2x100,500x100x50,500x50x1,500x784x256 -p threads=1,2 \
      -rf json -rff bench/target/jmh-quick.json \
      '\.GemmBenchmark\.gemm$' 'BatchedMatmulBenchmark.bmm$' "${nd4j[@]}" "$@"
    ;;
  measure)
    "$JAVA" -jar "$JAR" -wi 3 -w 1s -i 5 -r 1s -f 1 \
      -p shape=1024,500x15x50,500x50x50,500x2x100,500x100x50,500x50x1,500x784x256 -p threads=1,2 \
      -rf json -rff bench/target/jmh-measure.json \
      '\.GemmBenchmark\.gemm$' 'BatchedMatmulBenchmark.bmm$' "${nd4j[@]}" "$@"
    "$JAVA" -jar "$JAR" -wi 3 -w 1s -i 5 -r 1s -f 1 -p shape=500x15x50,500x50x50,500x784x256 \
      -rf json -rff bench/target/jmh-fused.json 'FusedLinearBenchmark.(fused|unfused)' "$@"
    "$JAVA" -jar "$JAR" -wi 3 -w 1s -i 5 -r 1s -f 1 \
      -rf json -rff bench/target/jmh-gaussian.json 'GaussianBenchmark' "$@"
    exec "$JAVA" -jar "$JAR" -wi 3 -w 1s -i 3 -r 1s -f 1 -prof gc \
      -p shape=1024,500x50x50 -p threads=1,2 \
      -rf json -rff bench/target/jmh-gc.json '\.GemmBenchmark\.gemm$' 'BatchedMatmulBenchmark.bmm$' \
      'FusedLinearBenchmark.fused$' "$@"
    ;;
  kernels)
    exec "$JAVA" -jar "$JAR" -rf json -rff bench/target/jmh-kernels.json \
      '\.(Nd4j)?GemmBenchmark\.' 'BatchedMatmulBenchmark' 'ElementwiseBenchmark' 'ReductionBenchmark' \
      'FusedLinearBenchmark' 'GaussianBenchmark' "$@"
    ;;
  full)
    exec "$JAVA" -jar "$JAR" -rf json -rff bench/target/jmh-full.json "$@"
    ;;
  jar)
    exec "$JAVA" -jar "$JAR" "$@"
    ;;
  *)
    echo "usage: bench/run.sh [quick|measure|kernels|full|jar JMH-ARGS...]" >&2
    exit 2
    ;;
esac
