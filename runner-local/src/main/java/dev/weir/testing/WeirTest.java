package dev.weir.testing;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineResult;
import java.time.Duration;

/**
 * Runs a pipeline to its end on the {@link LocalRunner}, for tests.
 *
 * <pre>{@code
 * PipelineResult result = WeirTest.run(pipeline);
 * assertThat(result.metrics().step("split").recordsOut()).isEqualTo(6);
 * }</pre>
 */
public final class WeirTest {
  /** How long {@link #run(Pipeline)} waits before it cancels the job and fails. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private WeirTest() {
  }

  /**
   * Runs a bounded pipeline with a default {@link LocalRunner} and waits until it is DONE.
   *
   * @throws dev.weir.sdk.PipelineExecutionException if the job failed
   * @throws AssertionError if it did not finish within {@link #DEFAULT_TIMEOUT}
   */
  public static PipelineResult run(Pipeline pipeline) {
    return run(LocalRunner.create(), pipeline, DEFAULT_TIMEOUT);
  }

  /** Runs with the given runner and time limit; see {@link #run(Pipeline)}. */
  public static PipelineResult run(LocalRunner runner, Pipeline pipeline, Duration timeout) {
    PipelineResult result = runner.run(pipeline);
    PipelineResult.State state = result.waitUntilFinish(timeout);
    if (state != PipelineResult.State.DONE) {
      result.cancel();
      throw new AssertionError("job '" + result.jobName() + "' did not finish within " + timeout
          + " (state " + state + "); is a source unbounded?");
    }
    return result;
  }
}
