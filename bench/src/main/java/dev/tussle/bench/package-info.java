/**
 * JMH benchmarks of the engine's kernels, one class per kernel family. Build with
 * {@code mvn -pl engine,bench -am package -DskipTests} and run {@code bench/run.sh}. This module
 * has no {@code module-info.java}: JMH's generated harness classes and its runner discover
 * benchmarks from the class path ({@code META-INF/BenchmarkList}) of the shaded
 * {@code benchmarks.jar}, and the shade plugin drops the merged jars' module descriptors.
 */
package dev.tussle.bench;
