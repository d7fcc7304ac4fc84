package dev.weir.bench.distributed;

/**
 * <b>The slot for Weir's distributed runner.</b> Runs {@link DistributedKeyedCountJob} (the same
 * keyed count as the local {@code kafka-keyed-count}: Kafka source, {@code keyBy}, a running
 * count in {@code ValueState<Long>}, exactly-once Kafka sink) on {@code run.workers()} workers.
 *
 * <p>Not wired yet. Once {@code DistributedRunner} exists, {@link #start} becomes roughly:
 *
 * <pre>{@code
 * // start run.workers() worker processes on run.bootstrap() (each with run.shareOf(i) slots)
 * DistributedRunner runner = DistributedRunner.connect(run.bootstrap());
 * PipelineResult result = runner.submit(new DistributedKeyedCountJob(),
 *     DistributedKeyedCountJob.options(run), DistributedKeyedCountJob.args(run));
 * return new PipelineResultRunning(result,
 *     Map.of("checkpointIntervalMs", run.checkpointIntervalMs()), workers::close);
 * }</pre>
 *
 * <p>The test {@code DistributedKeyedCountTest} runs the same job on the local runner through the
 * same adapter, so only the submission above is new.
 */
public final class WeirPeer implements DistributedPeer {

  /** The message of the skipped line until the runner is wired in. */
  public static final String NOT_WIRED = "the distributed runner is not wired into the benchmark yet";

  @Override
  public String engine() {
    return "weir";
  }

  @Override
  public Running start(KeyedCountRun run) {
    throw new UnsupportedOperationException(NOT_WIRED);
  }
}
