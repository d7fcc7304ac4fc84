package dev.weir.testing.conformance;

import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.PipelineRunner;
import dev.weir.testing.ManualClock;
import dev.weir.testing.WeirTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How the conformance cases reach a runner: the hooks a runner's test implements or overrides
 * ({@link #runner}, {@link #newIo}, {@link #start}) and the helpers the cases share. A runner's
 * test extends {@link RunnerConformanceSuite}, which holds every case; this class and
 * {@link EventTimeConformanceCases} are its parts.
 */
public abstract class ConformanceHarness {


  /**
   * The runner under test, whose processing-time timers follow {@code processingTime} (a
   * {@link ManualClock} in the tests that drive time, else the system clock).
   */
  protected abstract PipelineRunner runner(Clock processingTime);

  /** The inputs and outputs of one run; in this JVM unless overridden. */
  protected ConformanceIo newIo() {
    return ConformanceIo.inMemory();
  }

  /**
   * Starts a case's pipeline and returns at once: by default builds it here and starts it on
   * {@link #runner}.
   *
   * @param pipeline the case's pipeline class (public, with a public no-argument constructor)
   * @param options the job's options
   * @param io from {@link #newIo()}
   * @param params the case's parameters
   * @param processingTime the clock of the job's processing-time timers
   */
  protected PipelineResult start(Class<? extends ConformancePipeline> pipeline,
      PipelineOptions options, ConformanceIo io, List<String> params, Clock processingTime) {
    return WeirTest.start(runner(processingTime), instantiate(pipeline).create(options, io, params));
  }

  /** A new instance of a case's pipeline class. */
  protected static ConformancePipeline instantiate(Class<? extends ConformancePipeline> c) {
    try {
      return c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(c.getName() + " needs a public no-argument constructor", e);
    }
  }

  protected final PipelineResult run(Class<? extends ConformancePipeline> pipeline, int parallelism,
      ConformanceIo io, String... params) {
    return run(pipeline, parallelism, io, Clock.systemUTC(), WeirTest.DEFAULT_TIMEOUT, params);
  }

  /** Like {@link WeirTest#run}: the job must be DONE within {@code timeout}. */
  protected final PipelineResult run(Class<? extends ConformancePipeline> pipeline, int parallelism,
      ConformanceIo io, Clock processingTime, Duration timeout, String... params) {
    PipelineResult result = start(pipeline, options(parallelism), io, List.of(params),
        processingTime);
    PipelineResult.State state = result.waitUntilFinish(timeout);
    if (state != PipelineResult.State.DONE) {
      result.cancel();
      throw new AssertionError("job '" + result.jobName() + "' did not finish within " + timeout
          + " (state " + state + ")");
    }
    return result;
  }

  protected static PipelineOptions options(int parallelism) {
    return PipelineOptions.defaults().withParallelism(parallelism);
  }
}
