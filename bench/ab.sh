#!/usr/bin/env bash
# Times the essay training step of two revisions side by side in one JVM (alternating windows,
# see PairedStepComparison): the way to tell whether a change made the step faster on a VM whose
# speed drifts by more than the change between two JMH runs.
#   bench/ab.sh REV_A REV_B [--mix K] [--dtype float64] [--threads 2] [--steps N] [--rounds N] [--warmup-seconds S]
# A revision is anything git rev-parse takes, or "." for the working tree as it is (uncommitted
# changes included). Each revision is checked out under bench/target/ab/<commit> and compiled
# there; the result is printed and kept in bench/target/ab-<A>-<B>.txt. Compare a revision with
# itself (bench/ab.sh HEAD HEAD) to see the spread of a null comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Maven's bundled Guava calls sun.misc.Unsafe, which JDK 25 warns about on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if [[ $# -lt 2 ]]; then
  echo "usage: bench/ab.sh REV_A REV_B [PairedStepComparison flags]" >&2
  exit 2
fi
rev_a="$1"
rev_b="$2"
shift 2

# Prints the folder holding the compiled revision $1.
checkout() {
  if [[ "$1" == "." ]]; then
    mvn -q -pl engine,gan,bench -am compile >&2
    pwd
    return
  fi
  local commit
  commit="$(git rev-parse --short "$1^{commit}")" || { echo "bench/ab.sh: not a revision: $1" >&2; exit 2; }
  local dir="bench/target/ab/$commit"
  if [[ ! -d "$dir" ]]; then
    git worktree prune
    git worktree add --detach "$dir" "$commit" >&2
  fi
  (cd "$dir" && mvn -q -pl engine,gan,bench -am compile >&2)
  echo "$PWD/$dir"
}

dir_a="$(checkout "$rev_a")"
dir_b="$(checkout "$rev_b")"
# The comparison itself runs from this working tree's bench classes (it loads neither build's).
mvn -q -pl bench -am compile
name() { [[ "$1" == "." ]] && echo worktree || git rev-parse --short "$1^{commit}"; }
out="bench/target/ab-$(name "$rev_a")-$(name "$rev_b").txt"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp bench/target/classes \
  dev.tussle.bench.PairedStepComparison --a "$dir_a" --b "$dir_b" "$@" 2>&1 \
  | grep -v -e 'incubator' -e 'KernelProvider' -e 'Tussle kernels' | tee "$out"
