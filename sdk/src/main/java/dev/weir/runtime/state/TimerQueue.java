package dev.weir.runtime.state;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The pending timers of one time domain of one keyed subtask: at most one timer per
 * (key, timestamp), fired in timestamp order. Deletion is lazy: a deleted timer stays in the
 * queue until it reaches the head and is skipped there.
 *
 * <p>Not thread-safe: used by the task thread only.
 */
public final class TimerQueue {

  /** One timer of one key. */
  public record Timer(long timestamp, Object key, int keyGroup) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Timer t && t.timestamp == timestamp && t.key.equals(key);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(timestamp) * 31 + key.hashCode();
    }
  }

  private final PriorityQueue<Timer> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.timestamp, b.timestamp));
  private final Set<Timer> live = new HashSet<>();

  /** Registers a timer; returns false when it was already registered. */
  public boolean register(long timestamp, Object key, int keyGroup) {
    Timer t = new Timer(timestamp, key, keyGroup);
    if (live.add(t)) {
      queue.add(t);
      return true;
    }
    return false;
  }

  /** Deletes a timer; no-op when absent. */
  public void delete(long timestamp, Object key, int keyGroup) {
    live.remove(new Timer(timestamp, key, keyGroup));
  }

  /** The earliest live timestamp, or {@code Long.MAX_VALUE}. */
  public long nextTimestamp() {
    Timer t = peekLive();
    return t == null ? Long.MAX_VALUE : t.timestamp;
  }

  /** Removes and returns the earliest live timer due at {@code time}, or {@code null}. */
  public Timer pollDue(long time) {
    Timer t = peekLive();
    if (t == null || t.timestamp > time) {
      return null;
    }
    queue.poll();
    live.remove(t);
    return t;
  }

  private Timer peekLive() {
    Timer t;
    while ((t = queue.peek()) != null && !live.contains(t)) {
      queue.poll();
    }
    return t;
  }

  /** The live timers, in no particular order (for snapshots). */
  public Set<Timer> timers() {
    return live;
  }

  public int size() {
    return live.size();
  }
}
