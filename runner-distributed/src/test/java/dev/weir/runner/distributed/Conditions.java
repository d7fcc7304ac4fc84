package dev.weir.runner.distributed;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline (the tests' only way to wait). */
final class Conditions {
  private Conditions() {
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(20_000_000);
    }
  }

  /** Waits until the job completed a checkpoint after {@code after} (or ended). */
  static long awaitCheckpointAfter(DistributedJob job, long after, Duration timeout) {
    await(() -> job.state().isTerminal() || job.latestCheckpointId() > after, timeout,
        "job " + job.jobName() + " to complete a checkpoint after " + after);
    return job.latestCheckpointId();
  }
}
