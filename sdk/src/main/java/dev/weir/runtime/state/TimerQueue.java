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
  private Set<Timer> changed = new HashSet<>();

  /** A timer change for an incremental snapshot: registered ({@code live}) or gone. */
  public record Change(Timer timer, boolean live) {
  }

  /** Registers a timer; returns false when it was already registered. */
  public boolean register(long timestamp, Object key, int keyGroup) {
    Timer t = new Timer(timestamp, key, keyGroup);
    if (live.add(t)) {
      queue.add(t);
      changed.add(t);
      return true;
    }
    return false;
  }

  /** Deletes a timer; no-op when absent. */
  public void delete(long timestamp, Object key, int keyGroup) {
    Timer t = new Timer(timestamp, key, keyGroup);
    if (live.remove(t)) {
      changed.add(t);
    }
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
    changed.add(t);
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

  /** The timers changed since the previous call, and whether each is still pending. */
  public java.util.List<Change> takeChanges() {
    java.util.List<Change> out = new java.util.ArrayList<>(changed.size());
    for (Timer t : changed) {
      out.add(new Change(t, live.contains(t)));
    }
    changed = new HashSet<>();
    return out;
  }

  /** Timers changed since the last snapshot. */
  public int changedCount() {
    return changed.size();
  }

  /** Marks every pending timer as changed (the next snapshot is a full one). */
  public void markAllChanged() {
    changed.addAll(live);
  }

  /** Adds a restored timer without marking it changed. */
  public void restore(long timestamp, Object key, int keyGroup, boolean isLive) {
    Timer t = new Timer(timestamp, key, keyGroup);
    if (isLive) {
      if (live.add(t)) {
        queue.add(t);
      }
    } else {
      live.remove(t);
    }
  }

  public int size() {
    return live.size();
  }
}
