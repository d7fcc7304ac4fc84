package dev.weir.runtime.time;

import dev.weir.sdk.spi.ManualClock;

import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} for tests: nothing runs until the test calls {@link #advance(Duration)},
 * which then runs every task that falls due, on the test's thread, in time order.
 *
 * <p>Invariants: tasks run in order of due time, ties in order of scheduling; while a task runs the
 * {@link ManualClock} shows that task's due time; a task scheduled by a running task runs in the
 * same {@code advance} if it falls due before the target time; after {@code advance} returns the
 * clock is at the target time. Not thread-safe beyond {@code schedule}: advance from one thread.
 */
public final class ManualScheduler implements Scheduler {

  private final ManualClock clock;
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long sequence;

  /** A scheduler driven by (and driving) {@code clock}. */
  public ManualScheduler(ManualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The clock this scheduler moves. */
  public ManualClock clock() {
    return clock;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(task, "task");
    long due = clock.millis() + Math.max(0L, delay.toMillis());
    Entry entry = new Entry(due, sequence++, task);
    queue.add(entry);
    return () -> cancel(entry);
  }

  /**
   * Moves the clock forward by {@code duration}, running each task that falls due on the way;
   * {@code advance(Duration.ZERO)} runs the tasks due now.
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative duration: " + duration);
    }
    long target = clock.millis() + duration.toMillis();
    Entry next;
    while ((next = pollDue(target)) != null) {
      if (next.due > clock.millis()) {
        clock.setMillis(next.due);
      }
      next.task.run();
    }
    clock.setMillis(target);
  }

  /** How many tasks are scheduled and not yet run or cancelled. */
  public synchronized int pendingTasks() {
    return queue.size();
  }

  /** The due time of the next task, or {@code -1} if none is scheduled. */
  public synchronized long nextDueMillis() {
    Entry head = queue.peek();
    return head == null ? -1L : head.due;
  }

  private synchronized Entry pollDue(long target) {
    Entry head = queue.peek();
    return head != null && head.due <= target ? queue.poll() : null;
  }

  private synchronized void cancel(Entry entry) {
    queue.remove(entry);
  }

  private static final class Entry implements Comparable<Entry> {
    final long due;
    final long seq;
    final Runnable task;

    Entry(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Entry other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(seq, other.seq);
    }
  }
}
