package dev.weir.runtime.time;

import java.time.Duration;

/**
 * Runs a task once after a delay; the only way protocol code defers work.
 *
 * <p>Protocol classes take a {@code Scheduler} (and a {@link java.time.Clock}) as constructor
 * arguments and never create threads or read the system time, so tests drive them with a
 * {@link ManualScheduler} and production with a {@link SystemScheduler}.
 *
 * <h2>Threading</h2>
 * Tasks may run on a thread other than the caller's (the system scheduler has one timer thread).
 * A caller whose state is touched by a task must guard that state, e.g. with one lock.
 */
public interface Scheduler {

  /**
   * Schedules {@code task} to run once, {@code delay} from now. A zero or negative delay means
   * "as soon as possible", never synchronously inside this call.
   *
   * @return a handle that prevents the run if cancelled first
   */
  Cancellable schedule(Duration delay, Runnable task);
}
