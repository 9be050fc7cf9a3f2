#!/usr/bin/env bash
# The CUDA path's GPU checks and figures (issue 7), in two halves:
#
#   bench/cuda-gpu.sh prepare   on a CPU machine with JDK 25 and Maven: builds the engine and
#                               its tests, and packs into .gpu/ (git-ignored) everything the GPU
#                               machine needs, which has no JDK and no Maven: a jlink'd runtime
#                               (.tgz), the engine's classes and test classes, JCuda 12.6.0 (jar
#                               and natives), the JUnit console launcher and AssertJ. ~40 MB.
#   bench/cuda-gpu.sh run       on the GPU machine (the device tool, carrying .gpu): runs
#                               CudaGpuTest (every op against the CPU), DeviceTrainerCheckMain
#                               (the --device cuda GAN and MIX+GAN trainers against the CPU ones),
#                               CudaBenchmarkMain (SGEMM vs cuBLAS, hand-chained GAN step GPU vs
#                               CPU), DeviceTrainerBenchMain (the trainers' steps, GPU vs CPU) and
#                               `tussle train --device cuda` (GAN and MIX+GAN k = 5 on ring8),
#                               writing to $OUT (or .gpu/out; run folders and JUnit reports in runs.tgz).
#
# With the device tool:  run(command="bench/cuda-gpu.sh run", carry=[".gpu"], timeout_s=600)
# Then copy $OUT/cuda-bench.md's tables into bench/RESULTS-cuda.md with the device named.
set -euo pipefail
cd "$(dirname "$0")/.."
G=.gpu
JCUDA=12.6.0
M2="${M2_REPO:-$HOME/.m2/repository}"

case "${1:-}" in
prepare)
  : "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
  mvn -q -DskipTests install
  mvn -q -pl engine,gan test-compile
  mvn -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1
  rm -rf "$G" && mkdir -p "$G/lib"
  # java.management, java.xml, jdk.unsupported: the JUnit console launcher; the rest: the engine.
  "$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,jdk.incubator.vector,java.xml,java.management,jdk.unsupported,java.desktop \
      --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$G/jdk"
  tar -C "$G" -czf "$G/jdk.tgz" jdk && rm -rf "$G/jdk"
  cp -r engine/target/classes "$G/classes"
  cp -r engine/target/test-classes "$G/test-classes"
  cp -r gan/target/classes "$G/gan-classes"
  cp -r gan/target/test-classes "$G/gan-test-classes"
  cp "$M2/org/jcuda/jcuda/$JCUDA/jcuda-$JCUDA.jar" "$M2/org/jcuda/jcuda-natives/$JCUDA/jcuda-natives-$JCUDA-linux-x86_64.jar" \
     "$M2/org/junit/platform/junit-platform-console-standalone/1.14.1/junit-platform-console-standalone-1.14.1.jar" \
     "$M2"/org/assertj/assertj-core/*/assertj-core-*.jar "$G/lib/"
  du -sh "$G"
  ;;
run)
  out="${OUT:-$G/out}"
  mkdir -p "$out"
  [ -x /tmp/tussle-jdk/bin/java ] || { mkdir -p /tmp/tussle-jdk && tar -C /tmp/tussle-jdk --strip-components=1 -xzf "$G/jdk.tgz"; }
  java=/tmp/tussle-jdk/bin/java
  cp="$G/classes:$G/test-classes:$G/gan-classes:$G/gan-test-classes:$(ls $G/lib/*.jar | grep -v console-standalone | tr '\n' ':')"
  flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss8m)
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt" || true
  ldconfig -p | grep -E 'libcuda\.so\.1|libcublas\.so' | tee -a "$out/gpu.txt" || true
  set +e
  "$java" "${flags[@]}" -jar $G/lib/junit-platform-console-standalone-1.14.1.jar execute \
      --class-path "$cp" --select-class dev.tussle.engine.cuda.CudaGpuTest --details=tree \
      --reports-dir "$out/junit" 2>&1 | tee "$out/cuda-gpu-test.txt"
  tests=${PIPESTATUS[0]}
  # Skipped (aborted) tests mean the device was not usable: that is a failure here, never a pass.
  if ! grep -Eq '\[ +0 tests aborted' "$out/cuda-gpu-test.txt" || ! grep -Eq '\[ +0 tests failed' "$out/cuda-gpu-test.txt"; then
    tests=1
  fi
  "$java" "${flags[@]}" -cp "$cp" dev.tussle.gan.train.DeviceTrainerCheckMain 500 2>&1 | tee "$out/trainer-check.txt"
  trainers=${PIPESTATUS[0]}
  "$java" "${flags[@]}" -Xmx64g -cp "$cp" dev.tussle.engine.cuda.CudaBenchmarkMain --out "$out/cuda-bench.md" "${@:2}" \
      2>&1 | tee "$out/cuda-bench.txt"
  bench=${PIPESTATUS[0]}
  "$java" "${flags[@]}" -Xmx64g -cp "$cp" dev.tussle.gan.train.DeviceTrainerBenchMain 2>&1 | tee "$out/trainer-bench.md"
  trainerBench=${PIPESTATUS[0]}
  for b in 500 65536; do
    "$java" "${flags[@]}" -cp "$cp" dev.tussle.gan.train.DeviceStepProfileMain "$b" 2>&1 | grep 'D step' \
        | tee -a "$out/trainer-bench.md"
  done
  # The command line end to end on the device: a GAN and a MIX+GAN k = 5 on the ring of 8, with
  # evaluation, plots and checkpoints (the run folders come back as runs.tgz).
  cli=0
  for mix in 1 5; do
    "$java" "${flags[@]}" -Djava.awt.headless=true -cp "$cp" dev.tussle.gan.cli.Tussle train --device cuda \
        --data ring8 --mix "$mix" --steps 3000 --eval-every 1000 --progress lines --out "$out/runs/ring8-mix$mix-cuda" \
        2>&1 | tee -a "$out/cli.txt"
    [ "${PIPESTATUS[0]}" = 0 ] || cli=1
  done
  tar -C "$out" -czf "$out/runs.tgz" runs junit && rm -rf "$out/runs" "$out/junit"
  echo "CudaGpuTest exit $tests, DeviceTrainerCheckMain exit $trainers, CudaBenchmarkMain exit $bench," \
       "DeviceTrainerBenchMain exit $trainerBench, tussle train --device cuda exit $cli"
  [ "$tests" = 0 ] && [ "$trainers" = 0 ] && [ "$bench" = 0 ] && [ "$trainerBench" = 0 ] && [ "$cli" = 0 ]
  ;;
*)
  echo "usage: bench/cuda-gpu.sh prepare | run [CudaBenchmarkMain args]" >&2
  exit 2
  ;;
esac
