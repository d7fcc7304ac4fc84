/**
 * The benchmark harness behind {@code weir bench}: the keyed-count workloads on the local runner
 * ({@link dev.weir.examples.bench.KeyedCountBench}), the Kafka keyed count
 * ({@link dev.weir.examples.bench.KafkaKeyedCountBench}) and their result lines
 * ({@link dev.weir.examples.bench.BenchResult}). Not API: it lives in the unpublished bench
 * module, whose class path holds what the harness needs at run time (the test kit's fault
 * injection, the embedded broker), so that the examples need neither outside their tests.
 *
 * <p>The package keeps the name it had in the examples module so that the distributed
 * benchmark ({@code dev.weir.bench.distributed}) compiles unchanged; renaming it (to
 * {@code dev.weir.bench.harness}) is a mechanical follow-up.
 */
package dev.weir.examples.bench;
