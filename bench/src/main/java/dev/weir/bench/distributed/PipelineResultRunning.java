package dev.weir.bench.distributed;

import dev.weir.sdk.PipelineResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Weir job started for the benchmark, seen through its {@link PipelineResult}: what a peer
 * that submits the job to a Weir runner returns from {@link DistributedPeer#start}. Its failure
 * is the job's; closing it cancels the job if it still runs and waits until it has stopped.
 */
public final class PipelineResultRunning implements DistributedPeer.Running {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final PipelineResult result;
  private final Map<String, Object> settings;
  private final AutoCloseable afterStop;

  /**
   * @param result the started job
   * @param settings what shapes the figure, for the result line (e.g. {@code checkpointIntervalMs})
   * @param afterStop released once the job has stopped (e.g. the workers); may be a no-op
   */
  public PipelineResultRunning(PipelineResult result, Map<String, Object> settings, AutoCloseable afterStop) {
    this.result = Objects.requireNonNull(result, "result");
    this.settings = new LinkedHashMap<>(settings);
    this.afterStop = Objects.requireNonNull(afterStop, "afterStop");
  }

  @Override
  public Map<String, Object> settings() {
    return settings;
  }

  @Override
  public Optional<Throwable> failure() {
    return result.state() == PipelineResult.State.FAILED
        ? Optional.of(result.failure().orElseGet(() -> new IllegalStateException(
            "job " + result.jobName() + " failed without a recorded cause")))
        : Optional.empty();
  }

  @Override
  public void close() throws Exception {
    try (afterStop) {
      if (result.state().isTerminal()) {
        return;
      }
      result.cancel();
      PipelineResult.State end = result.waitUntilFinish(STOP_TIMEOUT);
      if (!end.isTerminal()) {
        throw new IllegalStateException("job " + result.jobName() + " did not stop within "
            + STOP_TIMEOUT.toSeconds() + " s of its cancel (state " + end + ")");
      }
    }
  }
}
