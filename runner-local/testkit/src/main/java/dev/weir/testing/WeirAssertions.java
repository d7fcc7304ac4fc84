package dev.weir.testing;

import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.StepMetrics;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.ListAssert;

/**
 * AssertJ entry points for jobs and collecting sinks.
 *
 * <pre>{@code
 * import static dev.weir.testing.WeirAssertions.assertThat;
 *
 * assertThat(result).isDone().step("split").hasRecordsIn(2).hasRecordsOut(6);
 * assertThat(sink).containsExactlyInAnyOrder("a", "b");
 * }</pre>
 */
public final class WeirAssertions {
  private WeirAssertions() {
  }

  /** Assertions on a job's state and step metrics. */
  public static JobAssert assertThat(PipelineResult result) {
    return new JobAssert(result);
  }

  /** Assertions on the committed records of a sink (any AssertJ list assertion). */
  public static <T> ListAssert<T> assertThat(CollectingSink<T> sink) {
    return new ListAssert<>(sink.results());
  }

  /** Assertions on a {@link PipelineResult}. */
  public static final class JobAssert extends AbstractAssert<JobAssert, PipelineResult> {
    JobAssert(PipelineResult actual) {
      super(actual, JobAssert.class);
    }

    /** The job finished normally. */
    public JobAssert isDone() {
      return hasState(PipelineResult.State.DONE);
    }

    /** The job is in {@code state}. */
    public JobAssert hasState(PipelineResult.State state) {
      isNotNull();
      if (actual.state() != state) {
        failWithMessage("expected job '%s' to be %s but was %s%s", actual.jobName(), state,
            actual.state(), actual.failure().map(f -> " (failure: " + f + ")").orElse(""));
      }
      return this;
    }

    /** Assertions on one step's metrics. */
    public StepAssert step(String name) {
      isNotNull();
      return new StepAssert(actual.metrics().step(name));
    }
  }

  /** Assertions on a step's metrics. */
  public static final class StepAssert extends AbstractAssert<StepAssert, StepMetrics> {
    StepAssert(StepMetrics actual) {
      super(actual, StepAssert.class);
    }

    /** The step received exactly {@code n} records. */
    public StepAssert hasRecordsIn(long n) {
      if (actual.recordsIn() != n) {
        failWithMessage("expected step '%s' to receive %s records but it received %s",
            actual.stepName(), n, actual.recordsIn());
      }
      return this;
    }

    /** The step emitted exactly {@code n} records. */
    public StepAssert hasRecordsOut(long n) {
      if (actual.recordsOut() != n) {
        failWithMessage("expected step '%s' to emit %s records but it emitted %s",
            actual.stepName(), n, actual.recordsOut());
      }
      return this;
    }
  }
}
