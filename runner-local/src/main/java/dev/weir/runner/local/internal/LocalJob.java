package dev.weir.runner.local.internal;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.task.StepCounters;
import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.StepMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A job on the local runner: a driver thread runs the attempt and records how it ended.
 */
public final class LocalJob implements PipelineResult {
  private final PipelineImpl pipeline;
  private final PhysicalPlan plan;
  private final LocalAttempt.Settings settings;
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread driver;
  private volatile State state = State.RUNNING;
  private volatile Throwable failure;
  private volatile boolean cancelRequested;
  private volatile LocalAttempt attempt;

  public LocalJob(PipelineImpl pipeline, PhysicalPlan plan, LocalAttempt.Settings settings) {
    this.pipeline = pipeline;
    this.plan = plan;
    this.settings = settings;
    this.driver = new Thread(this::drive, "weir-" + plan.jobName() + "-driver");
    this.driver.setDaemon(true);
  }

  public void start() {
    attempt = new LocalAttempt(plan, settings);
    driver.start();
  }

  private void drive() {
    try {
      LocalAttempt a = attempt;
      a.start();
      Throwable t = a.await();
      if (cancelRequested) {
        state = State.CANCELLED;
      } else if (t != null) {
        failure = t;
        state = State.FAILED;
      } else {
        state = State.DONE;
      }
    } catch (InterruptedException e) {
      attempt.cancelAll();
      state = State.CANCELLED;
    } catch (Throwable t) {
      failure = t;
      state = State.FAILED;
    } finally {
      done.countDown();
    }
  }

  @Override
  public String jobName() {
    return plan.jobName();
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public State waitUntilFinish(Duration timeout) {
    try {
      long nanos = timeout.toNanos();
      if (!done.await(nanos <= 0 ? Long.MAX_VALUE : nanos, TimeUnit.NANOSECONDS)) {
        return state;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return state;
    } catch (ArithmeticException e) {
      return waitUntilFinish();
    }
    if (state == State.FAILED) {
      throw new PipelineExecutionException(plan.jobName(), failure);
    }
    return state;
  }

  @Override
  public State waitUntilFinish() {
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return state;
    }
    if (state == State.FAILED) {
      throw new PipelineExecutionException(plan.jobName(), failure);
    }
    return state;
  }

  @Override
  public void cancel() {
    cancelRequested = true;
    LocalAttempt a = attempt;
    if (a != null) {
      a.cancelAll();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public JobMetrics metrics() {
    Map<String, long[]> sums = new LinkedHashMap<>();
    for (LogicalNode n : pipeline.nodes()) {
      if (n.kind() != LogicalNode.Kind.KEY_BY) {
        sums.put(n.name(), new long[2]);
      }
    }
    LocalAttempt a = attempt;
    if (a != null) {
      for (StepCounters c : a.counters()) {
        long[] s = sums.get(c.stepName());
        s[0] += c.recordsIn();
        s[1] += c.recordsOut();
      }
    }
    Map<String, StepMetrics> steps = new LinkedHashMap<>();
    sums.forEach((name, s) -> steps.put(name, new StepMetrics(name, s[0], s[1])));
    return new JobMetrics(steps);
  }

  /** The running attempt (for the test kit's inspection of channels). */
  public LocalAttempt currentAttempt() {
    return attempt;
  }
}
