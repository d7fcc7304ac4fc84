package dev.weir.runtime.time;

/**
 * A handle to a task scheduled with a {@link Scheduler}.
 *
 * <p>Cancelling is idempotent and never throws; cancelling a task that already ran, or that is
 * running right now, has no effect on that run.
 */
@FunctionalInterface
public interface Cancellable {

  /** Prevents the task from running if it has not started yet. */
  void cancel();
}
