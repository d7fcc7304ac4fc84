package dev.weir.bench.distributed;

import java.util.Map;
import java.util.Optional;

/**
 * An engine that runs the {@code distributed-keyed-count} workload against a Kafka cluster:
 * Kafka Streams ({@link KafkaStreamsPeer}) or Weir's distributed runner ({@link WeirPeer}).
 *
 * <p>The harness times every engine the same way: from just before {@link #start} until the
 * output topic, read {@code read_committed}, shows every key's final count. So an engine only
 * starts its job and stops it; it neither times nor verifies anything itself.
 */
public interface DistributedPeer {

  /** The engine's name in the result lines, e.g. {@code kafka-streams}. */
  String engine();

  /**
   * Gets ready to run {@code run}, untimed: what exists before any job is submitted, such as
   * long-running worker processes. Nothing by default (a Kafka Streams application is its job).
   */
  default void prepare(KeyedCountRun run) throws Exception {
  }

  /**
   * Starts the job on {@code run.workers()} workers and returns while it runs (timed from here).
   *
   * @throws UnsupportedOperationException if this engine cannot run yet; the harness prints a
   *     skipped line with the exception's message and goes on with the other engines
   * @throws Exception if the job cannot be started; the message names the engine and topics
   */
  Running start(KeyedCountRun run) throws Exception;

  /** A started job. {@link #close()} stops it and releases its workers. */
  interface Running extends AutoCloseable {

    /** The settings that shape the figure (e.g. {@code commitIntervalMs}), for the result line. */
    Map<String, Object> settings();

    /**
     * Whether every input record yields one output record (then the output must hold exactly
     * {@code n}); false when the engine may compact updates of a key before writing them.
     */
    default boolean writesEveryUpdate() {
      return true;
    }

    /** The failure that stopped the job, if it failed; the harness then stops waiting. */
    Optional<Throwable> failure();

    /** Stops the job and its workers; returns once they are stopped. */
    @Override
    void close() throws Exception;
  }
}
