package dev.weir.runtime.time;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * One timer slot that is re-armed for a new due time whenever its owner's plan changes.
 *
 * <p>At most one task is armed at a time: arming cancels the previous one, and re-arming for the
 * same due time keeps it. A firing that was superseded by a later {@link #armAt} or
 * {@link #disarm()} does not run its task, even if the scheduler had already started it.
 */
public final class RearmableTimer {

  private final Scheduler scheduler;
  private final Clock clock;
  private Armed armed;

  /** A timer slot on {@code scheduler}; {@code clock} turns due times into delays. */
  public RearmableTimer(Scheduler scheduler, Clock clock) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Arms {@code task} to run at {@code dueMillis} (epoch millis) unless already armed for it. */
  public synchronized void armAt(long dueMillis, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (armed != null && armed.due == dueMillis) {
      return;
    }
    disarm();
    Armed next = new Armed(dueMillis);
    armed = next;
    next.handle = scheduler.schedule(
        Duration.ofMillis(dueMillis - clock.millis()), () -> fire(next, task));
  }

  /** Cancels the armed task, if any. */
  public synchronized void disarm() {
    if (armed != null) {
      armed.handle.cancel();
      armed = null;
    }
  }

  /** Whether a task is armed. */
  public synchronized boolean isArmed() {
    return armed != null;
  }

  private void fire(Armed which, Runnable task) {
    synchronized (this) {
      if (armed != which) {
        return;
      }
      armed = null;
    }
    task.run();
  }

  private static final class Armed {
    final long due;
    Cancellable handle = () -> { };

    Armed(long due) {
      this.due = due;
    }
  }
}
