package dev.weir.bench.distributed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one engine is asked to run in the {@code distributed-keyed-count} workload: count the
 * records of {@code inputTopic} per key and write every updated count to {@code outputTopic}
 * (key: the record's key, value: the count in decimal, both UTF-8), exactly once.
 *
 * @param runId unique per harness run; engines derive their application ids, group ids and
 *     transactional ids from it
 * @param bootstrap the Kafka cluster's bootstrap servers
 * @param inputTopic holds the workload's {@code n} records, already written, {@code p} partitions
 * @param outputTopic exists, empty, {@code p} partitions
 * @param n records in the input
 * @param k distinct keys
 * @param p total parallelism: partitions, and stream threads or subtasks over all workers
 * @param workers worker processes (or instances) sharing the parallelism
 * @param checkpointIntervalMs Weir's checkpoint interval (its exactly-once sink commits at
 *     checkpoints); Kafka Streams commits every {@code commit.interval.ms} instead
 * @param stateDir an empty directory for the engine's local state
 */
public record KeyedCountRun(String runId, String bootstrap, String inputTopic, String outputTopic,
    long n, long k, int p, int workers, long checkpointIntervalMs, Path stateDir) {

  /** Checks the values. */
  public KeyedCountRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(inputTopic, "inputTopic");
    Objects.requireNonNull(outputTopic, "outputTopic");
    Objects.requireNonNull(stateDir, "stateDir");
    if (n < 0 || k < 1 || p < 1 || workers < 1 || workers > p || checkpointIntervalMs < 1) {
      throw new IllegalArgumentException("distributed-keyed-count needs --n >= 0, --k >= 1, "
          + "1 <= --workers <= --p and --checkpoint-interval >= 1; got n=" + n + " k=" + k
          + " p=" + p + " workers=" + workers + " checkpointIntervalMs=" + checkpointIntervalMs);
    }
  }

  /** How many of the {@code p} threads or subtasks worker {@code index} runs (spread evenly). */
  public int shareOf(int index) {
    return p / workers + (index < p % workers ? 1 : 0);
  }
}
