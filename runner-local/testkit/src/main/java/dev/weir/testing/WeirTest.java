package dev.weir.testing;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.PipelineRunner;
import dev.weir.sdk.PipelineRunnerProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Runs a pipeline to its end, for tests, on the runner found on the class path (the local
 * runner of {@code weir-runner-local}) or on a runner you pass.
 *
 * <pre>{@code
 * PipelineResult result = WeirTest.run(pipeline);
 * assertThat(result.metrics().step("split").recordsOut()).isEqualTo(6);
 *
 * LocalRunner runner = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build();
 * WeirTest.run(runner, pipeline, Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>The test kit depends on the API only: {@link #run(Pipeline)} finds the runner through
 * {@link PipelineRunnerProvider} with {@link ServiceLoader}. Without a runner on the class path
 * it fails with an error that names the artifact to add.
 */
public final class WeirTest {
  /** How long {@link #run(Pipeline)} waits before it cancels the job and fails. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The artifact that brings the default runner, for the error when none is found. */
  static final String RUNNER_ARTIFACT = "dev.weir:weir-runner-local";

  private WeirTest() {
  }

  /**
   * Runs a bounded pipeline on a default runner and waits until it is DONE.
   *
   * @throws dev.weir.sdk.PipelineExecutionException if the job failed
   * @throws AssertionError if it did not finish within {@link #DEFAULT_TIMEOUT}
   * @throws IllegalStateException if no runner (or more than one) is on the class path
   */
  public static PipelineResult run(Pipeline pipeline) {
    return run(defaultRunner(), pipeline, DEFAULT_TIMEOUT);
  }

  /** Runs with the given runner and time limit; see {@link #run(Pipeline)}. */
  public static PipelineResult run(PipelineRunner runner, Pipeline pipeline, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    PipelineResult result = start(runner, pipeline);
    PipelineResult.State state = result.waitUntilFinish(timeout);
    if (state != PipelineResult.State.DONE) {
      result.cancel();
      throw new AssertionError("job '" + result.jobName() + "' did not finish within " + timeout
          + " (state " + state + "); is a source unbounded?");
    }
    return result;
  }

  /**
   * Starts a pipeline and returns at once, for jobs a test drives while they run (a
   * {@link PushSource}, a {@link ManualClock}); the test waits for the result itself. Counts as
   * running the pipeline for {@link WeirExtension}.
   */
  public static PipelineResult start(PipelineRunner runner, Pipeline pipeline) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(pipeline, "pipeline");
    RunLog.ran(pipeline);
    return runner.run(pipeline);
  }

  /**
   * Waits until {@code condition} holds, checking every millisecond, for a test that drives a
   * running job (records pushed, a clock advanced) and waits for the job to react.
   *
   * @param what the condition in words, for the failure message
   * @throws AssertionError if it does not hold within {@code timeout}
   */
  public static void await(String what, java.util.function.BooleanSupplier condition,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while waiting until " + what);
      }
    }
  }

  /** {@link #await(String, java.util.function.BooleanSupplier, Duration)} for 30 seconds. */
  public static void await(java.util.function.BooleanSupplier condition) {
    await("the condition", condition, Duration.ofSeconds(30));
  }

  /**
   * A new runner with default settings from the one {@link PipelineRunnerProvider} on the class
   * path.
   *
   * @throws IllegalStateException if there is none, or more than one
   */
  public static PipelineRunner defaultRunner() {
    List<PipelineRunnerProvider> providers = new ArrayList<>();
    ServiceLoader.load(PipelineRunnerProvider.class).forEach(providers::add);
    return select(providers).create();
  }

  /** The one provider, or an error that says what to add or pass. */
  static PipelineRunnerProvider select(List<PipelineRunnerProvider> providers) {
    if (providers.isEmpty()) {
      throw new IllegalStateException("no Weir runner on the class path: add the dependency "
          + RUNNER_ARTIFACT + " (test scope is enough), or pass a runner to "
          + "WeirTest.run(runner, pipeline, timeout)");
    }
    if (providers.size() > 1) {
      List<String> names = new ArrayList<>();
      providers.forEach(p -> names.add(p.name() + " (" + p.getClass().getName() + ")"));
      throw new IllegalStateException("several Weir runners on the class path: " + names
          + "; pass the one to use to WeirTest.run(runner, pipeline, timeout)");
    }
    return providers.get(0);
  }
}
